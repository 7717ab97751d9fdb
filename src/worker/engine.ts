// The widget's one door into src/llm: load a model, predict the next token for a text, pick one,
// generate. Used by the model worker in the browser and by the build (src/precompute/) in Node, so
// the page's precomputed result and the live one come from the same code.
// Imports TF.js: never import this file from an island.

import {
  CheckpointError,
  createSampler,
  disposeModel,
  generateText as generateFromModel,
  initBackend,
  loadModelFromBytes,
  loadModelFromUrl,
  nextToken,
  onBackendLost,
  SafetensorsError,
  samplingDistribution,
  type BackendInfo,
  type BackendName,
  type LoadedModel,
  type NextToken,
  type Progress,
  type Tokenizer,
} from '../llm/index.ts';
import type { ModelFiles } from './model-store.ts';
import type { Candidate, GeneratedStep, ModelInfo, PickedToken, Prediction, SamplingSettings, TokenView, WorkerError } from './protocol.ts';
import { workerError } from './protocol.ts';

/** A model as the worker serves it: src/llm's model with its name, size and token descriptions. */
export interface ServedModel {
  name: string;
  model: LoadedModel;
  tokenizer: Tokenizer;
  bytes: number;
  describe(ids: number[]): TokenView[];
}

/** src/llm's one backend choice (the same promise on every call, a new one after a lost device). */
export function startBackend(options: { override: BackendName | null; wasmPaths: string }): Promise<BackendInfo> {
  return initBackend({ override: options.override, wasmPaths: options.wasmPaths });
}

/** Told the new backend when a lost GPU device forced a move down the order. */
export function onDeviceLost(listener: (info: BackendInfo) => void): () => void {
  return onBackendLost(listener);
}

// ---------------------------------------------------------------------------------------------
// Loading

export async function loadFromUrl(url: string, name: string, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ServedModel> {
  return wrapModel(name, await loadModelFromUrl(url, { signal, onProgress }));
}

/**
 * A reader's model from its three files (stored in the browser or picked from disk), through the same parser as
 * the shipped models. Any problem is a CheckpointError naming the file at fault.
 */
export function loadFromFiles(name: string, files: ModelFiles): ServedModel {
  const where = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SafetensorsError) return `model.safetensors: ${message.replace(/^safetensors: /, '')}`;
    if (/tokenizer\.json|config\.json|model\.safetensors/.test(message)) return message;
    return `${error instanceof SyntaxError ? 'tokenizer.json' : 'model.safetensors'}: ${message}`;
  };
  if (files.tokenizer.trim() === '') throw new CheckpointError('tokenizer.json is empty.');
  try {
    return wrapModel(name, loadModelFromBytes({ config: files.config, weights: files.weights, tokenizer: files.tokenizer }));
  } catch (error) {
    throw new CheckpointError(where(error));
  }
}

/** What the widgets read from a loaded model rather than assume (vocabulary, context, layers, heads). */
export function modelFacts(name: string, loaded: ServedModel): Omit<ModelInfo, 'backend' | 'bytes'> {
  const { config } = loaded.model;
  return { model: name, contextWindow: config.n_positions, vocabSize: config.vocab_size, layers: config.n_layer, heads: config.n_head };
}

/** Frees a model's weights (a reader's model replaced or removed). */
export function releaseModel(loaded: ServedModel): void {
  disposeModel(loaded.model);
}

export function wrapModel(name: string, model: LoadedModel): ServedModel {
  if (!model.tokenizer) throw new CheckpointError(`Model "${name}" has no tokenizer.json next to its weights.`);
  const tokenizer = model.tokenizer;
  return {
    name,
    model,
    tokenizer,
    bytes: model.info.bytes,
    // A model may pad its vocabulary beyond the tokenizer's; such ids have no text.
    describe: (ids) =>
      ids.map((id) =>
        id < tokenizer.vocabSize ? { id, text: tokenizer.tokenText(id), display: tokenizer.displayToken(id) } : { id, text: '', display: `<unused ${id}>` },
      ),
  };
}

/** A reader's stored model that is gone, or damaged (and has been removed): the widgets fall back to the book's. */
export class StoredModelError extends Error {
  override name = 'StoredModelError';
  readonly kind: 'missing' | 'damaged';
  readonly detail?: string;
  constructor(kind: 'missing' | 'damaged', message: string, detail?: string) {
    super(message);
    this.kind = kind;
    this.detail = detail;
  }
}

/**
 * Turns anything thrown into an error value the widget can show (with a retry button when useful):
 * one plain sentence first, the technical detail after it.
 */
export function toWorkerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'BadRequest') return workerError('bad-request', message); // embedding-engine.ts
  if (error instanceof StoredModelError) return workerError(error.kind === 'missing' ? 'missing-file' : 'corrupt-file', message, error.detail);
  if (error instanceof CheckpointError && /HTTP \d+/.test(message)) {
    return workerError('missing-file', 'A model file is missing from the site; retry or reload the page.', message.replace(/^Could not fetch /, ''));
  }
  if (error instanceof CheckpointError || error instanceof SafetensorsError || error instanceof SyntaxError) {
    return workerError('corrupt-file', 'A model file is damaged or incomplete; retry or reload the page.', message);
  }
  if (error instanceof TypeError && /fetch|network/i.test(message)) {
    return workerError('network', 'The model files could not be downloaded; check the connection and retry.', message);
  }
  if (/backend/i.test(message)) return workerError('backend', 'No way to run the model was found in this browser.', message);
  return workerError('internal', 'Something went wrong while running the model.', message);
}

// ---------------------------------------------------------------------------------------------
// Predicting: one forward pass that reads back one row of logits, then ranking or one pick.

/** The next token's logits for text, over the ids the tokenizer can spell. */
export async function predictNext(loaded: ServedModel, text: string): Promise<NextToken> {
  if (text === '') throw new Error('The prompt is empty; there is nothing to predict from.');
  const next = await nextToken(loaded.model, loaded.tokenizer.encode(text));
  // Only ids the tokenizer can spell are candidates (a padded vocabulary has a few more rows).
  const V = Math.min(next.logits.length, loaded.tokenizer.vocabSize);
  return V < next.logits.length ? { ...next, logits: next.logits.slice(0, V) } : next;
}

/** A prediction for the widget: the top-N candidates under the settings, best first. */
export function describePrediction(loaded: ServedModel, text: string, next: NextToken, settings: SamplingSettings, topN: number, computeMs: number): Prediction {
  return {
    model: loaded.name,
    prompt: text,
    tokens: loaded.describe(next.ids),
    droppedTokens: next.droppedTokens,
    contextWindow: loaded.model.config.n_positions,
    settings: { ...settings },
    candidates: rankCandidates(next.logits, settings, topN, loaded.describe),
    computeMs,
  };
}

/** One forward pass on text -> the top-N candidates under the settings, best first. */
export async function predictText(loaded: ServedModel, text: string, settings: SamplingSettings, topN: number): Promise<Prediction> {
  const start = performance.now();
  const next = await predictNext(loaded, text);
  return describePrediction(loaded, text, next, settings, topN, performance.now() - start);
}

/** The N most probable tokens under the settings (ties broken by the model's own probability). */
export function rankCandidates(
  logits: ArrayLike<number>,
  settings: SamplingSettings,
  topN: number,
  describe: (ids: number[]) => TokenView[],
): Candidate[] {
  const model = samplingDistribution(logits, { temperature: 1 });
  const probs = samplingDistribution(logits, settings);
  const order = Array.from({ length: logits.length }, (_, i) => i);
  order.sort((a, b) => probs[b] - probs[a] || model[b] - model[a] || a - b);
  const top = order.slice(0, topN);
  return describe(top).map((t, i) => ({ ...t, logit: logits[top[i]], modelProbability: model[top[i]], probability: probs[top[i]] }));
}

/** The seed mixed with the prompt ids, so each prompt gets its own reproducible draw. */
function promptSeed(seed: number, ids: readonly number[]): number {
  let h = seed >>> 0;
  for (const id of ids) h = Math.imul(h ^ id, 0x9e3779b1) >>> 0;
  return h;
}

/**
 * Picks one next token from a prediction already made (src/llm's createSampler, seeded by seed +
 * prompt ids): the same text, settings and seed always give the same pick.
 */
export function pickFrom(loaded: ServedModel, next: NextToken, settings: SamplingSettings, seed: number): PickedToken {
  const { id, probability } = createSampler({ ...settings, seed: promptSeed(seed, next.ids) })(next.logits);
  const model = samplingDistribution(next.logits, { temperature: 1 });
  let rank = 1;
  for (let i = 0; i < model.length; i++) if (model[i] > model[id] || (model[i] === model[id] && i < id)) rank++;
  return { token: loaded.describe([id])[0], probability, modelProbability: model[id], rank };
}

/** Picks one next token for text (one forward pass); see pickFrom. */
export async function sampleText(loaded: ServedModel, text: string, settings: SamplingSettings, seed: number): Promise<PickedToken> {
  return pickFrom(loaded, await predictNext(loaded, text), settings, seed);
}

// ---------------------------------------------------------------------------------------------
// Generating

export interface GenerateStep extends GeneratedStep {
  textSoFar: string;
  logits: Float32Array; // the distribution this token was drawn from [V]; valid until the next step
}

/**
 * Continues text (plus any ids already produced, after a device loss) by up to maxNewTokens tokens
 * with src/llm's KV-cached loop. Aborting makes the iterator throw.
 */
export async function* generateText(
  loaded: ServedModel,
  text: string,
  produced: readonly number[],
  settings: SamplingSettings,
  seed: number,
  maxNewTokens: number,
  signal?: AbortSignal,
): AsyncGenerator<GenerateStep> {
  if (text === '') throw new Error('The prompt is empty; there is nothing to continue.');
  const ids = [...loaded.tokenizer.encode(text), ...produced];
  let logits: Float32Array = new Float32Array(0);
  const options = { ...settings, seed: promptSeed(seed, ids), maxNewTokens, signal, continueFrom: produced, onLogits: (l: Float32Array) => (logits = l) };
  for await (const step of generateFromModel(loaded.model, text, options)) {
    yield { token: loaded.describe([step.id])[0], probability: step.probability, textSoFar: step.textSoFar, logits };
  }
}
