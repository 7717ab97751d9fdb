// One transformer block, GPT-2 style (LayerNorm before each sublayer, residual around it):
//   x = x + attn(ln_1(x))
//   x = x + mlp(ln_2(x))
//   x [B, T, C] -> [B, T, C]

import * as tf from '@tensorflow/tfjs-core';
import { attention, type KV } from './attention.ts';
import type { GPTConfig } from './config.ts';
import type { BlockKnockout } from './knockout.ts';
import { mlp } from './mlp.ts';
import { layerNorm, noDropout, type Dropout } from './ops.ts';
import type { BlockWeights } from './weights.ts';

/** What one block records for the views when tracing is on (batch axis kept). */
export interface BlockTrace {
  ln1: tf.Tensor3D; // [B, T, C] input to attention
  q: tf.Tensor4D; // [B, H, T, D]
  k: tf.Tensor4D; // [B, H, Tk, D]
  v: tf.Tensor4D; // [B, H, Tk, D]
  attn: tf.Tensor4D; // [B, H, T, Tk] attention weights
  attnOut: tf.Tensor3D; // [B, T, C] what attention adds to the residual stream
  residAttn: tf.Tensor3D; // [B, T, C] residual stream after attention
  ln2: tf.Tensor3D; // [B, T, C] input to the MLP
  mlpHidden: tf.Tensor3D; // [B, T, F] after GELU
  mlpOut: tf.Tensor3D; // [B, T, C] what the MLP adds
  residMlp: tf.Tensor3D; // [B, T, C] residual stream after the whole block
}

export interface BlockOutput {
  x: tf.Tensor3D; // [B, T, C]
  present: KV;
  trace?: BlockTrace;
}

export interface BlockOptions {
  past?: KV;
  dropout?: Dropout;
  trace?: boolean;
  fused?: boolean;
  off?: BlockKnockout; // parts switched off (inspection); absent: the ordinary block
}

export function block(x: tf.Tensor3D, w: BlockWeights, config: GPTConfig, opts: BlockOptions = {}): BlockOutput {
  const { dropout = noDropout, off } = opts;
  const epsilon = config.layer_norm_epsilon;
  const ln1 = layerNorm(x, w.ln_1, epsilon) as tf.Tensor3D; // [B, T, C]
  const a = attention(ln1, w.attn, config, { past: opts.past, dropout, fused: opts.fused, knockedOut: off?.heads });
  // A knocked-out part is still computed (the views show its attention) but adds nothing.
  const residAttn = off?.block ? x : (tf.add(x, a.out) as tf.Tensor3D); // [B, T, C]
  const ln2 = layerNorm(residAttn, w.ln_2, epsilon) as tf.Tensor3D; // [B, T, C]
  const m = mlp(ln2, w.mlp, dropout, opts.fused);
  const residMlp = off?.block || off?.mlp ? residAttn : (tf.add(residAttn, m.out) as tf.Tensor3D); // [B, T, C]
  const out: BlockOutput = { x: residMlp, present: a.present };
  if (opts.trace) {
    out.trace = {
      ln1, q: a.q, k: a.present.k, v: a.present.v, attn: a.weights, attnOut: a.out, residAttn,
      ln2, mlpHidden: m.hidden, mlpOut: m.out, residMlp,
    };
  }
  return out;
}
