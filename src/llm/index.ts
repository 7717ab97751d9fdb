// The public API of src/llm: everything a page, a worker, the CLI or a test needs.
//
//   await initBackend({ wasmPaths: `${base}tfjs/` })         -> { name: 'webgpu' | 'wasm' | ..., detail, reason }
//   const model = await loadModelFromUrl('/next-token/models/book-small/', { onProgress })   or
//     loadModelFromBytes({ config, weights: Uint8Array, tokenizer? }) (the bytes of the folder's files)
//   const { logits, trace } = await forward(model, ids, { trace: true })   logits [T, V] as { shape, data }
//   const view = await inspect(model, ids, { knockouts: { heads: [{ layer: 0, head: 1 }], mlps: [2] } })
//     attention [L, H, T, T], lens [L + 1, V], residual/update norms, last-position logits (inspect.ts)
//   for await (const t of generate(model, ids, { maxNewTokens: 20, temperature: 0.8, topK: 40, seed: 1, signal }))
//     console.log(t.id, t.text)
//   const { logits, droppedTokens } = await nextToken(model, ids)   the next token's logits [V] only
//   const { ids, text } = await completeText(model, 'The city', { maxNewTokens: 20 })   encode, generate, decode
//   validateSampling({ temperature, topK, topP })              throws a clear RangeError
//   countParameters(config)                                    -> { total, weightsOnly, breakdown, rows }
//   disposeModel(model)
//   gptForward(config, weights, ids [B, T] int32, { training, dropout, seed, trace, past })   the batched,
//     differentiable core (training); initWeights(config, seed) / mapWeights / disposeWeights
//
// Node-only helpers (loadModelFromDir for a folder on disk, the wasm path) are in node-fs.ts: import that
// file directly from Node code; it is deliberately not re-exported here.
//
// Shape legend: B batch, T tokens, C channels, H heads, D = C / H, F = MLP width, V vocab.

export { BACKEND_LABELS, BACKEND_ORDER, backendOverrideFrom, initBackend, isBackendName, onBackendLost, parseBackendOverride, resetBackend } from './backend.ts';
export type { BackendInfo, BackendName, BackendOptions, BackendOverride } from './backend.ts';
export { BOOK_MODEL, BOOK_MODELS, getPreset, isPresetName, mlpWidth, parseConfig, PRESETS } from './config.ts';
export type { BookModelName, GPTConfig, PresetName } from './config.ts';
export { countParameters, formatCount } from './params.ts';
export type { ParamCount, ParamRow } from './params.ts';
export { CheckpointError, configJson, loadModelFromBytes, loadModelFromUrl, weightsToSafetensors } from './io/checkpoint.ts';
export type { CheckpointInfo, LoadedModel, ModelFiles, Progress, UrlLoadOptions } from './io/checkpoint.ts';
export { parseSafetensors, SafetensorsError, writeSafetensors } from './io/safetensors.ts';
export { checkIds, createModel, disposeCache, disposeModel, forward, gptForward } from './gpt.ts';
export type { Activation, BatchTrace, ForwardOptions, ForwardOutput, ForwardResult, GPTModel, KVCache, LayerTrace, Trace } from './gpt.ts';
export { inspect } from './inspect.ts';
export type { HeadDetail, InspectOptions, Inspection } from './inspect.ts';
export { checkKnockouts, formatKnockouts, klDivergence, normaliseKnockouts, parseKnockouts } from './knockout.ts';
export type { Knockouts } from './knockout.ts';
export { generate } from './generate.ts';
export type { GenerateOptions, GeneratedToken } from './generate.ts';
export { completeText, generateText, promptIds } from './generate-text.ts';
export type { Completion, TextGenerateOptions, TextStep } from './generate-text.ts';
export { fitContext, nextToken, nextTokenLogits } from './next-token.ts';
export type { FittedContext, NextToken } from './next-token.ts';
export { argmax, createSampler, samplingDistribution, validateSampling } from './sample.ts';
export type { CheckedSettings, SampleSettings } from './sample.ts';
export { disposeWeights, initWeights, mapWeights, namedWeights, weightShapes, weightsFromNamed } from './weights.ts';
export type { BlockWeights, GPTWeights, LayerNormWeights, LinearWeights } from './weights.ts';

export { BpeTokenizer, byteSymbols, END_OF_TEXT, specFromTokenizerJson, TokenTextStream } from './tokenizer/tokenizer.ts';
export type { BpeSpec, SpecialToken, Tokenizer, TokenizerJson } from './tokenizer/tokenizer.ts';
export { learnMerges, train as trainTokenizer } from './tokenizer/bpe-train.ts';
export type { MergeEvent, TrainOptions } from './tokenizer/bpe-train.ts';
export { pretokenize, GPT2_PATTERN } from './tokenizer/pretokenize.ts';
export { displayBytes, displaySymbols, visibleText } from './tokenizer/token-display.ts';
// GPT-2's 50k vocabulary is imported lazily inside loadGpt2Tokenizer (a separate chunk).
export { GPT2_EOT_ID, GPT2_VOCAB_SIZE, loadGpt2Tokenizer } from './tokenizer/gpt2-tokenizer.ts';
