// The training-memory estimate against TF.js's measured peak (tf.profile's peakBytes) for real training steps.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test } from 'vitest';
import { setupTraining } from '../../../scripts/lib/train-env.ts';
import { PRESETS, type GPTConfig } from '../../../src/llm/config.ts';
import { flattenWeights, gradientStep } from '../../../src/llm/train.ts';
import { trainingMemory } from '../../../src/llm/train-memory.ts';
import { disposeWeights, initWeights } from '../../../src/llm/weights.ts';

beforeAll(() => setupTraining());

const tiny = PRESETS['book-tiny'];
const CASES: [string, GPTConfig, number][] = [
  ['book-tiny, batch 8', tiny, 8],
  ['book-tiny, batch 1', tiny, 1],
  ["the trainer's small preset, batch 16", { ...tiny, n_embd: 64, n_layer: 2, n_head: 4, vocab_size: 1024 }, 16],
  ['one block of 16, batch 32', { ...tiny, n_embd: 16, n_layer: 1, n_head: 2 }, 32],
  ['six blocks of 64, context 128, batch 4', { ...tiny, n_embd: 64, n_layer: 6, n_head: 4, vocab_size: 256, n_positions: 128 }, 4],
  ['book-small, batch 4', PRESETS['book-small'], 4],
];

test.each(CASES)('%s: the estimate is an upper bound within 1.3x of the measured peak', async (_name, config, batch) => {
  const weights = initWeights(config, 1);
  const params = flattenWeights(config, weights);
  disposeWeights(weights);
  const grads = new Float32Array(params.length);
  const tokens = Uint16Array.from({ length: batch * 1000 + config.n_positions + 1 }, (_, i) => (i * 7919) % config.vocab_size);
  const offsets = Array.from({ length: batch }, (_, i) => i * 1000);
  const step = () => {
    gradientStep(config, params, tokens, offsets, 1, grads, { T: config.n_positions, training: true, dropout: 0, seed: 1 });
  };
  step(); // the cached causal mask for this shape exists from here on
  const before = tf.memory().numBytes;
  const { peakBytes } = await tf.profile(step);
  const ratio = trainingMemory(config, batch).tensors / (peakBytes - before);
  expect(ratio).toBeGreaterThanOrEqual(1);
  expect(ratio).toBeLessThanOrEqual(1.3);
  expect(tf.memory().numBytes).toBe(before); // and the step leaves nothing behind
  const estimate = trainingMemory(config, batch);
  expect(estimate.optimizer).toBe(16 * estimate.parameters);
  expect(estimate.total).toBe(estimate.tensors + estimate.optimizer);
}, 60_000);
