// "Use this model": the trainer's model as it stands (mid-run, paused or finished) becomes the reader's stored model,
// in Hugging Face's GPT-2 layout, and the page-wide choice of every model widget of the book (model-picker/).
import { useState } from 'preact/hooks';
import { addModel } from '../model-picker/choice.ts';
import type { ModelFiles } from '../../worker/model-store.ts';
import type { TrainRequest } from './protocol.ts';

interface Props {
  request: TrainRequest | null; // the run's settings, for the model's name
  canUse: boolean; // some training has happened and the run is still there
  exportModel: () => Promise<{ files: ModelFiles; step: number } | string>;
}

/** "my model (book-tiny shape, counting, 300 steps)": one name per shape, text and length, so a rerun replaces it. */
export function modelName(request: TrainRequest, step: number): string {
  const shape = request.preset === 'tiny' ? 'book-tiny' : request.preset;
  const source = request.source;
  const text = source.kind === 'counting' ? 'counting' : source.kind === 'pasted' ? 'pasted text' : source.label.replace(/^Brown Corpus sample: /, '');
  return `my model (${shape} shape, ${text}, ${step.toLocaleString('en-US')} steps)`;
}

export default function UseModel({ request, canUse, exportModel }: Props) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; alert: boolean } | null>(null);

  async function use() {
    if (!request) return;
    setBusy(true);
    setMessage({ text: 'Storing the model…', alert: false });
    const exported = await exportModel();
    const out = typeof exported === 'string' ? { ok: false, text: exported } : await addModel(modelName(request, exported.step), exported.files);
    setMessage({ text: out.text, alert: !out.ok });
    setBusy(false);
  }

  return (
    <div class="trainer__use">
      <button type="button" onClick={() => void use()} disabled={!canUse || busy}>
        Use this model
      </button>
      {message && (
        <p class={message.alert ? 'trainer__use-error' : 'trainer__use-note'} role={message.alert ? 'alert' : 'status'} data-testid="trainer-use-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
