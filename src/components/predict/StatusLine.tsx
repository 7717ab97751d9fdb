// The status under the prompt: the download, which backend runs the model, or why it failed.
// The sentence is announced once per change (one live region, no hidden copy); a failure is an
// alert, styled as an error, with the plain sentence first, the technical detail below and Retry.
import type { BackendInfo, WorkerError } from '../../worker/protocol.ts';
import { loadingBytes, statusLine } from './status.ts';
import type { Load } from './useModelSession.ts';
import { progressPercent } from './view.ts';

interface Props {
  id: string;
  load: Load;
  backend: BackendInfo | null;
  model: string;
  note: string; // e.g. the ignored ?backend= value
  onRetry: () => void;
}

export default function StatusLine({ id, load, backend, model, note, onRetry }: Props) {
  const text = statusLine(load, backend, model) + (note ? ` (${note})` : '');
  if (load.phase === 'failed') {
    return (
      <div id={id} class="nt-status predict__status predict__status--error" data-testid="predict-status" role="alert">
        <p>{text}</p>
        {load.error.detail && <p class="predict__detail"> Detail: {load.error.detail}</p>}
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <div id={id} class="nt-status predict__status" data-testid="predict-status">
      {load.phase === 'loading' && <progress max={100} value={progressPercent(load.loaded, load.total)} aria-label="Model download" />}
      <span role="status">{text}</span>
      {load.phase === 'loading' && <span aria-hidden="true">{loadingBytes(load.loaded, load.total)}</span>}
    </div>
  );
}

/** An error of a prediction, pick or generation: the plain sentence, the detail below it. */
export function ErrorNote({ error }: { error: WorkerError }) {
  return (
    <div class="nt-error predict__error" role="alert">
      <p>{error.message}</p>
      {error.detail && <p class="predict__detail">Detail: {error.detail}</p>}
    </div>
  );
}
