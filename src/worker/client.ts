// The UI-thread side of the model worker: numbered requests, streamed items, cancellation, and
// one shared worker per page. Knows nothing about models or TF.js; it only moves messages.

import {
  workerError,
  type BackendInfo,
  type CallName,
  type Calls,
  type FromWorker,
  type Outcome,
  type Progress,
  type ToWorker,
} from './protocol.ts';

/** The part of a Worker the client uses, so tests can pass a fake. */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent | Event) => void) | null;
}

export interface CallOptions<K extends CallName> {
  onProgress?: (progress: Progress) => void;
  onStream?: (item: Calls[K]['stream']) => void;
  onBackend?: (backend: BackendInfo) => void;
  signal?: AbortSignal; // aborting sends a cancel; the call then resolves with code "cancelled"
}

interface Pending {
  resolve: (outcome: Outcome<unknown>) => void;
  options: CallOptions<CallName>;
  detach: () => void;
}

export class ModelClient {
  private port: WorkerPort;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private onCrash: () => void;

  constructor(port: WorkerPort, onCrash: () => void = () => {}) {
    this.port = port;
    this.onCrash = onCrash;
    port.onmessage = (event) => this.receive(event.data);
    port.onerror = (event) => {
      const detail = 'message' in event && event.message ? ` (${event.message})` : '';
      this.failAll(workerError('internal', `The model worker stopped unexpectedly${detail}; retry.`));
    };
  }

  /** Sends one call; resolves with its result or an error value, never rejects. */
  call<K extends CallName>(call: K, params: Calls[K]['params'], options: CallOptions<K> = {}): Promise<Outcome<Calls[K]['result']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const { signal } = options;
      if (signal?.aborted) return resolve({ ok: false, error: workerError('cancelled', 'Cancelled.') });
      const abort = () => this.cancel(id);
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (outcome: Outcome<unknown>) => void,
        options: options as CallOptions<CallName>,
        detach: () => signal?.removeEventListener('abort', abort),
      });
      this.port.postMessage({ type: 'call', id, call, params } as ToWorker);
    });
  }

  /** Number of calls still waiting for an answer (for tests and the stale-result guard). */
  get inFlight(): number {
    return this.pending.size;
  }

  private cancel(id: number): void {
    if (!this.pending.has(id)) return;
    this.port.postMessage({ type: 'cancel', id });
    // Settle at once: the UI must not wait for the worker to notice.
    this.settle(id, { ok: false, error: workerError('cancelled', 'Cancelled.') });
  }

  private receive(message: FromWorker): void {
    const entry = this.pending.get(message.id);
    if (!entry) return; // answer to a cancelled call: drop it
    switch (message.type) {
      case 'progress':
        entry.options.onProgress?.(message.progress);
        break;
      case 'backend':
        entry.options.onBackend?.(message.backend);
        break;
      case 'stream':
        entry.options.onStream?.(message.item);
        break;
      case 'done':
        this.settle(message.id, { ok: true, value: message.result });
        break;
      case 'error':
        this.settle(message.id, { ok: false, error: message.error });
        break;
    }
  }

  private settle(id: number, outcome: Outcome<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.detach();
    entry.resolve(outcome);
  }

  private failAll(error: ReturnType<typeof workerError>): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error });
    this.port.terminate();
    this.onCrash();
  }
}

let shared: ModelClient | null = null;

/**
 * The page's one model worker, started on first use. If it crashes, the next call starts a
 * fresh one (that is what the widget's retry button relies on).
 */
export function getModelClient(): ModelClient {
  if (!shared) {
    const worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'model' });
    shared = new ModelClient(worker as unknown as WorkerPort, () => {
      shared = null;
    });
  }
  return shared;
}
