// The tokenizer lab's hook: one tokenize.worker per lab, started when the island hydrates (client:visible,
// so only once the lab is on screen), both tokenizers loaded there, the newest text tokenized.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LatestRequest } from './latest.ts';
import type { LabReply, TokenizerName } from './protocol.ts';
import type { TokenList } from './token-list.ts';

export type LoadState = { phase: 'loading' } | { phase: 'ready'; vocabSize: number } | { phase: 'failed'; message: string };

export interface LabResult {
  text: string; // the text these lists are for
  book: TokenList | null;
  gpt2: TokenList | null;
  clipped: boolean;
}

export function useTokenizers(bookUrl: string, text: string) {
  const [load, setLoad] = useState<Record<TokenizerName, LoadState>>({ book: { phase: 'loading' }, gpt2: { phase: 'loading' } });
  const [result, setResult] = useState<LabResult | null>(null);
  const [crashed, setCrashed] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const texts = useRef(new Map<number, string>());
  const latest = useRef<LatestRequest<string> | null>(null);

  const start = useCallback(() => {
    worker.current?.terminate();
    const w = new Worker(new URL('./tokenize.worker.ts', import.meta.url), { type: 'module', name: 'tokenizer lab' });
    worker.current = w;
    latest.current = new LatestRequest<string>((seq, t) => {
      texts.current.set(seq, t);
      w.postMessage({ type: 'tokenize', seq, text: t });
    });
    w.onmessage = (event: MessageEvent<LabReply>) => {
      const m = event.data;
      if (m.type === 'loaded') setLoad((s) => ({ ...s, [m.which]: { phase: 'ready', vocabSize: m.vocabSize } }));
      else if (m.type === 'load-failed') setLoad((s) => ({ ...s, [m.which]: { phase: 'failed', message: m.message } }));
      else {
        const forText = texts.current.get(m.seq) ?? '';
        texts.current.delete(m.seq);
        if (latest.current?.settle(m.seq)) setResult({ text: forText, book: m.book, gpt2: m.gpt2, clipped: m.clipped });
      }
    };
    w.onerror = (event) => {
      event.preventDefault?.();
      setCrashed('The tokenizers stopped working (the worker crashed).');
    };
    setCrashed(null);
    setLoad({ book: { phase: 'loading' }, gpt2: { phase: 'loading' } });
    w.postMessage({ type: 'load', bookUrl });
  }, [bookUrl]);

  useEffect(() => {
    start();
    return () => worker.current?.terminate();
  }, [start]);

  // Ask again whenever the text changes or a tokenizer becomes ready: in the render that follows the keystroke
  // (a layout effect), not a frame later as an effect would.
  const readyKey = `${load.book.phase}/${load.gpt2.phase}`;
  useLayoutEffect(() => {
    latest.current?.request(text);
  }, [text, readyKey]);

  return { load, result, crashed, restart: start };
}
