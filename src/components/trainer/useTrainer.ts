// What the trainer island knows: its worker (created on Train, terminated on Reset, so Reset always acts
// at once and frees everything), the phase, the run's facts and the loss history. Draws nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
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
  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
  };
  useEffect(() => stop, []);

  const onMessage = (m: FromTrainer) =>
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
  };
}

function thin(points: LossPoint[]): LossPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const half = Math.floor(points.length / 2);
  return [...points.slice(0, half).filter((_, i) => i % 2 === 0), ...points.slice(half)];
}
