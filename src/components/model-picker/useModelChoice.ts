// A widget's side of the page-wide model choice: which model to ask the worker for (null until the island has
// hydrated and read the choice, so the server-rendered page and the first render agree), and what to do when a
// chosen stored model fails to load (every widget falls back to the book's model).
import { useEffect, useState } from 'preact/hooks';
import type { WorkerError } from '../../worker/protocol.ts';
import { fallBack, pickerState, subscribe, type PickerState } from './choice.ts';

export interface ModelChoice {
  model: string | null; // the model to load: the chosen stored one, else `shipped`; null before hydration
  state: PickerState | null;
  shipped: string;
  failed: (model: string, error: WorkerError) => void;
}

export function useModelChoice(shipped: string): ModelChoice {
  const [state, setState] = useState<PickerState | null>(null);
  useEffect(() => {
    const off = subscribe(() => setState(pickerState()));
    setState(pickerState());
    return off;
  }, []);
  return { model: state ? (state.chosen ?? shipped) : null, state, shipped, failed: fallBack };
}
