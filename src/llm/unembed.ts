// Stage 4, unembed: final LayerNorm, then a score (logit) for every token in the vocabulary.
// GPT-2 reuses the token embedding here (tied weights): a token's logit is the dot product of
// the final vector with that token's own embedding row.
//   x [B, T, C] -> logits [B, T, V]

import * as tf from '@tensorflow/tfjs-core';
import { layerNorm } from './ops.ts';
import type { GPTWeights, LayerNormWeights } from './weights.ts';

/** The unembedding as a [C, V] matrix: the transposed lm_head, or the transposed wte when tied. */
export function unembeddingMatrix(weights: GPTWeights): tf.Tensor2D {
  return tf.transpose(weights.lm_head ?? weights.wte); // [C, V]
}

export interface Unembedded {
  lnF: tf.Tensor3D; // [B, T, C] after the final LayerNorm
  logits: tf.Tensor3D; // [B, T, V]
}

export function unembed(x: tf.Tensor3D, lnF: LayerNormWeights, unembedding: tf.Tensor2D, epsilon: number): Unembedded {
  const [B, T, C] = x.shape;
  const V = unembedding.shape[1];
  const normed = layerNorm(x, lnF, epsilon) as tf.Tensor3D; // [B, T, C]
  const logits = tf.reshape(tf.matMul(tf.reshape(normed, [B * T, C]), unembedding), [B, T, V]) as tf.Tensor3D; // [B, T, V]
  return { lnF: normed, logits };
}
