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

/**
 * The same [C, V] matrix cut into column blocks of at most `block` tokens, made once at load time.
 * For a big vocabulary (GPT-2's 50,257) WASM multiplies by the blocks about 2x faster than by the
 * whole matrix at once (measured with tf.profile on gpt2's prefill); small vocabularies give one block.
 */
export function unembeddingBlocks(weights: GPTWeights, block = 4096): tf.Tensor2D[] {
  return tf.tidy(() => {
    const full = unembeddingMatrix(weights); // [C, V]
    const [C, V] = full.shape;
    if (V <= block) return [full];
    const blocks: tf.Tensor2D[] = [];
    for (let start = 0; start < V; start += block) blocks.push(tf.slice(full, [0, start], [C, Math.min(block, V - start)]));
    return blocks;
  });
}

export interface Unembedded {
  lnF: tf.Tensor3D; // [B, T, C] after the final LayerNorm
  logits: tf.Tensor3D; // [B, T, V]
}

/** unembedding: the [C, V] matrix, or its column blocks (unembeddingBlocks). */
export function unembed(x: tf.Tensor3D, lnF: LayerNormWeights, unembedding: tf.Tensor2D | tf.Tensor2D[], epsilon: number): Unembedded {
  const [B, T, C] = x.shape;
  const blocks = Array.isArray(unembedding) ? unembedding : [unembedding];
  const V = blocks.reduce((n, b) => n + b.shape[1], 0);
  const normed = layerNorm(x, lnF, epsilon) as tf.Tensor3D; // [B, T, C]
  const flat = tf.reshape(normed, [B * T, C]); // [B*T, C]
  const parts = blocks.map((b) => tf.matMul(flat, b)); // [B*T, V_block] each
  const logits = tf.reshape(parts.length === 1 ? parts[0] : tf.concat(parts, 1), [B, T, V]) as tf.Tensor3D; // [B, T, V]
  return { lnF: normed, logits };
}
