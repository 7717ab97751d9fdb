// The trainer's form: which text, which model size, and the run's hyperparameters. Controlled by the
// widget; disabled while a run is going (Reset first to change them).
import { useEffect, useId, useState } from 'preact/hooks';
import { MAX_TEXT_BYTES } from './data.ts';
import { formatMB, LIMITS, presetMemory, TRAINER_PRESETS } from './presets.ts';

export const SAMPLES = [
  { id: 'news', label: 'Brown Corpus sample: news' },
  { id: 'fiction', label: 'Brown Corpus sample: adventure fiction' },
  { id: 'science', label: 'Brown Corpus sample: science writing' },
] as const;

export interface FormState {
  text: string; // 'counting', a SAMPLES id, or 'pasted'
  pasted: string;
  preset: string;
  learningRate: string;
  batch: string;
  steps: string;
  seed: string;
  threads: string;
}

interface Props {
  form: FormState;
  disabled: boolean;
  onChange(next: Partial<FormState>): void;
}

export function TrainerSettings({ form, disabled, onChange }: Props) {
  const id = useId();
  const field = (key: 'learningRate' | 'batch' | 'steps' | 'seed', label: string, step: string) => (
    <div class="trainer__field">
      <label for={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        inputMode="decimal"
        min={LIMITS[key].min}
        max={LIMITS[key].max}
        step={step}
        value={form[key]}
        disabled={disabled}
        onInput={(e) => onChange({ [key]: (e.target as HTMLInputElement).value })}
      />
    </div>
  );
  return (
    <fieldset class="trainer__settings" disabled={disabled}>
      <legend>What to train</legend>
      <div class="trainer__field trainer__field--wide">
        <label for={`${id}-text`}>Text</label>
        <select id={`${id}-text`} value={form.text} onChange={(e) => onChange({ text: (e.target as HTMLSelectElement).value })}>
          <option value="counting">Counting numbers (learns within a minute)</option>
          {SAMPLES.map((s) => (
            <option value={s.id}>{s.label}</option>
          ))}
          <option value="pasted">Your own text (paste it below)</option>
        </select>
      </div>
      {form.text === 'pasted' && (
        <div class="trainer__field trainer__field--wide">
          <label for={`${id}-pasted`}>Your text (up to {MAX_TEXT_BYTES.toLocaleString('en-US')} bytes; it stays in this tab)</label>
          <textarea id={`${id}-pasted`} rows={5} value={form.pasted} onInput={(e) => onChange({ pasted: (e.target as HTMLTextAreaElement).value })} />
        </div>
      )}
      <div class="trainer__field trainer__field--wide">
        <label for={`${id}-preset`}>Model size</label>
        <select id={`${id}-preset`} value={form.preset} onChange={(e) => onChange({ preset: (e.target as HTMLSelectElement).value })}>
          {Object.entries(TRAINER_PRESETS).map(([key, p]) => (
            <option value={key}>{p.label}</option>
          ))}
        </select>
      </div>
      {field('learningRate', 'Learning rate', '0.0005')}
      {field('batch', 'Batch (windows per step)', '1')}
      <MemoryNote preset={form.preset} batch={Number(form.batch)} />
      {field('steps', 'Steps', '100')}
      {field('seed', 'Seed', '1')}
      <div class="trainer__field">
        <label for={`${id}-threads`}>Threads</label>
        <select id={`${id}-threads`} aria-describedby={`${id}-threads-note`} value={form.threads} onChange={(e) => onChange({ threads: (e.target as HTMLSelectElement).value })}>
          {Array.from({ length: LIMITS.threads.max }, (_, i) => String(i + 1)).map((n) => (
            <option value={n}>{n}</option>
          ))}
        </select>
      </div>
      <ThreadsNote id={`${id}-threads-note`} />
    </fieldset>
  );
}

/** What the chosen size and batch need in memory, estimated (src/llm/train-memory.ts). */
function MemoryNote({ preset, batch }: { preset: string; batch: number }) {
  if (!Object.hasOwn(TRAINER_PRESETS, preset) || !Number.isInteger(batch) || batch < LIMITS.batch.min || batch > LIMITS.batch.max) return null;
  const bytes = presetMemory(preset, batch);
  return (
    <p class="trainer__memory" data-testid="trainer-memory" data-bytes={bytes}>
      Memory for training: about {formatMB(bytes)}
    </p>
  );
}

/** How many cores the browser reports, so the reader can match the threads to them. */
function ThreadsNote({ id }: { id: string }) {
  const [cores, setCores] = useState<number | null>(null);
  useEffect(() => setCores(navigator.hardwareConcurrency || null), []);
  return (
    <p class="trainer__memory" id={id}>
      Each thread trains on part of every batch (on WASM or CPU; a GPU uses one).{cores ? ` This device reports ${cores} logical ${cores === 1 ? 'core' : 'cores'}.` : ''}
    </p>
  );
}
