// Chapter 7's trainer: train a tiny GPT in this tab, in its own worker, with the same src/llm training code
// as `npm run train`; live loss curves (and their table), speed, and a sample from a fixed prompt.
import { useEffect, useState } from 'preact/hooks';
import { HeadPattern } from './HeadPattern.tsx';
import { LossChart } from './LossChart.tsx';
import { LossTable } from './LossTable.tsx';
import { checkText } from './data.ts';
import { checkRequest, DEFAULT_REQUEST, defaultThreads } from './presets.ts';
import type { TextSource, TrainRequest } from './protocol.ts';
import { SAMPLES, TrainerSettings, type FormState } from './TrainerSettings.tsx';
import UseModel from './UseModel.tsx';
import { useTrainer, type TrainerView } from './useTrainer.ts';

const FIRST_FORM: FormState = {
  text: 'counting',
  pasted: '',
  preset: DEFAULT_REQUEST.preset,
  learningRate: String(DEFAULT_REQUEST.learningRate),
  batch: String(DEFAULT_REQUEST.batch),
  steps: String(DEFAULT_REQUEST.steps),
  seed: String(DEFAULT_REQUEST.seed),
  threads: String(DEFAULT_REQUEST.threads), // until the page knows the reader's cores (see the effect below)
};

/** The form as a request, or the reader's message for what is wrong with it. */
function toRequest(form: FormState, base: string): TrainRequest | string {
  const numbers = { preset: form.preset, learningRate: Number(form.learningRate), batch: Number(form.batch), steps: Number(form.steps), seed: Number(form.seed), threads: Number(form.threads) };
  const problem = checkRequest(numbers);
  if (problem) return problem;
  let source: TextSource = { kind: 'counting' };
  if (form.text === 'pasted') {
    const bad = checkText(form.pasted, 2000);
    if (bad) return bad;
    source = { kind: 'pasted', text: form.pasted };
  } else if (form.text !== 'counting') {
    const sample = SAMPLES.find((s) => s.id === form.text);
    if (!sample) return `Unknown text "${form.text}".`;
    source = { kind: 'sample', url: `${base}trainer/${sample.id}.txt`, label: sample.label };
  }
  return { ...numbers, source };
}

export default function TrainerWidget() {
  const [form, setForm] = useState(FIRST_FORM);
  const [problem, setProblem] = useState('');
  const [request, setRequest] = useState<TrainRequest | null>(null); // the run's, for "Use this model"
  const trainer = useTrainer();
  // The core count is the reader's, not the build machine's: read it after hydration.
  useEffect(() => setForm((f) => ({ ...f, threads: String(defaultThreads()) })), []);
  const { view } = trainer;
  const running = view.phase === 'preparing' || view.phase === 'training' || view.phase === 'paused';
  const start = () => {
    const request = toRequest(form, import.meta.env.BASE_URL);
    if (typeof request === 'string') return setProblem(request);
    setProblem('');
    setRequest(request);
    trainer.train(request);
  };
  return (
    <div class="nt-island trainer not-content" data-testid="trainer" data-phase={view.phase}>
      <TrainerSettings form={form} disabled={running} onChange={(next) => setForm({ ...form, ...next })} />
      <div class="trainer__buttons">
        <button type="button" onClick={start} disabled={running}>
          Train
        </button>
        {view.phase === 'paused' ? (
          <button type="button" onClick={trainer.resume}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={trainer.pause} disabled={view.phase !== 'training'}>
            Pause
          </button>
        )}
        <button type="button" onClick={trainer.reset} disabled={view.phase === 'idle'}>
          Reset
        </button>
      </div>
      <UseModel request={request} canUse={view.step > 0 && ['training', 'paused', 'done'].includes(view.phase)} exportModel={trainer.exportModel} />
      <p role="status" class="trainer__status" data-testid="trainer-status">
        {problem || statusLine(view)}
      </p>
      {view.info && <RunFacts view={view} />}
      <LossChart train={view.train} heldOut={view.heldOut} steps={view.steps} />
      {view.sample && view.info && (
        <div class="trainer__sample">
          <p>
            Sample after step {view.sample.step.toLocaleString('en-US')}, continuing “{view.info.prompt}”:
          </p>
          <pre data-testid="trainer-sample">{view.info.prompt + view.sample.text}</pre>
        </div>
      )}
      {view.pattern && <HeadPattern pattern={view.pattern} />}
      <LossTable train={view.train} heldOut={view.heldOut} />
    </div>
  );
}

function RunFacts({ view }: { view: TrainerView }) {
  const info = view.info!;
  const threads = info.backend.detail ? ` (${info.backend.detail})` : '';
  return (
    <p class="trainer__facts" data-testid="trainer-facts">
      Step {view.step.toLocaleString('en-US')} of {view.steps.toLocaleString('en-US')} · {Math.round(view.tokensPerSecond).toLocaleString('en-US')} tokens/s ·{' '}
      {formatTime(view.elapsed)} elapsed · {info.parameters.toLocaleString('en-US')} parameters, {info.vocab} tokens in the vocabulary · on{' '}
      {info.backend.name.toUpperCase()}
      {threads}
    </p>
  );
}

function statusLine(view: TrainerView): string {
  const last = view.heldOut.at(-1);
  const held = last ? `held-out loss ${last.loss.toFixed(3)}` : '';
  switch (view.phase) {
    case 'idle':
      return 'Pick a text and press Train.';
    case 'preparing':
      return view.message;
    case 'training':
      return 'Training…';
    case 'paused':
      return `Paused at step ${view.step.toLocaleString('en-US')}${held ? `; ${held}` : ''}.`;
    case 'done':
      return `Done: ${held} after ${view.step.toLocaleString('en-US')} steps.`;
    case 'error':
      return view.message;
  }
}

function formatTime(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
