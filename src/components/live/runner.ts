// The page's side of one live code block's worker: start a run, relay its output, enforce the time
// limit. The limit is enforced from here, on the page's thread, by terminating the worker: reader code
// in an endless loop cannot be interrupted any other way. The next run starts a fresh worker.
// Knows nothing about the editor or the DOM; tests drive it with a fake worker.

import type { ErrorInfo } from './format.ts';
import { isFromWorker, type FromWorker, type LogLevel, type ToWorker } from './protocol.ts';

/** The part of a Worker the runner uses. */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type RunEvent =
  | { kind: 'log'; level: LogLevel; text: string }
  | { kind: 'started'; backend: string }
  | { kind: 'late'; error: ErrorInfo }; // surfaced after the run ended (an un-awaited rejection ...)

export type RunOutcome =
  | { status: 'done'; value?: string; error?: ErrorInfo; elapsedMs: number }
  | { status: 'timeout'; limitMs: number }
  | { status: 'stopped' }
  | { status: 'crashed'; message: string };

export interface RunOptions {
  /** Time limit for the reader's code in ms. Loading a model inside `book.loadModel` does not count. */
  timeoutMs: number;
  /** A TF.js backend to prefer (the page's `?backend=`); null lets the engine choose. */
  backend?: string | null;
  /** The book's models the site ships (from the build). */
  models?: string[];
  /** The reader's stored model chosen on the page ("stored:<name>"): book.loadModel() with no name uses it. */
  chosen?: string | null;
  onEvent?: (event: RunEvent) => void;
}

export interface RunnerOptions {
  /** How long a fresh worker may take to load TF.js and start the code (ms). */
  bootTimeoutMs?: number;
  /** How long one model load may take (ms). */
  loadTimeoutMs?: number;
}

interface Current {
  id: number;
  options: RunOptions;
  resolve: (outcome: RunOutcome) => void;
  budgetMs: number; // time limit left
  clockStartedAt: number | null; // when the limit's clock last started; null while paused or booting
  timer: ReturnType<typeof setTimeout> | null;
}

export class LiveRunner {
  private readonly createWorker: () => WorkerPort;
  private readonly bootTimeoutMs: number;
  private readonly loadTimeoutMs: number;
  private worker: WorkerPort | null = null;
  private current: Current | null = null;
  private nextId = 1;
  private lastListener: ((event: RunEvent) => void) | undefined;

  constructor(createWorker: () => WorkerPort, options: RunnerOptions = {}) {
    this.createWorker = createWorker;
    this.bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Runs source; resolves when it finishes, times out, is stopped or the worker dies. Never rejects. */
  run(source: string, options: RunOptions): Promise<RunOutcome> {
    if (this.current) this.stop();
    const id = this.nextId++;
    this.lastListener = options.onEvent;
    return new Promise<RunOutcome>((resolve) => {
      this.current = { id, options, resolve, budgetMs: options.timeoutMs, clockStartedAt: null, timer: null };
      let worker: WorkerPort;
      try {
        worker = this.ensureWorker();
        worker.postMessage({ type: 'run', id, source, backend: options.backend ?? null, models: options.models ?? [], chosen: options.chosen ?? null });
      } catch (error) {
        this.kill();
        this.finish({ status: 'crashed', message: `The code runner could not start: ${(error as Error).message ?? error}` });
        return;
      }
      this.arm(this.bootTimeoutMs, () => this.fail(`The code runner did not start within ${this.bootTimeoutMs / 1000} s.`));
    });
  }

  /** Stops the current run (terminating its worker). */
  stop(): void {
    if (!this.current) return;
    this.kill();
    this.finish({ status: 'stopped' });
  }

  /** Terminates the worker; the runner can still be used (the next run starts a new worker). */
  dispose(): void {
    this.stop();
    this.kill();
  }

  private ensureWorker(): WorkerPort {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      // A load failure or an error that escaped the worker's own handlers: that worker is done for.
      event.preventDefault?.();
      const detail = 'message' in event && event.message ? `: ${event.message}` : '';
      this.kill();
      if (this.current) this.finish({ status: 'crashed', message: `The code runner stopped unexpectedly${detail}.` });
    };
    this.worker = worker;
    return worker;
  }

  private receive(data: unknown): void {
    if (!isFromWorker(data)) return;
    const message: FromWorker = data;
    const current = this.current;
    if (message.type === 'late') {
      // Belongs to this run or one that already ended: either way, the reader should see it.
      const listener = current && current.id === message.id ? current.options.onEvent : this.lastListener;
      listener?.({ kind: 'late', error: message.error });
      return;
    }
    if (!current || message.id !== current.id) return;
    switch (message.type) {
      case 'started':
        current.options.onEvent?.({ kind: 'started', backend: message.backend });
        this.startClock();
        break;
      case 'log':
        current.options.onEvent?.({ kind: 'log', level: message.level, text: message.text });
        break;
      case 'clock':
        if (message.running) this.startClock();
        else this.pauseClock();
        break;
      case 'done':
        this.finish({ status: 'done', value: message.value, error: message.error, elapsedMs: message.elapsedMs });
        break;
    }
  }

  private startClock(): void {
    const current = this.current;
    if (!current || current.clockStartedAt !== null) return;
    current.clockStartedAt = Date.now();
    this.arm(current.budgetMs, () => {
      const limitMs = current.options.timeoutMs;
      this.kill();
      this.finish({ status: 'timeout', limitMs });
    });
  }

  private pauseClock(): void {
    const current = this.current;
    if (!current || current.clockStartedAt === null) return;
    current.budgetMs = Math.max(0, current.budgetMs - (Date.now() - current.clockStartedAt));
    current.clockStartedAt = null;
    this.arm(this.loadTimeoutMs, () => this.fail(`Loading the model took longer than ${this.loadTimeoutMs / 1000} s.`));
  }

  private arm(ms: number, onExpire: () => void): void {
    const current = this.current;
    if (!current) return;
    if (current.timer !== null) clearTimeout(current.timer);
    current.timer = setTimeout(onExpire, ms);
  }

  private fail(message: string): void {
    this.kill();
    this.finish({ status: 'crashed', message });
  }

  private kill(): void {
    if (!this.worker) return;
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    this.worker = null;
  }

  private finish(outcome: RunOutcome): void {
    const current = this.current;
    if (!current) return;
    if (current.timer !== null) clearTimeout(current.timer);
    this.current = null;
    current.resolve(outcome);
  }
}
