// The one model picker every model widget shows beside its backend line: the book's model or one of the reader's
// own (trained in chapter 7, or loaded from a folder on disk), for every widget on the page at once. A labelled
// native <select>; the reader's files (download, load a folder, remove) sit in a <details> under it.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { isStoredModel, modelLabel, type ModelFiles } from '../../worker/model-store.ts';
import { addModel, choose, modelFiles, removeModel, type Message } from './choice.ts';
import { MODEL_FILE_NAMES, readModelFolder, type PickedFile } from './folder.ts';
import type { ModelChoice } from './useModelChoice.ts';
import '../../styles/model-picker.css';

interface Link {
  name: string;
  url: string;
}

/** One download link per file (a browser asks before several downloads start from one click). */
function fileLinks(files: ModelFiles): Link[] {
  const body: Record<string, BlobPart> = { 'config.json': files.config, 'model.safetensors': files.weights.slice().buffer, 'tokenizer.json': files.tokenizer };
  return MODEL_FILE_NAMES.map((name) => ({
    name,
    url: URL.createObjectURL(new Blob([body[name]], { type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' })),
  }));
}

export default function ModelPicker({ choice }: { choice: ModelChoice }) {
  const id = useId();
  const folderInput = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState<Message | null>(null); // news of an action taken in this picker
  const [busy, setBusy] = useState(false);
  const [links, setLinks] = useState<{ model: string; files: Link[] } | null>(null);
  useEffect(() => () => links?.files.forEach((l) => URL.revokeObjectURL(l.url)), [links]);
  const { state, shipped, model } = choice;
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);
  const chosen = model !== null && isStoredModel(model) ? model : null;
  const message = local ?? state?.message ?? null;

  async function load(input: HTMLInputElement) {
    const picked = [...(input.files ?? [])] as PickedFile[];
    input.value = '';
    if (picked.length === 0) return;
    setBusy(true);
    setLocal({ text: 'Checking the files…', alert: false });
    const read = await readModelFolder(picked);
    const out = typeof read === 'string' ? { ok: false as const, text: read } : await addModel(read.name, read.files);
    setLocal(out.ok ? null : { text: out.text, alert: true });
    setBusy(false);
  }

  async function save() {
    if (!chosen) return;
    const files = await modelFiles(chosen);
    if (!files) return setLocal({ text: `“${modelLabel(chosen)}” is no longer stored in this browser.`, alert: true });
    setLinks({ model: chosen, files: fileLinks(files) });
  }

  return (
    <div class="model-picker" data-testid="model-picker" data-model={model ?? ''}>
      <div class="model-picker__choice">
        <label for={`${id}-model`}>Model</label>
        <select
          id={`${id}-model`}
          value={chosen ?? ''}
          disabled={state === null || busy}
          onChange={(e) => {
            setLocal(null);
            choose((e.target as HTMLSelectElement).value || null);
          }}
        >
          <option value="">{shipped} (the book's model)</option>
          {state?.stored.map((m) => (
            <option key={m.name} value={`stored:${m.name}`}>
              {m.name}
              {m.memory ? ' (this page only)' : ''}
            </option>
          ))}
        </select>
      </div>
      <details class="model-picker__files">
        <summary>Your own models</summary>
        <p class="model-picker__hint">
          Train one in chapter 7 and press “Use this model”, or load a folder with config.json, model.safetensors and
          tokenizer.json (GPT-2's own files work too, if slowly).
        </p>
        <div class="model-picker__actions">
          <button type="button" disabled={!chosen || busy} onClick={() => void save()}>
            Download its files
          </button>
          <button type="button" disabled={!chosen || busy} onClick={() => chosen && void removeModel(chosen).then(() => setLocal(null))}>
            Remove it
          </button>
        </div>
        {links && links.model === chosen && (
          <p class="model-picker__links" data-testid="model-picker-links">
            Files of “{modelLabel(links.model)}”:{' '}
            {links.files.map((l, i) => (
              <span key={l.name}>
                {i > 0 ? ', ' : ''}
                <a href={l.url} download={l.name}>
                  {l.name}
                </a>
              </span>
            ))}
          </p>
        )}
        <label class="model-picker__file">
          Load a model folder
          <input ref={folderInput} type="file" multiple disabled={busy} onChange={(e) => void load(e.target as HTMLInputElement)} />
        </label>
        <label class="model-picker__file">
          Or pick its three files
          <input type="file" multiple accept=".json,.safetensors" disabled={busy} onChange={(e) => void load(e.target as HTMLInputElement)} />
        </label>
      </details>
      {message && (
        <p class={`model-picker__message${message.alert ? ' model-picker__message--error' : ''}`} role={message.alert ? 'alert' : 'status'} data-testid="model-picker-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
