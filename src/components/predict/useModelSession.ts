// The widget's conversation with the page's model worker: load the model, predict after typing
// pauses, pick one token, generate. One guard for stale answers: every call takes a ticket for
// what it asks about (model, prompt, settings), and only the newest ticket for what is on screen
// now may change the screen. Holds no prompt text of its own (prompt-state.ts does).
import { useEffect, useRef, useState } from 'preact/hooks';
import { backendOverrideFrom } from '../../llm/backend-names.ts';
import { getModelClient } from '../../worker/client.ts';
import type { BackendInfo, BackendName, Calls, GeneratedBatch, ModelInfo, PickedToken, Prediction, SamplingSettings, WorkerError } from '../../worker/protocol.ts';
import { LatestOnly, requestKey, TYPING_DEBOUNCE_MS } from './view.ts';

export type Load =
  | { phase: 'waiting' } // server-rendered, not hydrated yet
  | { phase: 'loading'; loaded: number; total: number }
  | { phase: 'ready'; info: ModelInfo }
  | { phase: 'failed'; error: WorkerError };

export interface SessionOptions {
  model: string | null; // null until the page's model choice is read (model-picker/useModelChoice.ts)
  prompt: string;
  settings: SamplingSettings;
  seed: number;
  topN: number;
  initial: Prediction | null;
  onLoadFailed?: (model: string, error: WorkerError) => void; // a chosen stored model that is gone or damaged
}

export interface GenerateCallbacks {
  onBatch: (batch: GeneratedBatch) => void;
}

export function useModelSession({ model, prompt, settings, seed, topN, initial, onLoadFailed }: SessionOptions) {
  const [load, setLoad] = useState<Load>({ phase: 'waiting' });
  const [backend, setBackend] = useState<BackendInfo | null>(null); // the newest word from the worker
  const [prediction, setPrediction] = useState<Prediction | null>(initial && initial.prompt === prompt ? initial : null);
  const [error, setError] = useState<WorkerError | null>(null);
  const [busy, setBusy] = useState(false); // a pick or a generation is running
  const guard = useRef(new LatestOnly());
  const inflight = useRef<AbortController | null>(null);
  const generation = useRef<AbortController | null>(null);
  const override = useRef<BackendName | null>(null);
  const [overrideNote, setOverrideNote] = useState(''); // e.g. an ignored ?backend= value

  const key = requestKey(model ?? '', prompt, settings);
  const keyNow = useRef(key);
  keyNow.current = key;
  const modelNow = useRef(model);
  modelNow.current = model;
  const ready = load.phase === 'ready' && load.info.model === model;
  const current = prediction !== null && requestKey(prediction.model, prediction.prompt, prediction.settings) === key;
  const isCurrent = (ticket: ReturnType<LatestOnly['issue']>) => guard.current.isCurrent(ticket, keyNow.current);

  function report(out: { ok: false; error: WorkerError }) {
    if (out.error.code !== 'cancelled') setError(out.error);
  }

  function start() {
    const asked = model;
    if (asked === null) return;
    setLoad({ phase: 'loading', loaded: 0, total: 0 });
    setError(null);
    const mine = (p: { loaded: number; total: number | null }) => modelNow.current === asked && setLoad({ phase: 'loading', loaded: p.loaded, total: p.total ?? 0 });
    getModelClient()
      .call('load', { model: asked, backend: override.current }, { onProgress: mine })
      .then((out) => {
        if (modelNow.current !== asked) return; // the reader picked another model meanwhile
        if (out.ok) {
          setBackend(out.value.backend);
          setLoad({ phase: 'ready', info: out.value });
        } else {
          setLoad({ phase: 'failed', error: out.error });
          onLoadFailed?.(asked, out.error);
        }
      });
  }

  // Hydrated: the island only hydrates when visible, so this is when the model starts loading.
  useEffect(() => {
    const parsed = backendOverrideFrom(window.location.search);
    setOverrideNote(parsed.note);
    override.current = parsed.backend;
    return () => {
      inflight.current?.abort();
      generation.current?.abort();
    };
  }, []);

  // The page's model choice is known (or changed): load that model; a generation of the old one stops.
  useEffect(() => {
    generation.current?.abort();
    start();
  }, [model]);

  // Predict after typing pauses; the previous prediction is cancelled.
  useEffect(() => {
    if (!ready || model === null || prompt === '' || current) return;
    const timer = setTimeout(() => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const ticket = guard.current.issue(key);
      getModelClient()
        .call('predict', { model, text: prompt, settings, topN }, { signal: controller.signal, onBackend: setBackend })
        .then((out) => {
          if (!isCurrent(ticket)) return; // a newer prompt or setting is on screen
          if (out.ok) {
            setPrediction(out.value);
            setError(null);
          } else report(out);
        });
    }, TYPING_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, ready, current]);

  /** One pick from the prediction on screen (the worker reuses its logits). Null if stale or failed. */
  async function sample(): Promise<PickedToken | null> {
    if (model === null) return null;
    const ticket = guard.current.issue(key);
    setBusy(true);
    const out = await getModelClient().call('sample', { model, text: prompt, settings, seed }, { onBackend: setBackend });
    setBusy(false);
    if (!isCurrent(ticket)) return null;
    if (!out.ok) return report(out), null;
    return out.value;
  }

  /** Streams a continuation; resolves with its text and how it ended. */
  async function generate(maxNewTokens: number, { onBatch }: GenerateCallbacks): Promise<{ phase: 'done' | 'stopped' | 'failed'; text: string; decodeMs?: number }> {
    if (model === null) return { phase: 'failed', text: '' };
    const controller = new AbortController();
    generation.current = controller;
    const ticket = guard.current.issue(key);
    setBusy(true);
    const { out, text } = await streamGeneration({ model, text: prompt, settings, seed, maxNewTokens, topN }, controller.signal, onBatch, setBackend);
    generation.current = null;
    setBusy(false);
    if (!isCurrent(ticket)) return { phase: 'stopped', text: '' };
    if (out.ok) return { phase: 'done', text: out.value.text, decodeMs: out.value.decodeMs };
    report(out);
    return { phase: out.error.code === 'cancelled' ? 'stopped' : 'failed', text };
  }

  return {
    load,
    backend,
    prediction,
    current,
    ready,
    vocabSize: ready ? load.info.vocabSize : undefined,
    busy,
    error,
    overrideNote,
    retry: start,
    sample,
    generate,
    stop: () => generation.current?.abort(),
  };
}

/** One generate call; the text so far is kept from the batches, so a stopped call still has it. */
async function streamGeneration(
  params: Calls['generate']['params'],
  signal: AbortSignal,
  onBatch: (batch: GeneratedBatch) => void,
  setBackend: (update: (b: BackendInfo | null) => BackendInfo | null) => void,
) {
  let text = '';
  const out = await getModelClient().call('generate', params, {
    signal,
    onStream: (batch) => {
      text = batch.textSoFar;
      setBackend((b) => (b && b.name === batch.backend ? b : { name: batch.backend }));
      onBatch(batch);
    },
    onBackend: (info) => setBackend(() => info),
  });
  return { out, text };
}
