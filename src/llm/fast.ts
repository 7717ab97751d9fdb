// The forward pass once more, written for speed on the CPU backends (WASM, plain JS): one
// sequence, inference only, no trace. gpt.ts is the readable version (batched, differentiable,
// traced) and stays the definition; this file computes the same numbers with about half as many
// kernel calls. On WASM every call costs bookkeeping (a few microseconds), and a small model makes
// hundreds of small calls per pass, so the count matters as much as the arithmetic.
//   ids [T] (after `past`, if any) -> logits [1, T, V], keys/values for the cache
// Shapes: T = new tokens, Tk = keys seen (past + T), C = channels, H = heads, D = C / H.
// What is different from gpt.ts, and why:
//   - matMuls call the kernel directly on [1, T, in] x [1, in, out] (weights viewed as 3D once at
//     load): tf.matMul and tf.fused.matMul wrap every call in up to five reshapes;
//   - attention splits q, k, v into heads with one transpose and one split each, then runs one
//     2D product per head (WASM multiplies one [T, D] x [D, Tk] much faster than a batch of them);
//     the heads' outputs are joined by one concat along channels, so no transpose is needed back;
//   - the embedding lookup is a plain gather (no gradient needed).
// Tests hold it to the float64 reference and to gptForward (tests/unit/llm/fast.test.ts).

import * as tf from '@tensorflow/tfjs-core';
import type { KV } from './attention.ts';
import { causalMask } from './attention.ts';
import type { GPTConfig } from './config.ts';
import { checkPositions } from './embed.ts';
import { gelu } from './mlp.ts';
import { layerNorm, tidy } from './ops.ts';
import type { GPTWeights, LayerNormWeights } from './weights.ts';

/** A linear layer's weight as [1, in, out] (a view: no copy) and its bias [out]. */
interface Linear3 {
  weight: tf.Tensor3D;
  bias: tf.Tensor1D;
}

interface FastBlock {
  ln_1: LayerNormWeights;
  c_attn: Linear3; // [1, C, 3C]
  c_proj: Linear3; // [1, C, C]
  ln_2: LayerNormWeights;
  c_fc: Linear3; // [1, C, F]
  mlp_proj: Linear3; // [1, F, C]
}

/** The blocks' weights as the fast path reads them: 3D views of the same tensors. */
export interface FastWeights {
  blocks: FastBlock[];
}

/** The backends where this path is faster than gptForward (GPU backends prefer fewer, batched kernels). */
export function fastPathApplies(backend = tf.getBackend()): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

/**
 * Views every matrix as [1, in, out] (reshape shares the data, so this costs no memory). The views
 * are kept (tf.keep): like the weights, they live until disposeFast.
 */
export function prepareFast(weights: GPTWeights): FastWeights {
  const view = (w: tf.Tensor2D) => tf.keep(tf.reshape(w, [1, ...w.shape])) as tf.Tensor3D;
  const linear = (l: { weight: tf.Tensor2D; bias: tf.Tensor1D }): Linear3 => ({ weight: view(l.weight), bias: l.bias });
  return {
    blocks: weights.blocks.map((b) => ({
      ln_1: b.ln_1,
      c_attn: linear(b.attn.c_attn),
      c_proj: linear(b.attn.c_proj),
      ln_2: b.ln_2,
      c_fc: linear(b.mlp.c_fc),
      mlp_proj: linear(b.mlp.c_proj),
    })),
  };
}

/** Frees the views (the weights themselves belong to the model). */
export function disposeFast(fast: FastWeights): void {
  for (const b of fast.blocks) tf.dispose([b.c_attn.weight, b.c_proj.weight, b.c_fc.weight, b.mlp_proj.weight]);
}

/** x · W (+ b) in one kernel call.  [1, T, in] x [1, in, out] -> [1, T, out] */
function matMul3(x: tf.Tensor3D, w: tf.Tensor3D, bias?: tf.Tensor1D): tf.Tensor3D {
  const attrs = { transposeA: false, transposeB: false };
  if (!bias) return tf.engine().runKernel('BatchMatMul', { a: x, b: w }, attrs) as tf.Tensor3D;
  return tf.engine().runKernel('_FusedMatMul', { a: x, b: w, bias }, { ...attrs, activation: 'linear' }) as tf.Tensor3D;
}

/** Causal self-attention for one sequence.  x [1, T, C] -> out [1, T, C], present k, v [1, H, Tk, D] */
function attention(x: tf.Tensor3D, w: FastBlock, H: number, past?: KV): { out: tf.Tensor3D; present: KV } {
  const [, T, C] = x.shape;
  const D = C / H;
  const qkv = matMul3(x, w.c_attn.weight, w.c_attn.bias); // [1, T, 3C]
  // Channels are laid out [q heads | k heads | v heads], each head D wide: one transpose puts every
  // head of q, k and v on the leading axis. (Slices, not tf.split: WASM's split is several times slower.)
  const heads = tf.transpose(tf.reshape(qkv, [T, 3 * H, D]), [1, 0, 2]); // [3H, T, D]
  const part = (i: number) => tf.slice(heads, [i * H, 0, 0], [H, T, D]) as tf.Tensor3D; // [H, T, D]
  const k = past ? tf.concat3d([tf.reshape(past.k, [H, -1, D]) as tf.Tensor3D, part(1)], 1) : part(1); // [H, Tk, D]
  const v = past ? tf.concat3d([tf.reshape(past.v, [H, -1, D]) as tf.Tensor3D, part(2)], 1) : part(2); // [H, Tk, D]
  const Tk = k.shape[1];
  const q = tf.mul(part(0), 1 / Math.sqrt(D)) as tf.Tensor3D; // [H, T, D] scaled here: T x D numbers instead of T x Tk
  const kT = tf.transpose(k, [0, 2, 1]) as tf.Tensor3D; // [H, D, Tk]

  let mixed: tf.Tensor3D; // [1, T, C]: the heads' outputs side by side
  if (T === 1) {
    // One new token (decoding): one batched product over heads is cheapest; no mask (nothing is in the future).
    const weights = tf.softmax(matMul3(q, kT)) as tf.Tensor3D; // [H, 1, Tk]
    mixed = tf.reshape(matMul3(weights, v), [1, 1, C]); // [H, 1, D] -> [1, 1, C]
  } else {
    // A whole prompt: one 2D product per head (much faster on WASM than one batched product).
    const mask = tf.reshape(causalMask(T, Tk), [1, T, Tk]); // 0 or -1e9; same rank as the scores, so no broadcasting
    const head = (t: tf.Tensor3D, h: number) => tf.slice(t, [h, 0, 0], [1, t.shape[1], t.shape[2]]) as tf.Tensor3D;
    const outs: tf.Tensor3D[] = [];
    for (let h = 0; h < H; h++) {
      const weights = tf.softmax(tf.add(matMul3(head(q, h), head(kT, h)), mask)) as tf.Tensor3D; // [1, T, Tk]
      outs.push(matMul3(weights, head(v, h))); // [1, T, D]
    }
    // Stacking heads first and transposing once is cheaper than concatenating along channels.
    mixed = tf.reshape(tf.transpose(tf.concat(outs, 0), [1, 0, 2]), [1, T, C]); // [H, T, D] -> [T, H, D] -> [1, T, C]
  }
  const out = matMul3(mixed, w.c_proj.weight, w.c_proj.bias); // [1, T, C]
  return { out, present: { k: tf.reshape(k, [1, H, Tk, D]), v: tf.reshape(v, [1, H, Tk, D]) } };
}

export interface FastResult {
  logits: tf.Tensor3D; // [1, T, V] (only the last position when lastOnly)
  present?: KV[]; // per layer, keys and values including these tokens (only when opts.past was given)
}

/**
 * The forward pass over `ids`, continuing after `past` when given (pass [] to start a cache).
 * Same numbers as gptForward with inference on; every returned tensor belongs to the caller.
 * unembedding: the model's [C, V] column blocks. lastOnly: unembed only the last position
 * (generation needs nothing else).
 */
export function fastForward(
  config: GPTConfig,
  weights: GPTWeights,
  fast: FastWeights,
  unembedding: tf.Tensor2D[],
  ids: number[],
  opts: { past?: KV[]; lastOnly?: boolean } = {},
): FastResult {
  return tidy(() => {
    const T = ids.length;
    const C = config.n_embd;
    const start = opts.past && opts.past.length > 0 ? opts.past[0].k.shape[2] : 0;
    checkPositions(start, T, config.n_positions);
    const eps = config.layer_norm_epsilon;
    const tok = tf.gather(weights.wte, tf.tensor1d(ids, 'int32')); // [T, C]
    const pos = tf.slice(weights.wpe, [start, 0], [T, C]); // [T, C]
    let x = tf.reshape(tf.add(tok, pos), [1, T, C]) as tf.Tensor3D; // [1, T, C] the residual stream

    const present: KV[] = [];
    fast.blocks.forEach((w, i) => {
      const a = attention(layerNorm(x, w.ln_1, eps) as tf.Tensor3D, w, config.n_head, opts.past?.[i]);
      x = tf.add(x, a.out); // [1, T, C]
      const hidden = gelu(matMul3(layerNorm(x, w.ln_2, eps) as tf.Tensor3D, w.c_fc.weight, w.c_fc.bias)); // [1, T, F]
      x = tf.add(x, matMul3(hidden as tf.Tensor3D, w.mlp_proj.weight, w.mlp_proj.bias)); // [1, T, C]
      present.push(a.present);
    });

    const last = opts.lastOnly && T > 1 ? (tf.slice(x, [0, T - 1, 0], [1, 1, C]) as tf.Tensor3D) : x; // [1, T', C]
    const normed = layerNorm(last, weights.ln_f, eps) as tf.Tensor3D; // [1, T', C]
    const parts = unembedding.map((u) => matMul3(normed, tf.reshape(u, [1, ...u.shape]) as tf.Tensor3D)); // [1, T', V_block] each
    const logits = parts.length === 1 ? parts[0] : (tf.concat(parts, 2) as tf.Tensor3D); // [1, T', V]
    const result: FastResult = opts.past ? { logits, present } : { logits };
    return result;
  });
}
