// Training pieces that do not depend on the model: the loss, the learning-rate schedule,
// gradient clipping, AdamW, batching and a seeded random number generator.
// The optimizer works on plain Float32Arrays (one flat buffer for all parameters), so the
// same update runs whether gradients came from one worker thread or were averaged over two.
//
// Shape legend: B = batch, T = sequence length, V = vocab size, N = B * T, P = parameter count.

import * as tf from '@tensorflow/tfjs-core';
import type { GPTConfig } from './config.ts';
import { gptForward } from './gpt.ts';
import { mulberry32 } from './random.ts';
import { namedWeights, weightShapes, weightsFromNamed, type GPTWeights } from './weights.ts';

/**
 * Mean cross-entropy in nats per token. logits [B, T, V], targets [B, T] int32 -> scalar.
 * One fused softmax gives the probabilities p. The loss is ln(sum exp x) - x(target), with the log-sum-exp read
 * off the row's largest logit and probability: max x - ln(max p), exact even where p(target) underflows to 0.
 * The gradient is written by hand, (p - onehot) / N, from the same probabilities. So autodiff never
 * differentiates a gather (not registered on WASM), and the [N, V] rows are exponentiated once: WASM's
 * elementwise exp over a [512, 8192] batch costs ~85 ms, its fused softmax ~20 ms.
 * WASM gap: tf.oneHot(..., 'float32') returns garbage there (the 1s come out as 1.4e-45), so the
 * one-hot is made as int32 and cast.
 */
export function crossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  const V = logits.shape[logits.rank - 1];
  const N = targets.size;
  // Targets go in as an input (with a zero gradient) so autodiff keeps them alive for gradFunc.
  const loss = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, t, save] = inputs as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const x2 = tf.reshape(x, [N, V]); //                                      [N, V]
    const { probs, lse } = softmaxLogSumExp(x2); //                             [N, V], [N]
    const flatT = tf.reshape(t, [N]); //                                       [N]
    save([probs, flatT]);
    return {
      value: tf.mean(tf.sub(lse, targetValues(x2, flatT))) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [p, ts] = saved;
        const grad = tf.sub(p, tf.cast(tf.oneHot(ts, V), 'float32'));
        return [tf.reshape(tf.mul(grad, tf.div(dy, N)), x.shape), tf.zerosLike(t)];
      },
    };
  });
  return loss(logits, targets) as tf.Scalar;
}

/**
 * Each row's softmax and its log-sum-exp, read off the row's largest logit and probability: ln(sum exp x) =
 * max x - ln(max p) (max p >= 1/V, so nothing underflows). One fused softmax is all the exponentiation: on WASM
 * it is ~4x faster than the elementwise exp inside tf.logSumExp.  x [N, V] -> probs [N, V], lse [N]
 */
function softmaxLogSumExp(x: tf.Tensor): { probs: tf.Tensor; lse: tf.Tensor } {
  const probs = tf.softmax(x); //                                              [N, V]
  return { probs, lse: tf.sub(tf.max(x, 1), tf.log(tf.max(probs, 1))) }; //     [N]
}

/** Each row's value at its target: values [N, V], targets [N] int32 -> [N]. A flat gather, whose gradient
 * crossEntropy never needs (it writes its own). */
function targetValues(values: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  const [N, V] = values.shape;
  const rows = tf.mul(tf.range(0, N, 1, 'int32'), tf.scalar(V, 'int32'));
  return tf.gather(tf.reshape(values, [N * V]), tf.add(rows, targets));
}

export interface Schedule {
  lr: number; // peak learning rate
  minLr: number; // floor of the cosine
  warmupSteps: number; // linear warm-up from 0 to lr
  steps: number; // total steps; cosine decay from warmupSteps to steps
}

/** Linear warm-up, then cosine decay to minLr (nanoGPT's get_lr). step counts from 0. */
export function learningRate(step: number, s: Schedule): number {
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  if (step >= s.steps) return s.minLr;
  const progress = (step - s.warmupSteps) / Math.max(1, s.steps - s.warmupSteps);
  return s.minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (s.lr - s.minLr);
}

/** Scales grads in place so their global L2 norm is at most maxNorm; returns the norm before. */
export function clipByGlobalNorm(grads: Float32Array, maxNorm: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (let i = 0; i < grads.length; i++) grads[i] *= scale;
  }
  return norm;
}

export interface AdamWOptions {
  beta1: number; // 0.9
  beta2: number; // 0.95 (nanoGPT), 0.999 (Adam's paper)
  eps: number; // 1e-8
  weightDecay: number; // 0.1; applied only where decayMask is 1 (matrices, not biases or norms)
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** AdamW state over one flat parameter buffer: first and second moments and the step count. */
export interface AdamWState {
  m: Float32Array; // [P]
  v: Float32Array; // [P]
  t: number; // updates applied so far
}

export function adamWState(size: number): AdamWState {
  return { m: new Float32Array(size), v: new Float32Array(size), t: 0 };
}

/**
 * One AdamW update in place (Loshchilov & Hutter): decoupled weight decay p -= lr * wd * p,
 * then p -= lr * m̂ / (sqrt(v̂) + eps). decayMask[i] = 1 where parameter i is decayed.
 */
export function adamWStep(
  params: Float32Array,
  grads: Float32Array,
  state: AdamWState,
  lr: number,
  decayMask: Uint8Array,
  o: AdamWOptions = ADAMW_DEFAULTS,
): void {
  state.t += 1;
  const bc1 = 1 - o.beta1 ** state.t;
  const bc2 = 1 - o.beta2 ** state.t;
  const { m, v } = state;
  const decay = lr * o.weightDecay;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    m[i] = o.beta1 * m[i] + (1 - o.beta1) * g;
    v[i] = o.beta2 * v[i] + (1 - o.beta2) * g * g;
    if (decayMask[i]) params[i] -= decay * params[i];
    params[i] -= (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + o.eps);
  }
}

/**
 * Start offsets of B random windows of T + 1 tokens in a stream of n tokens. The generator is
 * seeded from (seed, step), so a resumed run draws exactly the batches it would have drawn.
 */
export function batchOffsets(seed: number, step: number, n: number, B: number, T: number): number[] {
  const rand = mulberry32((seed * 1_000_003 + step * 7919) >>> 0);
  return Array.from({ length: B }, () => Math.floor(rand() * (n - T - 1)));
}

/** Fixed, evenly spaced, non-overlapping evaluation windows covering a held-out stream. */
export function evalOffsets(n: number, T: number, maxWindows: number): number[] {
  const count = Math.min(maxWindows, Math.floor((n - 1) / T));
  const stride = Math.floor((n - 1 - T) / Math.max(1, count - 1));
  return Array.from({ length: count }, (_, i) => i * stride);
}

/** Inputs and next-token targets for windows of a token stream: both [B, T] int32. */
export function windowBatch(tokens: ArrayLike<number>, offsets: number[], T: number): { x: Int32Array; y: Int32Array } {
  const x = new Int32Array(offsets.length * T);
  const y = new Int32Array(offsets.length * T);
  offsets.forEach((o, b) => {
    for (let t = 0; t < T; t++) {
      x[b * T + t] = tokens[o + t];
      y[b * T + t] = tokens[o + t + 1];
    }
  });
  return { x, y };
}

// ---------------------------------------------------------------------------------------------
// The model side: all weights as one flat Float32Array [P] (in weightShapes order), and loss and
// gradients of a batch of windows as functions of it. One worker thread, or the test, calls these.

/** Total size of all weights and each tensor's [offset, size] in the flat buffer. */
export function flatLayout(config: GPTConfig): { size: number; slots: { name: string; shape: number[]; offset: number; size: number }[] } {
  let offset = 0;
  const slots = weightShapes(config).map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, size };
    offset += size;
    return slot;
  });
  return { size: offset, slots };
}

/** Copies GPTWeights into one flat buffer (weightShapes order). */
export function flattenWeights(config: GPTConfig, weights: GPTWeights): Float32Array {
  const { size, slots } = flatLayout(config);
  const flat = new Float32Array(size);
  const byName = new Map(namedWeights(weights));
  for (const s of slots) flat.set(byName.get(s.name)!.dataSync() as Float32Array, s.offset);
  return flat;
}

/** 1 for every entry of a matrix (decayed by AdamW), 0 for biases and LayerNorm gains. */
export function decayMask(config: GPTConfig): Uint8Array {
  const { size, slots } = flatLayout(config);
  const mask = new Uint8Array(size);
  for (const s of slots) if (s.shape.length === 2) mask.fill(1, s.offset, s.offset + s.size);
  return mask;
}

/** Tensors holding a copy of the flat parameters, in slot order (caller disposes). */
export function unflatten(config: GPTConfig, flat: Float32Array): tf.Tensor[] {
  return flatLayout(config).slots.map((s) => tf.tensor(flat.subarray(s.offset, s.offset + s.size), s.shape, 'float32'));
}

/** GPTWeights view over tensors in slot order. */
export function weightsFromList(config: GPTConfig, tensors: tf.Tensor[]): GPTWeights {
  const byName = new Map(flatLayout(config).slots.map((s, i) => [s.name, tensors[i]]));
  return weightsFromNamed(config, (name) => byName.get(name)!);
}

export interface BatchLossOptions {
  T: number; // window length
  training: boolean; // dropout on
  dropout: number;
  seed: number; // dropout seed of this call
}

/** Mean next-token loss of windows of o.T tokens starting at `offsets`. */
function windowLoss(config: GPTConfig, weights: GPTWeights, tokens: ArrayLike<number>, offsets: number[], o: BatchLossOptions): tf.Scalar {
  const { x, y } = windowBatch(tokens, offsets, o.T);
  const B = offsets.length;
  const { logits } = gptForward(config, weights, tf.tensor2d(x, [B, o.T], 'int32'), o); // [B, T, V]
  return crossEntropy(logits, tf.tensor2d(y, [B, o.T], 'int32'));
}

/** Sum over windows of each window's mean loss (nats), without dropout, `batch` windows at a time (small
 * chunks bound the memory of the [B, T, V] logits). */
function windowLossSum(config: GPTConfig, weights: GPTWeights, tokens: ArrayLike<number>, offsets: number[], T: number, batch = 8): number {
  const o = { T, training: false, dropout: 0, seed: 0 };
  let sum = 0;
  for (let i = 0; i < offsets.length; i += batch) {
    const chunk = offsets.slice(i, i + batch);
    sum += tf.tidy(() => windowLoss(config, weights, tokens, chunk, o).dataSync()[0]) * chunk.length;
  }
  return sum;
}

/**
 * Loss and gradient of one share of a batch. Writes grad * share into `out` (share = this part's
 * windows / the whole batch's windows), so shares from several workers just add up to the mean.
 * Returns the summed (not mean) loss of its windows. No tensors are left behind.
 */
export function gradientStep(
  config: GPTConfig,
  params: Float32Array,
  tokens: ArrayLike<number>,
  offsets: number[],
  share: number,
  out: Float32Array,
  o: BatchLossOptions,
): number {
  const tensors = unflatten(config, params);
  const lossOf = (...ps: tf.Tensor[]) => windowLoss(config, weightsFromList(config, ps), tokens, offsets, o);
  const { value, grads } = tf.valueAndGrads(lossOf)(tensors);
  const loss = value.dataSync()[0];
  const { slots } = flatLayout(config);
  grads.forEach((g, i) => {
    const data = g.dataSync();
    const base = slots[i].offset;
    for (let j = 0; j < data.length; j++) out[base + j] = data[j] * share;
  });
  tf.dispose([value, ...grads, ...tensors]);
  return loss * offsets.length;
}

/** Sum of the windows' mean losses (nats) at `offsets`, without dropout, for flat parameters. */
export function evalLossSum(config: GPTConfig, params: Float32Array, tokens: ArrayLike<number>, offsets: number[], T: number): number {
  const tensors = unflatten(config, params);
  const sum = windowLossSum(config, weightsFromList(config, tensors), tokens, offsets, T);
  tf.dispose(tensors);
  return sum;
}

/** Bits per character: a text's total loss in nats / ln 2 / its characters. It does not depend on how the text
 * was cut into tokens, so models with different vocabularies (and n-gram baselines) compare fairly. */
export function bitsPerChar(lossSumNats: number, characters: number): number {
  return lossSumNats / Math.LN2 / characters;
}

/** Windows that score every token of a stream exactly once: starts 0, T, 2T, ... (the tail < T is left out). */
export function coverOffsets(n: number, T: number): number[] {
  return Array.from({ length: Math.floor((n - 1) / T) }, (_, i) => i * T);
}

/**
 * Held-out score of a token stream for a loaded model: summed loss (nats) and the number of
 * tokens scored. Every token after the first is predicted exactly once, from tokens before it in
 * a window of T.
 *   stride = T (default): non-overlapping windows; a token's context is the window's earlier
 *     tokens, so the first tokens of each window are predicted from little or nothing; a shorter
 *     last window takes the tail.
 *   stride < T: sliding windows starting at 0, stride, 2 stride, ... (and one ending at the last
 *     token); each token is scored by the first window that contains it, so every token after the
 *     first window sees at least T - stride earlier tokens. Costs T / stride times as much.
 */
export function scoreTokens(
  config: GPTConfig,
  weights: GPTWeights,
  ids: ArrayLike<number>,
  T: number,
  opts: { stride?: number; batch?: number } = {},
): { lossSum: number; tokens: number } {
  const batch = opts.batch ?? 8;
  const stride = opts.stride ?? T;
  if (!Number.isInteger(stride) || stride < 1 || stride > T) throw new RangeError(`stride must be an integer in 1..${T}, got ${stride}.`);
  if (stride < T) return scoreSliding(config, weights, ids, T, stride, batch);
  const full = coverOffsets(ids.length, T);
  let lossSum = windowLossSum(config, weights, ids, full, T, batch) * T;
  const start = full.length * T;
  const tail = ids.length - 1 - start;
  if (tail > 0) lossSum += windowLossSum(config, weights, ids, [start], tail) * tail;
  return { lossSum, tokens: full.length * T + Math.max(0, tail) };
}

/** Window starts for sliding evaluation of n tokens: 0, stride, ... while a window of Tw fits, then one ending at the last token. */
function slidingStarts(n: number, Tw: number, stride: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + Tw <= n - 1; s += stride) starts.push(s);
  if (starts.length === 0 || starts[starts.length - 1] + Tw < n - 1) starts.push(Math.max(0, n - 1 - Tw));
  return starts;
}

function scoreSliding(config: GPTConfig, weights: GPTWeights, ids: ArrayLike<number>, T: number, stride: number, batch: number) {
  const Tw = Math.min(T, ids.length - 1); // window length (shorter only when the whole text is)
  const starts = slidingStarts(ids.length, Tw, stride);
  let covered = 0; // targets 1..covered are scored
  let lossSum = 0;
  for (let i = 0; i < starts.length; i += batch) {
    const chunk = starts.slice(i, i + batch);
    const losses = windowLosses(config, weights, ids, chunk, Tw); // [chunk, Tw]
    chunk.forEach((s, b) => {
      // This window predicts targets s+1 .. s+Tw (position t predicts target s+t+1); score the new ones.
      for (let j = Math.max(covered + 1, s + 1); j <= s + Tw; j++) lossSum += losses[b * Tw + (j - s - 1)];
      covered = Math.max(covered, s + Tw);
    });
  }
  return { lossSum, tokens: covered };
}

/** Loss (nats) at every position of windows of T tokens starting at `offsets`.  -> [offsets.length * T] */
function windowLosses(config: GPTConfig, weights: GPTWeights, tokens: ArrayLike<number>, offsets: number[], T: number): Float32Array {
  const V = config.vocab_size;
  const N = offsets.length * T;
  return tf.tidy(() => {
    const { x, y } = windowBatch(tokens, offsets, T);
    const { logits } = gptForward(config, weights, tf.tensor2d(x, [offsets.length, T], 'int32'), { inference: true }); // [B, T, V]
    const flat = tf.reshape(logits, [N, V]); //                                                          [N, V]
    const picked = targetValues(flat, tf.tensor1d(y, 'int32')); //                                       [N]
    return tf.sub(softmaxLogSumExp(flat).lse, picked).dataSync() as Float32Array; // [N] -log p(target)
  });
}
