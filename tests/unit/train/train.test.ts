// Training pieces against plain references: loss, matMul gradients, schedule, AdamW, clipping,
// the Brown pipeline and split, and a regression: book-tiny must learn a small text.

import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupTraining } from '../../../scripts/lib/train-env.ts';
import {
  adamWState,
  adamWStep,
  batchOffsets,
  clipByGlobalNorm,
  coverOffsets,
  crossEntropy,
  decayMask,
  evalLossSum,
  flattenWeights,
  gradientStep,
  learningRate,
} from '../../../src/llm/train.ts';
import { getPreset } from '../../../src/llm/config.ts';
import { initWeights, disposeWeights } from '../../../src/llm/weights.ts';
import { detag, heldOutIds, readBrown, splitBrown } from '../../../scripts/lib/brown.ts';
import { train as learnBpe } from '../../../src/llm/tokenizer/bpe-train.ts';

beforeAll(async () => {
  expect(await setupTraining()).toBe('wasm');
});

/** Plain JavaScript mean cross-entropy (float64). */
function referenceCrossEntropy(logits: Float32Array, targets: number[], V: number): number {
  let sum = 0;
  targets.forEach((t, i) => {
    const row = logits.subarray(i * V, (i + 1) * V);
    const m = Math.max(...row);
    const z = row.reduce((s, x) => s + Math.exp(x - m), 0);
    sum += m + Math.log(z) - row[t];
  });
  return sum / targets.length;
}

describe('crossEntropy', () => {
  test('matches a plain reference, including large logits', () => {
    const V = 300;
    const targets = Array.from({ length: 12 }, (_, i) => (i * 37) % V);
    const logits = tf.randomNormal([2, 6, V], 0, 20, 'float32', 7);
    const got = crossEntropy(logits, tf.tensor2d(targets, [2, 6], 'int32')).dataSync()[0];
    expect(got).toBeCloseTo(referenceCrossEntropy(logits.dataSync() as Float32Array, targets, V), 3);
  });

  test('its gradient is (softmax - onehot) / N (the WASM oneHot float32 bug stays fixed)', () => {
    const V = 5;
    const x = tf.tensor2d([[1, 2, 3, 4, 5], [0, 0, 0, 0, 0]]);
    const t = tf.tensor1d([4, 0], 'int32');
    const g = tf.grad((l: tf.Tensor) => crossEntropy(l, t))(x).arraySync() as number[][];
    const e = [1, 2, 3, 4, 5].map(Math.exp);
    const z = e.reduce((a, b) => a + b);
    expect(g[0][4]).toBeCloseTo((e[4] / z - 1) / 2, 5);
    expect(g[0][1]).toBeCloseTo(e[1] / z / 2, 5);
    expect(g[1][0]).toBeCloseTo((1 / V - 1) / 2, 5);
    expect(g[1][3]).toBeCloseTo(1 / V / 2, 5);
  });
});

describe('BatchMatMul gradient (explicit transposes)', () => {
  const a = () => tf.tensor2d([[1, 2, 3], [4, 5, 6]]); // [2, 3]
  const b = () => tf.tensor2d([[1, 0], [2, 1], [0, 3]]); // [3, 2]
  const dy = () => tf.tensor2d([[1, 2], [3, 4]]); // [2, 2]
  // dA = dy · Bᵀ, dB = Aᵀ · dy, worked out by hand.
  const dA = [[1, 4, 6], [3, 10, 12]];
  const dB = [[13, 18], [17, 24], [21, 30]];

  test.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('transposeA=%s transposeB=%s', (ta, tb) => {
    const A = ta ? tf.transpose(a()) : a();
    const Bm = tb ? tf.transpose(b()) : b();
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, ta, tb), dy())))([A, Bm]);
    expect(ga.arraySync()).toEqual(ta ? tf.transpose(tf.tensor2d(dA)).arraySync() : dA);
    expect(gb.arraySync()).toEqual(tb ? tf.transpose(tf.tensor2d(dB)).arraySync() : dB);
  });

  test('sums over broadcast batch dimensions', () => {
    const x = tf.stack([a(), a()]) as tf.Tensor3D; // [2, 2, 3] against a shared [3, 2]
    const gb = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y as tf.Tensor2D), tf.stack([dy(), dy()]))))(b());
    expect(gb.arraySync()).toEqual(dB.map((row) => row.map((v) => 2 * v)));
  });
});

describe('learningRate', () => {
  const s = { lr: 1e-3, minLr: 1e-4, warmupSteps: 10, steps: 110 };
  test('warms up linearly, peaks, then follows a cosine down to minLr', () => {
    expect(learningRate(0, s)).toBeCloseTo(1e-4, 10);
    expect(learningRate(4, s)).toBeCloseTo(5e-4, 10);
    expect(learningRate(10, s)).toBeCloseTo(1e-3, 10);
    expect(learningRate(60, s)).toBeCloseTo(5.5e-4, 10); // halfway: (lr + minLr) / 2
    expect(learningRate(110, s)).toBeCloseTo(1e-4, 10);
    expect(learningRate(500, s)).toBeCloseTo(1e-4, 10);
  });
});

describe('AdamW and clipping', () => {
  test('one AdamW step equals the formula, decay only where the mask says', () => {
    const p = Float32Array.from([1, 1]);
    const g = Float32Array.from([0.5, 0.5]);
    const st = adamWState(2);
    adamWStep(p, g, st, 0.1, Uint8Array.from([1, 0]), { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 });
    // Step 1: m̂ = g, v̂ = g², so the Adam step is lr * sign(g) = 0.1; decay removes lr * wd * p = 0.01.
    expect(p[0]).toBeCloseTo(1 - 0.01 - 0.1, 6);
    expect(p[1]).toBeCloseTo(1 - 0.1, 6);
    expect(st.t).toBe(1);
  });

  test('clipByGlobalNorm scales to the max norm and reports the norm before', () => {
    const g = Float32Array.from([3, 4]);
    expect(clipByGlobalNorm(g, 1)).toBeCloseTo(5, 6);
    expect(Math.hypot(g[0], g[1])).toBeCloseTo(1, 5);
    const small = Float32Array.from([0.3, 0.4]);
    clipByGlobalNorm(small, 1);
    expect(Array.from(small)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  test('batches are a function of (seed, step): a resumed run draws the same windows', () => {
    expect(batchOffsets(1, 7, 10_000, 4, 64)).toEqual(batchOffsets(1, 7, 10_000, 4, 64));
    expect(batchOffsets(1, 7, 10_000, 4, 64)).not.toEqual(batchOffsets(1, 8, 10_000, 4, 64));
    expect(coverOffsets(10, 3)).toEqual([0, 3, 6]);
  });
});

describe('Brown Corpus pipeline', () => {
  test('strips tags, rejoins punctuation and quotes, keeps paragraphs', () => {
    const tagged = "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, Mr./np Jr./np ./.\n\n\n\tIt/pps was/bedz (/( not/* )/) late/jj --/-- ok/uh ?/.\nYes/rb ./.\n";
    expect(detag(tagged)).toBe('The jury said “no evidence”, Mr. Jr.\n\nIt was (not) late—ok? Yes.');
  });

  test('the held-out split is fixed: 45 files from all 15 categories, disjoint from training', () => {
    const docs = readBrown();
    expect(docs).toHaveLength(500);
    const held = heldOutIds(docs);
    expect(held).toHaveLength(45);
    expect(held.slice(0, 4)).toEqual(['ca06', 'ca17', 'ca28', 'ca39']);
    const { train, heldOut } = splitBrown(docs);
    expect(new Set(heldOut.map((d) => d.category)).size).toBe(15);
    expect(train.length + heldOut.length).toBe(500);
    expect(train.some((d) => held.includes(d.id))).toBe(false);
    expect(train[0].text.startsWith('The Fulton County Grand Jury said Friday')).toBe(true);
  });
});

describe('training regression: book-tiny learns a small text', () => {
  test('loss falls well below the unigram entropy within 120 steps, without leaking tensors', () => {
    const docs = splitBrown(readBrown()).train.filter((d) => d.category === 'news').slice(0, 4);
    const text = docs.map((d) => d.text).join('\n\n');
    const tokenizer = learnBpe(text, 512);
    const tokens = Uint16Array.from(tokenizer.encode(text));
    const config = { ...getPreset('book-tiny'), vocab_size: tokenizer.vocabSize };
    // Unigram entropy of the text under its own token frequencies: what a model that ignores context gets.
    const counts = new Map<number, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const unigram = -[...counts.values()].reduce((s, c) => s + (c / tokens.length) * Math.log(c / tokens.length), 0);

    const w = initWeights(config, 1);
    const params = flattenWeights(config, w);
    disposeWeights(w);
    const T = 64;
    const evalSet = coverOffsets(tokens.length, T).slice(0, 32);
    const before = evalLossSum(config, params, tokens, evalSet, T) / evalSet.length;
    const grads = new Float32Array(params.length);
    const state = adamWState(params.length);
    const mask = decayMask(config);
    const tensors0 = tf.memory().numTensors;
    for (let step = 0; step < 120; step++) {
      const offsets = batchOffsets(1, step, tokens.length, 8, T);
      gradientStep(config, params, tokens, offsets, 1, grads, { T, training: true, dropout: 0, seed: step });
      clipByGlobalNorm(grads, 1);
      adamWStep(params, grads, state, learningRate(step, { lr: 1e-2, minLr: 1e-3, warmupSteps: 10, steps: 120 }), mask);
    }
    expect(tf.memory().numTensors).toBe(tensors0);
    const after = evalLossSum(config, params, tokens, evalSet, T) / evalSet.length;
    expect(before).toBeGreaterThan(Math.log(config.vocab_size) - 0.2); // starts near uniform
    expect(after).toBeLessThan(unigram - 0.5); // context is used, not just token frequencies
  });
});
