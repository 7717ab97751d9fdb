/// <reference lib="webworker" />
// The page's one model worker: owns the TF.js backend and every loaded model, answers the calls
// of protocol.ts. Calls run one at a time (one backend, one queue); a call cancelled while it
// waits never runs, one cancelled while it runs stops at its next await.

import {
  workerError,
  type BackendInfo,
  type BackendName,
  type CallName,
  type Calls,
  type FromWorker,
  type RequestMessage,
  type ToWorker,
  type WorkerError,
} from './protocol.ts';
import {
  describeBackend,
  generateText,
  loadFromUrl,
  onDeviceLost,
  predictText,
  sampleText,
  startBackend,
  toWorkerError,
  type LoadedModel,
} from './engine.ts';
import { inspectText } from './inspect-engine.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const base = new URL(import.meta.env.BASE_URL, scope.location.origin).href; // e.g. http://host/next-token/

let backend: Promise<BackendInfo> | null = null;
let backendOverride: BackendName | null = null;
const models = new Map<string, Promise<LoadedModel>>();
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();
let deviceWasLost = false; // set by the engine's device-lost report, read by a failing generation

function post(message: FromWorker): void {
  scope.postMessage(message);
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    controllers.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(message.id, controller);
  // One call at a time: the backend is shared and generation holds the model between tokens.
  queue = queue.then(() => run(message, controller.signal)).finally(() => controllers.delete(message.id));
};

async function run(message: RequestMessage, signal: AbortSignal): Promise<void> {
  const { id } = message;
  if (signal.aborted) return post({ type: 'error', id, error: workerError('cancelled', 'Cancelled.') });
  try {
    const result = await HANDLERS[message.call](message.params as never, { id, signal });
    post({ type: 'done', id, result });
  } catch (error) {
    post({ type: 'error', id, error: signal.aborted ? workerError('cancelled', 'Cancelled.') : toWorkerError(error) });
  }
}

interface Context {
  id: number;
  signal: AbortSignal;
}

type Handler<K extends CallName> = (params: Calls[K]['params'], ctx: Context) => Promise<Calls[K]['result']>;

const HANDLERS: { [K in CallName]: Handler<K> } = {
  async load({ model, backend: override }, ctx) {
    const info = await ensureBackend(override);
    const loaded = await ensureModel(model, ctx);
    return {
      model,
      contextWindow: loaded.model.config.n_positions,
      vocabSize: loaded.model.config.vocab_size,
      bytes: loaded.bytes,
      backend: info,
    };
  },

  predict({ model, text, settings, topN }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => predictText(await ensureModel(model, ctx), text, settings, topN));
  },

  sample({ model, text, settings, seed }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => sampleText(await ensureModel(model, ctx), text, settings, seed));
  },

  inspect({ model, ...params }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => inspectText(await ensureModel(model, ctx), params));
  },

  async generate({ model, text, settings, seed, maxTokens }, ctx) {
    let loaded = await ensureModel(model, ctx);
    const produced: number[] = [];
    let lastText = '';
    // A lost GPU ends the generator with an error; the backend has then moved down the order,
    // so reload the weights there and continue from the tokens produced so far.
    for (let attempt = 0; ; attempt++) {
      try {
        for await (const step of generateText(loaded, text, produced, settings, seed, maxTokens - produced.length, ctx.signal)) {
          produced.push(step.token.id);
          lastText = step.textSoFar;
          post({ type: 'stream', id: ctx.id, item: { ...step, backend: (await backend!).name } });
        }
        return { tokens: loaded.describe(produced), text: lastText, backend: await backend! };
      } catch (error) {
        if (attempt >= 2 || !(await deviceLostDuring(ctx))) throw error;
        loaded = await ensureModel(model, ctx);
      }
    }
  },
};

/** After a failure: was it the GPU going away? (Then the engine has already moved down the order.) */
async function deviceLostDuring(ctx: Context): Promise<boolean> {
  if (ctx.signal.aborted) return false;
  if (!deviceWasLost) await new Promise((wait) => setTimeout(wait, 500)); // the loss report may trail the failure
  const lost = deviceWasLost;
  deviceWasLost = false;
  return lost;
}

/** Runs fn; if the device was lost meanwhile, runs it once more on the next backend. */
async function retryAfterDeviceLoss<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(await deviceLostDuring(ctx))) throw error;
    return fn();
  }
}


function ensureBackend(override: BackendName | null): Promise<BackendInfo> {
  if (!backend) {
    backendOverride = override;
    backend = startBackend({ override, wasmPaths: `${base}tfjs/` }).catch((error) => {
      backend = null; // let a retry choose again
      throw error;
    });
    listenForDeviceLoss();
  }
  return backend;
}

let listening = false;

function listenForDeviceLoss(): void {
  if (listening) return;
  listening = true;
  onDeviceLost((info) => {
    deviceWasLost = true;
    models.clear(); // weights lived on the lost device; reload them on the new backend
    const described = describeBackend(info);
    backend = Promise.resolve(described);
    for (const id of controllers.keys()) post({ type: 'backend', id, backend: described });
  });
}

function ensureModel(name: string, ctx: Context): Promise<LoadedModel> {
  let entry = models.get(name);
  if (!entry) {
    entry = ensureBackend(backendOverride).then(() =>
      loadFromUrl(`${base}models/${encodeURIComponent(name)}/`, name, (progress) => post({ type: 'progress', id: ctx.id, progress })),
    );
    entry.catch(() => models.delete(name)); // a failed load is retried on the next call
    models.set(name, entry);
  }
  return entry;
}

export type { WorkerError };
