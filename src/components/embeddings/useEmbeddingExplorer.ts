// What the embedding explorer knows: the model's loading state, the word typed, and the latest
// neighbours, cosine and map. Starts from the build's snapshot; talks to the page's model worker.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../worker/client.ts';
import type { Calls, EmbeddingCosine, WorkerError } from '../../worker/protocol.ts';
import { COSINE_HEAD, MAP_TOKENS, MAX_WORD, NEIGHBOURS } from './view.ts';

type NeighboursResult = Calls['embeddingNeighbours']['result'];
type MapResult = Calls['embeddingMap']['result'];

export interface ExplorerSnapshot {
  word: string;
  neighbours: NeighboursResult;
  cosine: EmbeddingCosine;
  map: MapResult;
}

type Phase = 'waiting' | 'loading' | 'ready' | 'error';

export interface Explorer extends ExplorerSnapshot {
  /** The text in the box (word is the text the results on screen are for). */
  input: string;
  phase: Phase;
  /** Where the map on screen was computed: the build (Node) or this page's model worker. */
  mapSource: 'build' | 'worker';
  error: WorkerError | null;
  /** A message about the typed word (empty, cut), shown beside the box. */
  note: string;
  busy: boolean;
  setWord: (word: string) => void;
  lookUp: (id: number, text: string) => void;
  compareWith: (id: number) => void;
  retry: () => void;
}

const DEBOUNCE_MS = 150;

/**
 * model: the model to ask the worker for (null until the page's model choice is read); shipped: the one the build's
 * snapshot came from. Another model (the reader's) gets the typed word looked up afresh once it has loaded.
 */
export function useEmbeddingExplorer(model: string | null, shipped: string, initial: ExplorerSnapshot, onLoadFailed?: (model: string, error: WorkerError) => void): Explorer {
  const [snap, setSnap] = useState(initial);
  const [word, setWordText] = useState(initial.word);
  const [phase, setPhase] = useState<Phase>('waiting');
  const [error, setError] = useState<WorkerError | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0); // only the newest request's answer reaches the screen
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [attempt, setAttempt] = useState(0);

  const [mapSource, setMapSource] = useState<'build' | 'worker'>('build');
  const snapModel = useRef(shipped); // the model the numbers on screen are for
  const modelNow = useRef(model);
  modelNow.current = model;

  // Load the model, then redo the map in the worker (the build's map came from the same code in Node).
  useEffect(() => {
    if (model === null) return;
    setPhase('loading');
    setError(null);
    const client = getModelClient();
    void (async () => {
      const loaded = await client.call('load', { model, backend: null });
      if (modelNow.current !== model) return; // the reader picked another model meanwhile
      if (!loaded.ok) {
        onLoadFailed?.(model, loaded.error);
        return fail(loaded.error, 'error');
      }
      const map = await client.call('embeddingMap', { model, count: MAP_TOKENS });
      if (modelNow.current !== model) return;
      if (!map.ok) return fail(map.error, 'error');
      setSnap((s) => ({ ...s, map: map.value }));
      setMapSource('worker');
      if (snapModel.current !== model) {
        snapModel.current = model;
        const cut = word.slice(0, MAX_WORD);
        await query(cut.trim() === '' ? { id: 0 } : { text: cut }, cut);
      }
      setPhase('ready');
    })();
  }, [model, attempt]);

  // A word typed while the model was loading is looked up once it is ready.
  useEffect(() => {
    const cut = word.slice(0, MAX_WORD);
    if (phase === 'ready' && cut.trim() !== '' && cut !== snap.word) void query({ text: cut }, cut);
  }, [phase]);

  async function query(q: { text: string } | { id: number }, shownWord: string): Promise<void> {
    if (model === null) return;
    const mine = ++seq.current;
    setBusy(true);
    const client = getModelClient();
    const found = await client.call('embeddingNeighbours', { model, query: q, k: NEIGHBOURS });
    if (mine !== seq.current) return;
    if (!found.ok) return fail(found.error);
    const top = found.value.neighbours[0];
    const cos = await client.call('embeddingCosine', { model, a: found.value.token.id, b: top.token.id, head: COSINE_HEAD });
    if (mine !== seq.current) return;
    if (!cos.ok) return fail(cos.error);
    setSnap((s) => ({ ...s, word: shownWord, neighbours: found.value, cosine: cos.value }));
    setError(null);
    setBusy(false);
  }

  function fail(e: WorkerError, next?: Phase): void {
    setBusy(false);
    setError(e);
    if (next) setPhase(next);
  }

  const trimmed = word.trim();
  const note = trimmed === '' ? 'Type a word to look up.' : word.length > MAX_WORD ? `Only the first ${MAX_WORD} characters are used.` : '';

  return {
    ...snap,
    input: word,
    phase,
    mapSource,
    error,
    note,
    busy,
    setWord: (text) => {
      setWordText(text);
      clearTimeout(timer.current);
      const cut = text.slice(0, MAX_WORD);
      if (cut.trim() === '' || phase !== 'ready') return;
      timer.current = setTimeout(() => void query({ text: cut }, cut), DEBOUNCE_MS);
    },
    lookUp: (id, text) => {
      clearTimeout(timer.current);
      setWordText(text.trim());
      void query({ id }, text.trim());
    },
    compareWith: (id) => {
      if (model === null) return;
      const mine = ++seq.current;
      void getModelClient()
        .call('embeddingCosine', { model, a: snap.neighbours.token.id, b: id, head: COSINE_HEAD })
        .then((out) => {
          if (mine !== seq.current) return;
          if (out.ok) setSnap((s) => ({ ...s, cosine: out.value }));
          else setError(out.error);
        });
    },
    retry: () => {
      setError(null);
      setAttempt((n) => n + 1);
    },
  };
}
