// The public API of src/llm: everything a page, a worker, the CLI or a test needs.
//
//   await initBackend({ wasmPaths: `${base}tfjs/` })         -> { name: 'webgpu' | 'wasm' | ..., detail, reason }
//   const model = await loadModel('/next-token/models/book-small/', { onProgress })   a URL; in Node also a folder
//     path; or { config, weights: Uint8Array, tokenizer? } (the bytes of the folder's files)
//   const { logits, trace } = await forward(model, ids, { trace: true })   logits [T, V] as { shape, data }
//   const view = await inspect(model, ids, { knockouts: { heads: [{ layer: 0, head: 1 }], mlps: [2] } })
//     attention [L, H, T, T], lens [L + 1, V], residual/update norms, last-position logits (inspect.ts)
//   for await (const t of generate(model, ids, { maxNewTokens: 20, temperature: 0.8, topK: 40, seed: 1, signal }))
//     console.log(t.id, t.text)
//   validateSampling({ temperature, topK, topP })              throws a clear RangeError
//   countParameters(config)                                    -> { total, weightsOnly, breakdown, rows }
//   disposeModel(model)
//   gptForward(config, weights, ids [B, T] int32, { training, dropout, seed, trace, past })   the batched,
//     differentiable core (training); initWeights(config, seed) / mapWeights / disposeWeights
//
// Node-only helpers (loading a folder from disk, the wasm path) are in node-fs.ts: import that
// file directly from Node code; it is deliberately not re-exported here.
//
// Shape legend: B batch, T tokens, C channels, H heads, D = C / H, F = MLP width, V vocab.

import { loadModelFromBytes, loadModelFromUrl, type LoadedModel, type UrlLoadOptions } from './checkpoint.ts';

export { BACKEND_ORDER, initBackend, isBackendName, onBackendLost, resetBackend } from './backend.ts';
export type { BackendInfo, BackendName, BackendOptions } from './backend.ts';
export { getPreset, isPresetName, mlpWidth, parseConfig, PRESETS } from './config.ts';
export type { GPTConfig, PresetName } from './config.ts';
export { countParameters, formatCount } from './params.ts';
export type { ParamCount, ParamRow } from './params.ts';
export { CheckpointError, configJson, loadModelFromBytes, loadModelFromUrl, weightsToSafetensors } from './checkpoint.ts';
export type { CheckpointInfo, LoadedModel, ModelFiles, Progress, UrlLoadOptions } from './checkpoint.ts';
export { parseSafetensors, SafetensorsError, writeSafetensors } from './safetensors.ts';
export { checkIds, createModel, disposeCache, disposeModel, forward, gptForward } from './gpt.ts';
export type { Activation, BatchTrace, ForwardOptions, ForwardOutput, ForwardResult, GPTModel, KVCache, LayerTrace, Trace } from './gpt.ts';
export { inspect } from './inspect.ts';
export type { HeadDetail, InspectOptions, Inspection } from './inspect.ts';
export { checkKnockouts, formatKnockouts, klDivergence, normaliseKnockouts, parseKnockouts } from './knockout.ts';
export type { Knockouts } from './knockout.ts';
export { generate } from './generate.ts';
export type { GenerateOptions, GeneratedToken } from './generate.ts';
export { argmax, createSampler, samplingDistribution, validateSampling } from './sample.ts';
export type { CheckedSettings, SampleSettings } from './sample.ts';
export { disposeWeights, initWeights, mapWeights, namedWeights, weightShapes, weightsFromNamed } from './weights.ts';
export type { BlockWeights, GPTWeights, LayerNormWeights, LinearWeights } from './weights.ts';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

/**
 * Loads a model folder from a path (Node), a URL (config.json, model.safetensors streamed with
 * byte progress, optional tokenizer.json) or from the bytes of its files.
 */
export function loadModel(from: string | URL, opts?: UrlLoadOptions): Promise<LoadedModel>;
export function loadModel(from: Parameters<typeof loadModelFromBytes>[0]): Promise<LoadedModel>;
export async function loadModel(from: string | URL | Parameters<typeof loadModelFromBytes>[0], opts?: UrlLoadOptions): Promise<LoadedModel> {
  if (typeof from === 'string' && isNode && !/^(https?|data|blob):/i.test(from)) {
    // A path on disk. The specifier is a variable so that browser bundlers never pull in node:fs.
    const nodeFs = './node-fs.ts';
    const { loadModelFromDir } = (await import(/* @vite-ignore */ nodeFs)) as typeof import('./node-fs.ts');
    return loadModelFromDir(from);
  }
  if (typeof from === 'string' || from instanceof URL) return loadModelFromUrl(String(from), opts);
  return loadModelFromBytes(from);
}
export { BpeTokenizer, byteSymbols, END_OF_TEXT, specFromTokenizerJson, TokenTextStream } from './tokenizer.ts';
export type { BpeSpec, SpecialToken, Tokenizer, TokenizerJson } from './tokenizer.ts';
export { learnMerges, train as trainTokenizer } from './bpe-train.ts';
export type { MergeEvent, TrainOptions } from './bpe-train.ts';
export { pretokenize, GPT2_PATTERN } from './pretokenize.ts';
export { displayBytes, displaySymbols, visibleText } from './token-display.ts';
// GPT-2's 50k vocabulary is imported lazily inside loadGpt2Tokenizer (a separate chunk).
export { GPT2_EOT_ID, GPT2_VOCAB_SIZE, loadGpt2Tokenizer } from './gpt2-tokenizer.ts';
