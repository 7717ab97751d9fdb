// "Watch BPE learn"'s hook: one bpe.worker per island; asks for the view of (text, step), newest only.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { StepView } from './bpe-stepper.ts';
import { LatestRequest } from './latest.ts';
import type { BpeReply } from './protocol.ts';

export interface BpeResult {
  text: string;
  view: StepView;
  clipped: boolean;
}

interface Ask {
  text: string;
  step: number;
}

export function useBpe(text: string, step: number) {
  const [result, setResult] = useState<BpeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const asked = useRef(new Map<number, Ask>());
  const latest = useRef<LatestRequest<Ask> | null>(null);

  const start = useCallback(() => {
    worker.current?.terminate();
    const w = new Worker(new URL('./bpe.worker.ts', import.meta.url), { type: 'module', name: 'watch BPE learn' });
    worker.current = w;
    latest.current = new LatestRequest<Ask>((seq, ask) => {
      asked.current.set(seq, ask);
      w.postMessage({ seq, ...ask });
    });
    w.onmessage = (event: MessageEvent<BpeReply>) => {
      const m = event.data;
      const ask = asked.current.get(m.seq);
      asked.current.delete(m.seq);
      if (!latest.current?.settle(m.seq) || ask === undefined) return;
      if (m.type === 'error') setError(m.message);
      else {
        setError(null);
        setResult({ text: ask.text, view: m.view, clipped: m.clipped });
      }
    };
    w.onerror = (event) => {
      event.preventDefault?.();
      setError('The trainer stopped working (the worker crashed).');
    };
    setError(null);
  }, []);

  useEffect(() => {
    start();
    return () => worker.current?.terminate();
  }, [start]);

  useEffect(() => {
    latest.current?.request({ text, step });
  }, [text, step]);

  const restart = useCallback(() => {
    start();
    latest.current?.request({ text, step });
  }, [start, text, step]);

  return { result, error, restart };
}
