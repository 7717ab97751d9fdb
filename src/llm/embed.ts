// Stage 1, embed: token ids -> one vector per token, the sum of "which token" and "where".
//   ids [B, T] -> x [B, T, C]
// Knows nothing about attention or sampling.

import * as tf from '@tensorflow/tfjs-core';

/**
 * Row lookup table[ids] with a gradient that works on every backend: tf.gather's own gradient
 * (UnsortedSegmentSum) is missing on WASM, so the gradient is written as a scatter-add
 * (repeated ids add up their gradients).  table [V, C], ids [N] -> [N, C]
 */
function lookupRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  // ids go in as an input and are saved: a closure would see them disposed by an enclosing tidy
  // before the backward pass runs.
  const gatherWithGrad = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, save: tf.GradSaveFunc) => {
    save([i]);
    return {
      value: tf.gather(t, i as tf.Tensor1D), // [N, C]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.scatterND(tf.expandDims(saved[0], 1), dy, t.shape), // [V, C]
        tf.zerosLike(saved[0]),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return gatherWithGrad(table, ids) as tf.Tensor2D;
}

export interface Embedded {
  x: tf.Tensor3D; // [B, T, C] token + position
  tok: tf.Tensor3D; // [B, T, C] token embeddings alone
  pos: tf.Tensor2D; // [T, C] position embeddings alone
}

/** Throws unless positions start .. start + T - 1 fit in a context of P positions. */
export function checkPositions(start: number, T: number, P: number): void {
  if (start + T > P) throw new Error(`Positions ${start}..${start + T - 1} exceed the context of ${P} positions.`);
}

/** Token embedding plus learned position embedding; positions start at `start` (the KV cache's length). */
export function embed(ids: tf.Tensor2D, wte: tf.Tensor2D, wpe: tf.Tensor2D, start = 0): Embedded {
  const [B, T] = ids.shape;
  const C = wte.shape[1];
  checkPositions(start, T, wpe.shape[0]);
  const tok = tf.reshape(lookupRows(wte, tf.reshape(ids, [B * T])), [B, T, C]) as tf.Tensor3D; // [B, T, C]
  const pos = tf.slice(wpe, [start, 0], [T, C]); // [T, C]
  const x = tf.add(tok, pos) as tf.Tensor3D; // [B, T, C] (pos broadcasts over the batch)
  return { x, tok, pos };
}
