// Gradient fixes for TF.js's WASM backend, registered once before training.
//
// Autodiff's own BatchMatMul gradient calls matMul with transposeA / transposeB flags, which the
// WASM kernel runs 15-30x slower than an explicit transpose followed by a plain matMul (measured
// in scripts/bench/train-grads.ts). This file re-registers the gradient with explicit transposes.
// It knows nothing about GPT: any model that calls tf.matMul benefits.

import * as tf from '@tensorflow/tfjs-core';

/** [..., m, n] -> [..., n, m] with a real transpose (a copy), never a matMul flag. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

/** a @ b for rank >= 2 tensors, no transpose flags. */
function mm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D);
}

/**
 * Sums a gradient over the batch dimensions that the forward pass broadcast, so it comes back
 * in the shape of the input it belongs to (e.g. a [C, N] weight used against [B, T, C] inputs).
 */
function reduceTo(grad: tf.Tensor, shape: number[]): tf.Tensor {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const extra = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank - 2; i++) {
    const target = i - extra < 0 ? 1 : shape[i - extra];
    if (target === 1 && grad.shape[i] !== 1) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(grad, axes, true) : grad;
  return tf.reshape(summed, shape);
}

/**
 * dA = dy · Bᵀ and dB = Aᵀ · dy (and the three transposed variants), each written as an explicit
 * transpose then a plain matMul.
 */
export const batchMatMulGradConfig: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const g = dy as tf.Tensor;
    let da: () => tf.Tensor;
    let db: () => tf.Tensor;
    if (!transposeA && !transposeB) {
      da = () => mm(g, swapLast(b)); //     y = a b:    da = dy bᵀ,  db = aᵀ dy
      db = () => mm(swapLast(a), g);
    } else if (!transposeA && transposeB) {
      da = () => mm(g, b); //               y = a bᵀ:   da = dy b,   db = dyᵀ a
      db = () => mm(swapLast(g), a);
    } else if (transposeA && !transposeB) {
      da = () => mm(b, swapLast(g)); //     y = aᵀ b:   da = b dyᵀ,  db = a dy
      db = () => mm(a, g);
    } else {
      da = () => mm(swapLast(b), swapLast(g)); // y = aᵀ bᵀ: da = bᵀ dyᵀ, db = dyᵀ aᵀ
      db = () => mm(swapLast(g), swapLast(a));
    }
    return { a: () => reduceTo(da(), a.shape), b: () => reduceTo(db(), b.shape) };
  },
};

let registered = false;

/** Replaces autodiff's BatchMatMul gradient with the explicit-transpose one (idempotent). */
export function registerTrainingGradients(): void {
  if (registered) return;
  if (tf.getGradient(tf.BatchMatMul)) tf.unregisterGradient(tf.BatchMatMul); // no "overriding" warning
  tf.registerGradient(batchMatMulGradConfig);
  registered = true;
}
