// Model folders in Hugging Face's GPT-2 layout, in and out:
//   config.json        GPT-2's config keys (see config.ts)
//   model.safetensors  wte.weight, wpe.weight, h.{i}.ln_1.weight, ... (GPT-2 names and orientation)
//   tokenizer.json     optional: the model's own tokenizer
// Loads from bytes or from a URL (streamed, with byte progress). Node's file access lives in
// node-fs.ts so that this file stays browser-safe.

import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type GPTConfig } from '../config.ts';
import { createModel, type GPTModel } from '../gpt.ts';
import { parseSafetensors, SafetensorsError, writeSafetensors, type SafetensorsFile } from './safetensors.ts';
import { BpeTokenizer, specFromTokenizerJson, type Tokenizer } from '../tokenizer/tokenizer.ts';
import { namedWeights, weightShapes, weightsFromNamed, type GPTWeights } from '../weights.ts';

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** What a loaded checkpoint held besides the weights, for `info` and the UI. */
export interface CheckpointInfo {
  bytes: number; // size of model.safetensors
  dtypes: Record<string, number>; // dtype -> number of tensors loaded with it
  ignored: string[]; // tensors in the file that are not parameters (e.g. attn.bias masks)
  prefix: string; // '' or 'transformer.'
}

export interface LoadedModel extends GPTModel {
  info: CheckpointInfo;
}

/** Finds each expected tensor (with or without the `transformer.` prefix), checks its shape, decodes it. */
function weightsFromSafetensors(config: GPTConfig, file: SafetensorsFile): { weights: GPTWeights; info: CheckpointInfo } {
  const names = [...file.header.keys()];
  const prefix = names.some((n) => n.startsWith('transformer.')) ? 'transformer.' : '';
  const expected = weightShapes(config);
  const locate = (name: string) => (name === 'lm_head.weight' && file.header.has(name) ? name : prefix + name);
  const used = new Set<string>();
  const dtypes: Record<string, number> = {};
  const values = new Map<string, Float32Array>();
  for (const [name, shape] of expected) {
    const key = locate(name);
    const entry = file.header.get(key);
    if (!entry) {
      const hint = name === 'lm_head.weight' ? ' (config.json says tie_word_embeddings: false, so an untied lm_head.weight is needed)' : '';
      throw new CheckpointError(`Checkpoint is missing tensor "${key}"${hint}.`);
    }
    if (entry.shape.length !== shape.length || entry.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(
        `Tensor "${key}" has shape ${JSON.stringify(entry.shape)}, but config.json needs ${JSON.stringify(shape)}.`,
      );
    }
    values.set(name, file.read(key));
    used.add(key);
    dtypes[entry.dtype] = (dtypes[entry.dtype] ?? 0) + 1;
  }
  // Everything else is a buffer (causal masks), or lm_head tied to wte: not a parameter.
  const ignored = names.filter((n) => !used.has(n));
  const shapes = new Map(expected);
  const weights = weightsFromNamed(config, (name) => tf.tensor(values.get(name)!, shapes.get(name)!, 'float32'));
  return { weights, info: { bytes: file.byteLength, dtypes, ignored, prefix } };
}

export interface ModelFiles {
  config: unknown; // parsed config.json, or its text
  weights: Uint8Array; // model.safetensors
  tokenizer?: string | Tokenizer | null; // tokenizer.json text, or a ready tokenizer
}

/** Builds a model from the bytes of a model folder's files. Every problem is a clear error. */
export function loadModelFromBytes(files: ModelFiles): LoadedModel {
  let raw = files.config;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      throw new CheckpointError(`config.json is not valid JSON (${(err as Error).message}).`);
    }
  }
  const config = parseConfig(raw);
  const { weights, info } = weightsFromSafetensors(config, parseSafetensors(files.weights));
  let tokenizer: Tokenizer | undefined;
  if (typeof files.tokenizer === 'string') tokenizer = new BpeTokenizer(specFromTokenizerJson(files.tokenizer));
  else if (files.tokenizer) tokenizer = files.tokenizer;
  if (tokenizer && tokenizer.vocabSize > config.vocab_size) {
    throw new CheckpointError(`tokenizer.json has ${tokenizer.vocabSize} tokens but the model only ${config.vocab_size}.`);
  }
  return { ...createModel(config, weights, tokenizer), info };
}

export interface Progress {
  loaded: number; // bytes of model.safetensors received so far
  total: number | null; // from Content-Length, when the server sends it
}

export interface UrlLoadOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Fetch tokenizer.json? Default true (a 404 then means "no tokenizer"); false skips the request. */
  tokenizer?: boolean;
}

/** Loads `${base}config.json`, `${base}model.safetensors` (streamed) and, if present, `${base}tokenizer.json`. */
export async function loadModelFromUrl(base: string, opts: UrlLoadOptions = {}): Promise<LoadedModel> {
  const get = opts.fetch ?? fetch;
  const dir = base.endsWith('/') ? base : `${base}/`;
  const response = async (file: string, optional = false) => {
    const r = await get(dir + file, { signal: opts.signal });
    if (!r.ok && !(optional && r.status === 404)) throw new CheckpointError(`Could not fetch ${dir + file}: HTTP ${r.status}.`);
    return r.ok ? r : null;
  };
  const config = await (await response('config.json'))!.json();
  const tokenizerResponse = opts.tokenizer === false ? null : await response('tokenizer.json', true);
  const tokenizer = tokenizerResponse ? await tokenizerResponse.text() : null;
  const weights = await readStream((await response('model.safetensors'))!, opts.onProgress);
  return loadModelFromBytes({ config, weights, tokenizer });
}

async function readStream(r: Response, onProgress?: (p: Progress) => void): Promise<Uint8Array> {
  const header = r.headers.get('content-length');
  const total = header ? Number(header) : null;
  if (!r.body) return new Uint8Array(await r.arrayBuffer());
  const reader = r.body.getReader();
  // Fill one buffer when the size is known; otherwise collect chunks and join them at the end.
  let buffer = new Uint8Array(total ?? 0);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total !== null && loaded + value.length <= total) buffer.set(value, loaded);
    else chunks.push(value);
    loaded += value.length;
    onProgress?.({ loaded, total });
  }
  if (total === null || chunks.length) {
    const all = new Uint8Array(loaded);
    let at = 0;
    if (total !== null) {
      all.set(buffer.subarray(0, Math.min(total, loaded)), 0);
      at = Math.min(total, loaded);
    }
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    buffer = all;
  } else if (loaded < total) {
    throw new SafetensorsError(`model.safetensors: received ${loaded} of ${total} bytes (connection cut; truncated).`);
  }
  return buffer;
}

/** config.json text for a config (GPT-2 keys, plus model_type so Hugging Face can read it too). */
export function configJson(config: GPTConfig): string {
  const json = { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], ...config, n_inner: config.n_inner ?? null };
  return JSON.stringify(json, null, 2) + '\n';
}

/** model.safetensors bytes for weights, F32 or F16, in GPT-2 names. */
export async function weightsToSafetensors(weights: GPTWeights, dtype: 'F32' | 'F16' = 'F32'): Promise<Uint8Array> {
  const tensors = [];
  for (const [name, t] of namedWeights(weights)) {
    tensors.push({ name, shape: t.shape.slice(), data: (await t.data()) as Float32Array });
  }
  return writeSafetensors(tensors, dtype, { format: 'pt' });
}
