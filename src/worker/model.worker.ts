/// <reference lib="webworker" />
// The page's one model worker: owns the TF.js backend and every loaded model, answers the calls
// of protocol.ts. Calls run one at a time (one backend, one queue); a call cancelled while it
// waits never runs, one cancelled while it runs stops at its next await.

import { workerError, type BackendName, type CallName, type Calls, type FromWorker, type GeneratedStep, type RequestMessage, type ToWorker, type WorkerError } from './protocol.ts';
import type { NextToken } from '../llm/index.ts';
import {
  describePrediction,
  generateText,
  loadFromFiles,
  loadFromUrl,
  modelFacts,
  onDeviceLost,
  pickFrom,
  predictNext,
  rankCandidates,
  releaseModel,
  startBackend,
  StoredModelError,
  toWorkerError,
  type ServedModel,
} from './engine.ts';
import { embeddingCosine, embeddingMap, embeddingNeighbours } from './embedding-engine.ts';
import { inspectText } from './inspect-engine.ts';
import { deleteStored, getStored, isStoredModel, modelLabel, MODELS_CHANNEL, STORED_PREFIX, type ModelFiles, type ModelsMessage } from './model-store.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const base = new URL(import.meta.env.BASE_URL, scope.location.origin).href; // e.g. http://host/next-token/

// The backend itself lives in src/llm (initBackend returns its one shared choice, and the new one
// after a lost device); the worker only remembers which override the page asked for.
let backendOverride: BackendName | null = null;
const models = new Map<string, Promise<ServedModel>>();
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();
let deviceWasLost = false; // set by the engine's device-lost report, read by a failing generation
// The last prediction's logits: "Sample one" and step-by-step pick from them, no second forward pass.
let lastNext: { model: string; text: string; next: NextToken } | null = null;
const BATCH_MS = 16; // one stream message per frame at most, however fast the model decodes
// The reader's models this page could not store (no IndexedDB): kept here until the page goes.
const kept = new Map<string, ModelFiles>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(MODELS_CHANNEL);

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
    backendOverride = override;
    const info = await ensureBackend();
    const loaded = await ensureModel(model, ctx);
    return { ...modelFacts(model, loaded), bytes: loaded.bytes, backend: info };
  },

  async checkModel({ name, files, keep }) {
    await ensureBackend();
    const model = STORED_PREFIX + name;
    const loaded = loadFromFiles(model, files); // throws, naming the file, when anything is wrong
    forget(model); // a model of the same name is replaced
    if (keep) kept.set(model, files);
    models.set(model, Promise.resolve(loaded));
    return modelFacts(model, loaded);
  },

  predict({ model, text, settings, topN }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => {
      const loaded = await ensureModel(model, ctx);
      const start = performance.now();
      const next = await predictNextCached(loaded, model, text);
      return describePrediction(loaded, text, next, settings, topN, performance.now() - start);
    });
  },

  sample({ model, text, settings, seed }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => {
      const loaded = await ensureModel(model, ctx);
      return pickFrom(loaded, await predictNextCached(loaded, model, text), settings, seed);
    });
  },

  inspect({ model, ...params }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => inspectText(await ensureModel(model, ctx), params));
  },

  async generate({ model, text, settings, seed, maxNewTokens, topN }, ctx) {
    let loaded = await ensureModel(model, ctx);
    const produced: number[] = [];
    let lastText = '';
    let firstAt = 0;
    let lastAt = 0; // first and last token's time: the engine's own decode rate, for the benchmark
    // A lost GPU ends the generator with an error; the backend has then moved down the order,
    // so reload the weights there and continue from the tokens produced so far.
    for (let attempt = 0; ; attempt++) {
      let steps: GeneratedStep[] = [];
      let logits: Float32Array | null = null;
      let sentAt = performance.now();
      const backend = (await ensureBackend()).name; // a lost device ends this attempt, so it holds for all of it
      const flush = () => {
        if (steps.length === 0) return;
        const candidates = rankCandidates(logits!, settings, topN, loaded.describe);
        post({ type: 'stream', id: ctx.id, item: { steps, textSoFar: lastText, candidates, backend } });
        steps = [];
        sentAt = performance.now();
      };
      try {
        for await (const step of generateText(loaded, text, produced, settings, seed, maxNewTokens - produced.length, ctx.signal)) {
          produced.push(step.token.id);
          lastAt = performance.now();
          if (produced.length === 1) firstAt = lastAt;
          lastText = step.textSoFar;
          logits = step.logits;
          steps.push({ token: step.token, probability: step.probability });
          if (performance.now() - sentAt >= BATCH_MS) flush();
        }
        flush();
        return { tokens: loaded.describe(produced), text: lastText, backend: await ensureBackend(), decodeMs: lastAt - firstAt };
      } catch (error) {
        flush(); // what was made before the failure still reaches the page
        if (attempt >= 2 || !(await deviceLostDuring(ctx))) throw error;
        loaded = await ensureModel(model, ctx);
      }
    }
  },

  // The embedding explorer (chapter 3): geometry of the token embedding matrix.
  embeddingNeighbours({ model, ...params }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => embeddingNeighbours(await ensureModel(model, ctx), params));
  },

  embeddingCosine({ model, ...params }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => embeddingCosine(await ensureModel(model, ctx), params));
  },

  embeddingMap({ model, ...params }, ctx) {
    return retryAfterDeviceLoss(ctx, async () => embeddingMap(await ensureModel(model, ctx), params));
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

/** The next token's logits for text, from the last prediction when it was for the same text. */
async function predictNextCached(loaded: ServedModel, model: string, text: string): Promise<NextToken> {
  if (lastNext?.model === model && lastNext.text === text) return lastNext.next;
  const next = await predictNext(loaded, text);
  lastNext = { model, text, next };
  return next;
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


function ensureBackend() {
  return startBackend({ override: backendOverride, wasmPaths: `${base}tfjs/` });
}

onDeviceLost((info) => {
  deviceWasLost = true;
  models.clear(); // weights lived on the lost device; reload them on the new backend
  lastNext = null;
  for (const id of controllers.keys()) post({ type: 'backend', id, backend: info });
});

/** Drops a model from the cache (it was replaced or removed), freeing its weights. */
function forget(model: string): void {
  const entry = models.get(model);
  models.delete(model);
  kept.delete(model);
  if (lastNext?.model === model) lastNext = null;
  entry?.then(releaseModel).catch(() => {});
}

// Another page or tab stored, replaced or removed a model: load it afresh next time.
// Queued like a call, so no call is using the weights when they are freed.
if (channel) channel.onmessage = (event: MessageEvent<ModelsMessage>) => {
  const model = STORED_PREFIX + (event.data?.name ?? '');
  if (event.data?.name && !kept.has(model)) queue = queue.then(() => forget(model));
};

/**
 * A reader's model: from this worker's memory, else from IndexedDB, through the same parser as the shipped
 * models. One that no longer parses (a damaged store) is deleted, so it cannot fail again.
 */
async function loadStored(model: string): Promise<ServedModel> {
  const name = modelLabel(model);
  const files = kept.get(model) ?? (await getStored(name).catch(() => null))?.files;
  if (!files) throw new StoredModelError('missing', `Your model “${name}” is no longer stored in this browser (removed, or the browser cleared its storage).`);
  try {
    return loadFromFiles(model, files);
  } catch (error) {
    kept.delete(model);
    await deleteStored(name).catch(() => {});
    channel?.postMessage({ type: 'changed', name } satisfies ModelsMessage);
    throw new StoredModelError('damaged', `Your model “${name}” was damaged in this browser's storage and has been removed.`, (error as Error).message);
  }
}

function ensureModel(name: string, ctx: Context): Promise<ServedModel> {
  let entry = models.get(name);
  if (!entry) {
    entry = ensureBackend().then(() =>
      isStoredModel(name)
        ? loadStored(name)
        : loadFromUrl(`${base}models/${encodeURIComponent(name)}/`, name, (progress) => post({ type: 'progress', id: ctx.id, progress })),
    );
    entry.catch(() => models.delete(name)); // a failed load is retried on the next call
    models.set(name, entry);
  }
  return entry;
}

export type { WorkerError };
