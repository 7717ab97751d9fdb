// Stage 3, mlp: the per-token feed-forward network. Every token, on its own, goes up to F = 4C
// channels, through GELU, and back down to C. Most of a GPT's parameters live here.
//   x [B, T, C] -> [B, T, C]

import * as tf from '@tensorflow/tfjs-core';
import { linear, noDropout, type Dropout } from './ops.ts';
import type { BlockWeights } from './weights.ts';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GPT-2's GELU ("gelu_new"), the tanh approximation 0.5 x (1 + tanh(z)) with
 * z = sqrt(2/pi) (x + 0.044715 x^3). Since 0.5 (1 + tanh(z)) = sigmoid(2z), it is computed as
 * x * sigmoid(2z): the same function, fewer ops, and sigmoid is 2-4x faster than tanh on WASM.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const twoZ = tf.mul(x, tf.add(tf.mul(tf.square(x), 2 * SQRT_2_OVER_PI * 0.044715), 2 * SQRT_2_OVER_PI)); // 2z
  return tf.mul(x, tf.sigmoid(twoZ));
}

export interface MlpOutput {
  out: tf.Tensor3D; // [B, T, C]
  hidden: tf.Tensor3D; // [B, T, F] after GELU: which "features" fired for each token
}

/** fused: inference only (see linear()). */
export function mlp(x: tf.Tensor3D, w: BlockWeights['mlp'], dropout: Dropout = noDropout, fused = false): MlpOutput {
  const hidden = gelu(linear(x, w.c_fc, fused)) as tf.Tensor3D; // [B, T, F]
  const out = dropout(linear(hidden, w.c_proj, fused)) as tf.Tensor3D; // [B, T, C]
  return { out, hidden };
}
