// The live-code worker: one per block, started on the first Run, terminated by the page when a run
// outlives its time limit. Reader code runs here, never on the page's thread: it has no DOM, and the
// worst it can do is hang or crash this worker. TF.js and the book load on the first run.

/// <reference lib="webworker" />

import { createConsole, describeError, execute, type Post, type RunScope } from './execute.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Kept before any reader code runs, so code that replaces self.postMessage cannot cut us off.
const postMessage = scope.postMessage.bind(scope);
const post: Post = (message: FromWorker) => postMessage(message);
const base = new URL(import.meta.env.BASE_URL, scope.location.origin).href; // e.g. http://host/next-token/

let lastId = 0;
let runConsole: ReturnType<typeof createConsole> | null = null;

// tensor.print() and library code log through the global console: send that to the current run too.
const globalConsole = globalThis.console as unknown as Record<string, (...args: unknown[]) => void>;
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'table', 'dir'] as const) {
  globalConsole[level] = (...args: unknown[]) => runConsole?.[level](...args);
}

// Errors that escape a run: a promise nobody awaited, a throw inside setTimeout.
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  post({ type: 'late', id: lastId, error: describeError(event.reason) });
});
scope.addEventListener('error', (event) => {
  event.preventDefault();
  post({ type: 'late', id: lastId, error: describeError(event.error ?? new Error(event.message)) });
});

let ready: Promise<RunScope> | null = null;
let chosen: `stored:${string}` | null = null; // the page's model choice as of the latest Run

/** Loads TF.js (the same backend choice as the widgets) and the book, once per worker. */
function boot(override: string | null, models: string[], chosen: () => `stored:${string}` | null): Promise<RunScope> {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops');
    const { initBackend } = await import('../../llm/index.ts');
    const { createBook } = await import('./book.ts');
    const info = await initBackend({ override, wasmPaths: `${base}tfjs/` });
    const book = createBook({ base, models, chosen, onLoading: (loading) => post({ type: 'clock', id: lastId, running: !loading }) });
    return {
      globals: { tf, book },
      backend: info.name,
      // Every tensor a run creates is freed when it ends (the model's weights are kept by book.ts).
      begin: () => tf.engine().startScope(),
      end: () => tf.engine().endScope(),
    };
  })();
  ready.catch(() => (ready = null));
  return ready;
}

// A listener, not onmessage: reader code that sets `onmessage = null` must not stop the next run.
scope.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message?.type !== 'run') return;
  lastId = message.id;
  runConsole = createConsole(message.id, post);
  chosen = message.chosen?.startsWith('stored:') ? (message.chosen as `stored:${string}`) : null;
  void execute(message.id, message.source, () => boot(message.backend, message.models ?? [], () => chosen), post, runConsole);
});
