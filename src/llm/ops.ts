// The small pieces every stage shares: a linear layer, LayerNorm, dropout, and tf.tidy for typed results.
// Shapes: B = batch, T = tokens, C = channels. All pure tf ops, so autodiff works through them.

import * as tf from '@tensorflow/tfjs-core';
import './gradients.ts'; // autodiff support for every op below (tfjs-core registers none)
import type { LayerNormWeights, LinearWeights } from './weights.ts';

/**
 * y = x · W + b over the last axis, for any leading shape.  [..., in] -> [..., out]
 * `fused` adds the bias inside the matMul kernel (up to ~20% faster forward passes on WASM), but
 * tf.fused.matMul's own gradient uses matMul's slow transpose flags (a training step 3x slower): inference
 * only. Both measured in docs/benchmarks.md, "Keep or drop".
 */
export function linear(x: tf.Tensor, w: LinearWeights, fused = false): tf.Tensor {
  const [inDim, outDim] = w.weight.shape;
  const lead = x.shape.slice(0, -1);
  const flat = tf.reshape(x, [-1, inDim]); // [N, in]
  const y = fused
    ? tf.fused.matMul({ a: flat, b: w.weight, bias: w.bias }) // [N, out]
    : tf.add(tf.matMul(flat, w.weight), w.bias); // [N, out]
  return tf.reshape(y, [...lead, outDim]); // [..., out]
}

/** Normalise each vector to mean 0, variance 1, then scale and shift.  [..., C] -> [..., C] */
export function layerNorm(x: tf.Tensor, w: LayerNormWeights, epsilon: number): tf.Tensor {
  const mean = tf.mean(x, -1, true); // [..., 1]
  const centered = tf.sub(x, mean); // [..., C]
  const variance = tf.mean(tf.square(centered), -1, true); // [..., 1] (biased, as in PyTorch)
  const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, epsilon))); // [..., C]
  return tf.add(tf.mul(normed, w.weight), w.bias); // [..., C]
}

/** Zeroes a random fraction of activations while training; the identity otherwise. */
export type Dropout = (x: tf.Tensor) => tf.Tensor;

export const noDropout: Dropout = (x) => x;

/**
 * Dropout with rate p where every call site gets its own seed (seed, seed + 1, ...), so one
 * forward pass is reproducible from one seed, and different sites never share a mask.
 */
export function makeDropout(rate: number, seed: number): Dropout {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout must be in [0, 1), got ${rate}.`);
  if (rate === 0) return noDropout;
  let site = 0;
  return (x) => tf.dropout(x, rate, undefined, seed * 1000 + site++);
}

/**
 * tf.tidy for a function that returns an object of tensors typed by an interface (ForwardResult, a trace ...):
 * everything the function allocated is disposed except the tensors reachable from its result. tf.tidy's own
 * type asks for a tf.TensorContainer, which TypeScript will not match to an interface (no index signature), so
 * the one cast between the two lives here.
 */
export function tidy<T extends object>(fn: () => T): T {
  return tf.tidy(() => fn() as unknown as tf.TensorContainer) as unknown as T;
}

/** tf.dispose for the same kind of object: every tensor reachable from it. */
export function disposeAll(result: object): void {
  tf.dispose(result as unknown as tf.TensorContainer);
}
