// What the trainer island knows: its worker (created on Train, terminated on Reset, so Reset always acts
// at once and frees everything), the phase, the run's facts and the loss history. Draws nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ModelFiles } from '../../worker/model-store.ts';
import type { FromTrainer, HeadPattern, LossPoint, RunInfo, TrainRequest } from './protocol.ts';

type Phase = 'idle' | 'preparing' | 'training' | 'paused' | 'done' | 'error';

export interface TrainerView {
  phase: Phase;
  message: string; // preparing step or error, in the reader's words
  info: RunInfo | null;
  train: LossPoint[];
  heldOut: LossPoint[];
  step: number;
  steps: number;
  tokensPerSecond: number;
  elapsed: number;
  sample: { step: number; text: string } | null;
  pattern: HeadPattern | null; // the newest picture of one attention head
}

const IDLE: TrainerView = { phase: 'idle', message: '', info: null, train: [], heldOut: [], step: 0, steps: 0, tokensPerSecond: 0, elapsed: 0, sample: null, pattern: null };

/** Most training-loss points kept for the chart; older ones are thinned to every other one. */
const MAX_POINTS = 600;

export function useTrainer() {
  const [view, setView] = useState<TrainerView>(IDLE);
  const worker = useRef<Worker | null>(null);
  const exporting = useRef<((out: { files: ModelFiles; step: number } | string) => void) | null>(null);
  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
    exporting.current?.('The training run was reset.');
    exporting.current = null;
  };
  useEffect(() => stop, []);

  const onMessage = (m: FromTrainer) => {
    if (m.type === 'exported' || m.type === 'export-failed') {
      exporting.current?.(m.type === 'exported' ? { files: m.files, step: m.step } : m.message);
      exporting.current = null;
      return;
    }
    setView((v) => {
      if (m.type === 'preparing') return { ...v, phase: 'preparing', message: m.message };
      if (m.type === 'started') return { ...v, phase: 'training', message: '', info: m.info };
      if (m.type === 'error') return { ...v, phase: 'error', message: m.message };
      return {
        ...v,
        phase: m.done ? 'done' : m.paused ? 'paused' : 'training',
        train: thin([...v.train, ...m.train]),
        heldOut: [...v.heldOut, ...m.heldOut],
        step: m.step,
        steps: m.steps,
        tokensPerSecond: m.tokensPerSecond,
        elapsed: m.elapsed,
        sample: m.sample ?? v.sample,
        pattern: m.pattern ?? v.pattern,
      };
    });
  };

  return {
    view,
    train(request: TrainRequest) {
      stop();
      setView({ ...IDLE, phase: 'preparing', message: 'Starting the training worker…', steps: request.steps });
      const w = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
      worker.current = w;
      w.onmessage = (e: MessageEvent<FromTrainer>) => onMessage(e.data);
      w.onerror = (e) => {
        e.preventDefault();
        stop();
        setView((v) => ({ ...v, phase: 'error', message: `The training worker stopped unexpectedly${e.message ? `: ${e.message}` : ''}. Reset and train again.` }));
      };
      const backend = new URLSearchParams(location.search).get('backend');
      w.postMessage({ type: 'start', request, wasmPaths: `${import.meta.env.BASE_URL}tfjs/`, backend });
    },
    pause() {
      worker.current?.postMessage({ type: 'pause' });
      setView((v) => ({ ...v, phase: 'paused' }));
    },
    resume() {
      worker.current?.postMessage({ type: 'resume' });
      setView((v) => ({ ...v, phase: 'training' }));
    },
    reset() {
      stop();
      setView(IDLE);
    },
    /** The model as it stands, as its three files (or why not). */
    exportModel(): Promise<{ files: ModelFiles; step: number } | string> {
      const w = worker.current;
      if (!w) return Promise.resolve('There is no training run to take the model from.');
      exporting.current?.('Superseded by a newer request.');
      return new Promise((resolve) => {
        exporting.current = resolve;
        w.postMessage({ type: 'export' });
      });
    },
  };
}

function thin(points: LossPoint[]): LossPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const half = Math.floor(points.length / 2);
  return [...points.slice(0, half).filter((_, i) => i % 2 === 0), ...points.slice(half)];
}
