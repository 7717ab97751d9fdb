// The widget's one door into src/llm: load a model, predict the next token for a text, pick one,
// generate. Used by the model worker in the browser and by the build (precompute.ts) in Node, so
// the page's precomputed result and the live one come from the same code.
// Imports TF.js: never import this file from an island.

import {
  CheckpointError,
  forward,
  generate,
  initBackend,
  loadModelFromUrl,
  onBackendLost,
  SafetensorsError,
  samplingDistribution,
  type BackendInfo as EngineBackend,
  type BackendName,
  type LoadedModel as EngineModel,
  type SampleSettings,
} from '../../llm/index.ts';
import { drawFrom } from '../../llm/sample.ts';
import type { Tokenizer } from '../../llm/tokenizer.ts';
import { mulberry32 } from '../../llm/weights.ts';
import type { BackendInfo, Candidate, Prediction, Progress, SamplingSettings, TokenView, WorkerError } from './protocol.ts';
import { workerError } from './protocol.ts';

export interface LoadedModel {
  name: string;
  model: EngineModel;
  tokenizer: Tokenizer;
  bytes: number;
  describe(ids: number[]): TokenView[];
}

// ---------------------------------------------------------------------------------------------
// Backend

const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'WASM', webgl: 'WebGL', cpu: 'CPU' };

/** The engine's backend report in the reader's words: "WebGPU (NVIDIA ...)", "WASM; no usable GPU found". */
export function describeBackend(info: EngineBackend): BackendInfo {
  return { name: info.name, label: info.detail ?? BACKEND_LABELS[info.name], reason: readableReason(info.reason ?? '') };
}

/** "webgpu: no usable GPU found (WebGPU unavailable)" -> "no usable GPU found (WebGPU unavailable)". */
function readableReason(reason: string): string {
  return reason
    .split('; ')
    .map((part) => part.replace(/^(webgpu|wasm|webgl|cpu): /, ''))
    .join('; ');
}

export async function startBackend(options: { override: BackendName | null; wasmPaths: string }): Promise<BackendInfo> {
  return describeBackend(await initBackend({ override: options.override, wasmPaths: options.wasmPaths }));
}

export function onDeviceLost(listener: (info: EngineBackend) => void): () => void {
  return onBackendLost(listener);
}

// ---------------------------------------------------------------------------------------------
// Loading

export async function loadFromUrl(url: string, name: string, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<LoadedModel> {
  const model = await loadModelFromUrl(url, {
    signal,
    onProgress: (p) => onProgress?.({ file: 'model.safetensors', loaded: p.loaded, total: p.total ?? 0 }),
  });
  return wrapModel(name, model);
}

export function wrapModel(name: string, model: EngineModel): LoadedModel {
  if (!model.tokenizer) throw new CheckpointError(`Model "${name}" has no tokenizer.json next to its weights.`);
  const tokenizer = model.tokenizer as Tokenizer;
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

/** Turns anything thrown into an error value the widget can show (with a retry button when useful). */
export function toWorkerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'BadRequest') return workerError('bad-request', message); // embedding-engine.ts
  if (error instanceof CheckpointError && /HTTP \d+/.test(message)) {
    return workerError('missing-file', `A model file is missing (${message.replace(/^Could not fetch /, '')}).`);
  }
  if (error instanceof CheckpointError || error instanceof SafetensorsError || error instanceof SyntaxError) {
    return workerError('corrupt-file', `A model file is damaged: ${message}`);
  }
  if (error instanceof TypeError && /fetch|network/i.test(message)) {
    return workerError('network', `The model files could not be downloaded: ${message}`);
  }
  if (/backend/i.test(message)) return workerError('backend', message);
  return workerError('internal', message);
}

// ---------------------------------------------------------------------------------------------
// Predicting

/** Keeps the last n ids: a prompt longer than the context window loses its beginning. */
export function fitContext(ids: number[], n: number): { ids: number[]; dropped: number } {
  const dropped = Math.max(0, ids.length - n);
  return { ids: dropped ? ids.slice(dropped) : ids, dropped };
}

/** Logits of the token after the last one.  ids [T] -> [V] */
async function nextLogits(loaded: LoadedModel, ids: number[]): Promise<Float32Array> {
  const { logits } = await forward(loaded.model, ids); // [T, V]
  const V = logits.shape[1];
  // Only ids the tokenizer can spell are candidates (a padded vocabulary has a few more rows).
  return logits.data.slice((ids.length - 1) * V, (ids.length - 1) * V + Math.min(V, loaded.tokenizer.vocabSize));
}

function encodeForModel(loaded: LoadedModel, text: string) {
  if (text === '') throw new Error('The prompt is empty; there is nothing to predict from.');
  return fitContext(loaded.tokenizer.encode(text), loaded.model.config.n_positions);
}

/** One forward pass on text -> the top-N candidates under the settings, best first. */
export async function predictText(loaded: LoadedModel, text: string, settings: SamplingSettings, topN: number): Promise<Prediction> {
  const start = performance.now();
  const { ids, dropped } = encodeForModel(loaded, text);
  const logits = await nextLogits(loaded, ids);
  const candidates = rankCandidates(logits, settings, topN, loaded.describe);
  return {
    model: loaded.name,
    prompt: text,
    tokens: loaded.describe(ids),
    droppedTokens: dropped,
    contextWindow: loaded.model.config.n_positions,
    settings: { ...settings },
    candidates,
    computeMs: performance.now() - start,
  };
}

/** The widget's settings in the engine's terms (the widget writes "off" as top-k 0). */
export function engineSettings({ temperature, topK, topP }: SamplingSettings): SampleSettings {
  return { temperature, topK: topK > 0 ? topK : null, topP };
}

/** The N most probable tokens under the settings (ties broken by the model's own probability). */
export function rankCandidates(
  logits: ArrayLike<number>,
  settings: SamplingSettings,
  topN: number,
  describe: (ids: number[]) => TokenView[],
): Candidate[] {
  const model = samplingDistribution(logits, { temperature: 1 });
  const probs = samplingDistribution(logits, engineSettings(settings));
  const order = Array.from({ length: logits.length }, (_, i) => i);
  order.sort((a, b) => probs[b] - probs[a] || model[b] - model[a] || a - b);
  const top = order.slice(0, topN);
  return describe(top).map((t, i) => ({ ...t, logit: logits[top[i]], modelProbability: model[top[i]], probability: probs[top[i]] }));
}

/** The seed mixed with the prompt ids, so each prompt gets its own reproducible draw. */
export function promptSeed(seed: number, ids: readonly number[]): number {
  let h = seed >>> 0;
  for (const id of ids) h = Math.imul(h ^ id, 0x9e3779b1) >>> 0;
  return h;
}

/** Picks one next token for text; the same text, settings and seed always give the same pick. */
export async function sampleText(loaded: LoadedModel, text: string, settings: SamplingSettings, seed: number) {
  const { ids } = encodeForModel(loaded, text);
  const probs = samplingDistribution(await nextLogits(loaded, ids), engineSettings(settings));
  const id = drawFrom(probs, mulberry32(promptSeed(seed, ids))());
  return { token: loaded.describe([id])[0], probability: probs[id] };
}

export interface GenerateStep {
  token: TokenView;
  probability: number;
  textSoFar: string;
}

/**
 * Continues text (plus any ids already produced, after a device loss) by up to maxTokens tokens
 * with the engine's KV-cached loop. Aborting makes the iterator throw.
 */
export async function* generateText(
  loaded: LoadedModel,
  text: string,
  produced: readonly number[],
  settings: SamplingSettings,
  seed: number,
  maxTokens: number,
  signal?: AbortSignal,
): AsyncGenerator<GenerateStep> {
  const prompt = loaded.tokenizer.encode(text);
  if (prompt.length === 0) throw new Error('The prompt is empty; there is nothing to continue.');
  const out = [...produced];
  const ids = [...prompt, ...out];
  const options = { ...engineSettings(settings), seed: promptSeed(seed, ids), maxNewTokens: maxTokens, signal };
  for await (const step of generate(loaded.model, ids, options)) {
    out.push(step.id);
    yield { token: loaded.describe([step.id])[0], probability: step.prob, textSoFar: loaded.tokenizer.decode(out) };
  }
}
