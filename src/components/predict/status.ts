// The widget's status sentences as pure functions: what the model is doing, and what the list
// shows while it is not the answer for the prompt on screen.
import { isStoredModel, modelLabel } from '../../worker/model-store.ts';
import type { BackendInfo } from '../../worker/protocol.ts';
import type { Load } from './useModelSession.ts';
import { backendLine, formatBytes } from './view.ts';

/** The one status sentence (announced once per change; byte counts are in loadingBytes). */
export function statusLine(load: Load, backend: BackendInfo | null, model: string): string {
  switch (load.phase) {
    case 'waiting':
      return `Precomputed result for the default prompt. The live model (${model}) loads when this widget is on screen and JavaScript runs.`;
    case 'loading':
      return 'Loading the model';
    case 'ready':
      return `${backendLine(backend ?? load.info.backend)}. ${isStoredModel(model) ? `Your model “${modelLabel(model)}”` : `Model ${model}`}, ${load.info.contextWindow}-token context.`;
    case 'failed':
      return `The model could not load: ${load.error.message}`;
  }
}

/** ": 1.2 MB of 3.4 MB" while loading (shown, not announced: it changes many times a second). */
export function loadingBytes(loaded: number, total: number): string {
  if (total > 0) return `: ${formatBytes(loaded)} of ${formatBytes(total)}`;
  return loaded > 0 ? `: ${formatBytes(loaded)}` : '…';
}

/** Said next to the list when it is not (yet) the answer for the prompt on screen; '' when it is. */
export function listNote(phase: Load['phase'], current: boolean, shownPrompt: string): string {
  if (current) return '';
  switch (phase) {
    case 'waiting':
    case 'loading':
    case 'ready':
      return ' (updating for the new prompt…)';
    case 'failed':
      return ` (for “${shownPrompt.length > 40 ? `${shownPrompt.slice(0, 40)}…` : shownPrompt}”: the model did not load, so it cannot update)`;
  }
}
