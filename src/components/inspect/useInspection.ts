// What an inspection island knows: the model's loading state and the newest inspection of the
// reader's prompt (debounced while typing; older answers never reach the screen). The islands
// only draw what this hook hands them.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Knockouts } from '../../llm/knockout.ts';
import { formatKnockouts } from '../../llm/knockout.ts';
import { getModelClient } from '../../worker/client.ts';
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { backendOverrideFrom } from '../../llm/backend-names.ts';
import type { ModelInfo, WorkerError } from '../../worker/protocol.ts';
import { LatestOnly, TYPING_DEBOUNCE_MS } from '../predict/view.ts';
import { TOP_N } from './view.ts';

type Load =
  | { phase: 'waiting' } // server-rendered, not hydrated yet
  | { phase: 'loading'; loaded: number; total: number }
  | { phase: 'ready'; info: ModelInfo }
  | { phase: 'failed'; error: WorkerError };

export interface Request {
  model: string | null; // null until the page's model choice is read
  prompt: string;
  knockouts: Knockouts;
  focus: { layer: number; head: number } | null;
}

/** Two requests with equal keys get equal answers. */
function inspectionKey(r: Request): string {
  return JSON.stringify([r.model, r.prompt, formatKnockouts(r.knockouts), r.focus?.layer ?? null, r.focus?.head ?? null]);
}

function resultKey(r: InspectionResult): string {
  return inspectionKey({ model: r.model, prompt: r.prompt, knockouts: r.knockouts, focus: r.focus && { layer: r.focus.layer, head: r.focus.head } });
}

export interface Inspection {
  load: Load;
  result: InspectionResult | null; // the newest answer (may be for an older prompt while a new one runs)
  current: boolean; // result answers the request on screen now
  error: WorkerError | null;
  retry: () => void;
}

export function useInspection(request: Request, initial: InspectionResult | null, onLoadFailed?: (model: string, error: WorkerError) => void): Inspection {
  const [load, setLoad] = useState<Load>({ phase: 'waiting' });
  const [result, setResult] = useState<InspectionResult | null>(initial);
  const [error, setError] = useState<WorkerError | null>(null);
  const guard = useRef(new LatestOnly());
  const inflight = useRef<AbortController | null>(null);
  const key = inspectionKey(request);
  const keyNow = useRef(key);
  keyNow.current = key;
  const current = result !== null && resultKey(result) === key;
  const ready = load.phase === 'ready' && load.info.model === request.model;
  const modelNow = useRef(request.model);
  modelNow.current = request.model;

  function startLoad() {
    const asked = request.model;
    if (asked === null) return;
    setLoad({ phase: 'loading', loaded: 0, total: 0 });
    getModelClient()
      .call('load', { model: asked, backend: backendOverrideFrom(window.location.search).backend }, {
        onProgress: (p) => modelNow.current === asked && setLoad({ phase: 'loading', loaded: p.loaded, total: p.total ?? 0 }),
      })
      .then((out) => {
        if (modelNow.current !== asked) return; // the reader picked another model meanwhile
        setLoad(out.ok ? { phase: 'ready', info: out.value } : { phase: 'failed', error: out.error });
        if (!out.ok) onLoadFailed?.(asked, out.error);
      });
  }

  useEffect(() => () => inflight.current?.abort(), []);
  useEffect(startLoad, [request.model]);

  useEffect(() => {
    if (!ready || request.model === null || request.prompt === '' || current) return;
    const timer = setTimeout(() => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const ticket = guard.current.issue(key);
      const { prompt, knockouts, focus } = request;
      const model = request.model!;
      getModelClient()
        .call('inspect', { model, text: prompt, knockouts, focus, topN: TOP_N }, { signal: controller.signal })
        .then((out) => {
          if (!guard.current.isCurrent(ticket, keyNow.current)) return; // the reader has moved on
          if (out.ok) {
            setResult(out.value);
            setError(null);
          } else if (out.error.code !== 'cancelled') setError(out.error);
        });
    }, TYPING_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, ready, current]);

  return { load, result, current, error, retry: startLoad };
}
