// Stage 2, attention: causal multi-head self-attention, the only place where tokens look at
// each other. Each token asks a question (query), every earlier token offers a label (key) and
// a message (value); the token takes a softmax-weighted mix of the messages.
//   x [B, T, C] -> [B, T, C]
// Shapes: H = heads, D = C / H, Tk = keys seen (cached past + T).

import * as tf from '@tensorflow/tfjs-core';
import type { GPTConfig } from './config.ts';
import { linear, noDropout, type Dropout } from './ops.ts';
import type { BlockWeights } from './weights.ts';

/** Keys and values of earlier tokens, kept between generation steps.  k, v [B, H, Tk, D] */
export interface KV {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

export interface AttentionOutput {
  out: tf.Tensor3D; // [B, T, C]
  present: KV; // keys and values including this call's tokens, for the next step's cache
  q: tf.Tensor4D; // [B, H, T, D]
  weights: tf.Tensor4D; // [B, H, T, Tk] softmax attention weights (rows sum to 1)
}

// Additive causal masks by shape: 0 where a query may look, -1e9 where it may not (the future).
// Adding is cheaper than tf.where on WASM and has a trivial gradient. Kept across calls.
const masks = new Map<string, tf.Tensor2D>();
const MAX_MASKS = 32;

/** [Tq, Tk] mask for Tq new queries that sit at the last Tq of Tk positions. */
export function causalMask(Tq: number, Tk: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${Tq}x${Tk}`;
  let mask = masks.get(key);
  if (!mask || mask.isDisposed) {
    const values = new Float32Array(Tq * Tk);
    for (let i = 0; i < Tq; i++) {
      for (let j = Tk - Tq + i + 1; j < Tk; j++) values[i * Tk + j] = -1e9;
    }
    if (masks.size >= MAX_MASKS) clearMaskCache();
    mask = tf.keep(tf.tensor2d(values, [Tq, Tk]));
    masks.set(key, mask);
  }
  return mask;
}

/** Frees the cached masks (called when the backend changes; leak tests warm up first). */
export function clearMaskCache(): void {
  for (const m of masks.values()) m.dispose();
  masks.clear();
}

/** [B, T, C] -> [B, H, T, D]: split channels into heads, heads become a batch axis. */
function splitHeads(x: tf.Tensor, H: number): tf.Tensor4D {
  const [B, T, C] = x.shape;
  return tf.transpose(tf.reshape(x, [B, T, H, C / H]), [0, 2, 1, 3]); // [B, H, T, D]
}

/** [B, H, T, D] -> [B, T, C]: put the heads back side by side. */
function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [B, H, T, D] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, H * D]); // [B, T, C]
}

/** Softmax over one head's scores, with the causal mask added first.  [..., T, Tk] */
function softmaxMasked(scores: tf.Tensor, mask: tf.Tensor2D | null): tf.Tensor {
  return tf.softmax(mask ? tf.add(scores, mask) : scores);
}

/**
 * weights = softmax(q · kᵀ + mask), mixed = weights · v, for every head at once.
 *   q [B, H, T, D], kT [B, H, D, Tk], v [B, H, Tk, D] -> weights [B, H, T, Tk], mixed [B, H, T, D]
 * On WASM, one 2D matMul per (window, head) beats WASM's batched matMul where it counts: a training step
 * ~1.25x, the single-sequence inspection pass ~1.4x (only batched inference, B >= 4, is faster without it).
 * Same numbers either way; docs/benchmarks.md, "Keep or drop".
 */
function attend(q: tf.Tensor4D, kT: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D | null, dropout: Dropout) {
  const [B, H, T, D] = q.shape;
  const Tk = kT.shape[3];
  if (T > 1 && tf.getBackend() === 'wasm') {
    const n = B * H;
    const qs = tf.split(tf.reshape(q, [n * T, D]), n); // n x [T, D]
    const kTs = tf.split(tf.reshape(kT, [n * D, Tk]), n); // n x [D, Tk]
    const vs = tf.split(tf.reshape(v, [n * Tk, D]), n); // n x [Tk, D]
    const ws = qs.map((qh, h) => softmaxMasked(tf.matMul(qh, kTs[h]), mask)); // n x [T, Tk]
    const ms = ws.map((wh, h) => tf.matMul(dropout(wh), vs[h])); // n x [T, D]
    return {
      weights: tf.reshape(tf.concat(ws), [B, H, T, Tk]) as tf.Tensor4D,
      mixed: tf.reshape(tf.concat(ms), [B, H, T, D]) as tf.Tensor4D,
    };
  }
  const weights = softmaxMasked(tf.matMul(q, kT), mask) as tf.Tensor4D; // [B, H, T, Tk]
  const mixed = tf.matMul(dropout(weights), v) as tf.Tensor4D; // [B, H, T, D]
  return { weights, mixed };
}

export interface AttentionOptions {
  past?: KV; // cached keys/values of earlier tokens
  dropout?: Dropout;
  fused?: boolean; // inference only: see linear()
  knockedOut?: readonly number[]; // heads whose output is zeroed before c_proj (inspection's knock-outs)
}

/** [1, H, 1, 1] of ones with zeros at the knocked-out heads, to multiply the heads' outputs by. */
function headMask(H: number, off: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(Array.from({ length: H }, (_, h) => (off.includes(h) ? 0 : 1)), [1, H, 1, 1]);
}

export function attention(x: tf.Tensor3D, w: BlockWeights['attn'], config: GPTConfig, opts: AttentionOptions = {}): AttentionOutput {
  const { past, dropout = noDropout, fused = false } = opts;
  const C = x.shape[2];
  const H = config.n_head;
  const qkv = linear(x, w.c_attn, fused); // [B, T, 3C]
  const [qAll, kAll, vAll] = tf.split(qkv, [C, C, C], 2); // 3 x [B, T, C]
  const q = splitHeads(qAll, H); // [B, H, T, D]
  let k = splitHeads(kAll, H); // [B, H, T, D]
  let v = splitHeads(vAll, H); // [B, H, T, D]
  if (past) {
    k = tf.concat([past.k, k], 2); // [B, H, Tk, D]
    v = tf.concat([past.v, v], 2); // [B, H, Tk, D]
  }
  const T = q.shape[2];
  const Tk = k.shape[2];
  const D = C / H;

  // Scaled dot product: similarity of every query with every key, scaled so its variance stays ~1.
  // Scaling q (T x D numbers) is cheaper than scaling the scores (T x Tk). The explicit transpose
  // is much faster on WASM than matMul(q, k, false, true).
  const kT = tf.transpose(k, [0, 1, 3, 2]); // [B, H, D, Tk]
  const mask = T > 1 ? causalMask(T, Tk) : null; // the future is masked out
  const { weights, mixed } = attend(tf.mul(q, 1 / Math.sqrt(D)), kT, v, mask, dropout);
  const heads = opts.knockedOut?.length ? (tf.mul(mixed, headMask(H, opts.knockedOut)) as tf.Tensor4D) : mixed; // [B, H, T, D]
  const out = dropout(linear(mergeHeads(heads), w.c_proj, fused)) as tf.Tensor3D; // [B, T, C]
  return { out, present: { k, v }, q, weights };
}
