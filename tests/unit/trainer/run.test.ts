// The tab trainer's loop driver on Node's WASM backend: the same numbers as the CLI trainer's pieces,
// learning on the counting task, memory flat over 2,000 steps, and the reader's bad texts.
import v8 from 'node:v8';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { setupTraining } from '../../../scripts/lib/train-env.ts';
import { checkText, countingText, MAX_TEXT_BYTES, prepareCorpus } from '../../../src/components/trainer/data.ts';
import { checkRequest, DEFAULT_REQUEST, defaultThreads, TRAINER_PRESETS } from '../../../src/components/trainer/presets.ts';
import { splitParts, TrainingRun, type GradientHelper } from '../../../src/components/trainer/run.ts';
import { PRESETS } from '../../../src/llm/config.ts';
import { ADAMW_DEFAULTS, adamWState, adamWStep, batchOffsets, clipByGlobalNorm, decayMask, flattenWeights, gradientStep, learningRate } from '../../../src/llm/train.ts';
import { initWeights } from '../../../src/llm/weights.ts';

beforeAll(async () => {
  await setupTraining('wasm');
});

// A garbage collection on demand, so heap sizes compare what is still reachable.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const micro = TRAINER_PRESETS.micro.config;

function counting(seed = 1) {
  const corpus = prepareCorpus(countingText(seed, 600), 257, micro.n_positions);
  return { corpus, config: { ...micro, vocab_size: corpus.tokenizer.vocabSize } };
}

describe('TrainingRun', () => {
  test('its first step is exactly the CLI trainer\'s step (gradientStep, clipping, AdamW on the same batch)', () => {
    const { corpus, config } = counting();
    const settings = { learningRate: 0.003, batch: 4, steps: 50, seed: 3 };
    const run = new TrainingRun(config, corpus, settings);
    const loss = run.trainStep();

    const params = flattenWeights(config, initWeights(config, 3));
    const grads = new Float32Array(params.length);
    const offsets = batchOffsets(3, 0, corpus.train.length, 4, config.n_positions);
    const sum = gradientStep(config, params, corpus.train, offsets, 1, grads, { T: config.n_positions, training: false, dropout: 0, seed: 0 });
    expect(loss).toBeCloseTo(sum / 4, 6);
    clipByGlobalNorm(grads, 1);
    const lr = learningRate(0, { lr: 0.003, minLr: 0.0003, warmupSteps: 5, steps: 50 });
    adamWStep(params, grads, adamWState(params.length), lr, decayMask(config), ADAMW_DEFAULTS);
    // The run's parameters after its step give the same next loss as ours.
    const next = run.heldOutLoss();
    const ours = new TrainingRun(config, corpus, settings);
    (ours as unknown as { params: Float32Array }).params.set(params);
    expect(next).toBeCloseTo(ours.heldOutLoss(), 5);
  });

  test('learns the counting task: held-out loss falls by more than 30% in 150 steps', () => {
    const { corpus, config } = counting();
    const run = new TrainingRun(config, corpus, { learningRate: 0.01, batch: 8, steps: 150, seed: 1 });
    const before = run.heldOutLoss();
    while (!run.done) run.trainStep();
    expect(run.heldOutLoss()).toBeLessThan(before * 0.7);
  }, 120_000);

  test('memory is flat over 2,000 steps with evaluations and samples: tensors, their bytes and the JS heap', () => {
    const { corpus, config } = counting();
    const run = new TrainingRun(config, corpus, { ...DEFAULT_REQUEST, batch: 2, steps: 5000 });
    const steps = (n: number) => {
      for (let i = 0; i < n; i++) {
        run.trainStep();
        if (i % 100 === 0) {
          run.heldOutLoss();
          run.sample('100 101 ', 4);
        }
      }
    };
    steps(200); // warm: caches (masks, kernels) are filled
    const start = { ...tf.memory(), heap: heapAfterGc() };
    steps(1800);
    expect(run.step).toBe(2000);
    expect(tf.memory().numTensors).toBe(start.numTensors);
    expect(tf.memory().numBytes).toBe(start.numBytes);
    // The JS heap may wobble by what one step allocates, but must not grow with the steps.
    expect(heapAfterGc() - start.heap).toBeLessThan(2 * 2 ** 20);
  }, 300_000);

  test("one head's attention pattern: causal rows that sum to 1, for the tokens of the text", () => {
    const { corpus, config } = counting();
    const run = new TrainingRun(config, corpus, { ...DEFAULT_REQUEST, batch: 2, steps: 100 });
    for (let i = 0; i < 5; i++) run.trainStep();
    run.attentionPattern('100 101 102 103', 16); // the first call caches the causal mask for this length
    const start = tf.memory().numTensors;
    const p = run.attentionPattern('100 101 102 103', 16);
    expect(tf.memory().numTensors).toBe(start);
    expect(p).toMatchObject({ step: 5, layer: config.n_layer - 1, head: 0 });
    expect(p.tokens).toEqual(corpus.tokenizer.encode('100 101 102 103').map((id) => corpus.tokenizer.displayToken(id)));
    p.weights.forEach((row, i) => {
      expect(row).toHaveLength(p.tokens.length);
      expect(row.slice(0, i + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.slice(i + 1).every((w) => w === 0)).toBe(true);
    });
    expect(run.attentionPattern('100 101 102 103', 3).tokens).toHaveLength(3);
  });

  test('the same seed gives the same run', () => {
    const { corpus, config } = counting();
    const a = new TrainingRun(config, corpus, { learningRate: 0.003, batch: 2, steps: 10, seed: 5 });
    const b = new TrainingRun(config, corpus, { learningRate: 0.003, batch: 2, steps: 10, seed: 5 });
    for (let i = 0; i < 3; i++) expect(a.trainStep()).toBe(b.trainStep());
    expect(a.sample('100 ', 6)).toBe(b.sample('100 ', 6));
  });
});

describe('a batch shared with helper threads (trainStepWith)', () => {
  const o = (config: { n_positions: number }) => ({ T: config.n_positions, training: false, dropout: 0, seed: 0 });
  /** A helper in this thread: gradientStep on its own copy of the parameters, as gradient.worker.ts does. */
  function localHelper(config: ReturnType<typeof counting>['config'], train: Int32Array, parts: number[][]): GradientHelper {
    return {
      async gradients(params, offsets, share) {
        parts.push(offsets);
        const grads = new Float32Array(params.length);
        const lossSum = gradientStep(config, params.slice(), train, offsets, share, grads, o(config));
        return { lossSum, grads };
      },
    };
  }
  const paramsOf = (run: TrainingRun) => (run as unknown as { params: Float32Array }).params;

  test('gives the same steps as one thread, each helper taking a contiguous part of the batch', async () => {
    const { corpus, config } = counting();
    const settings = { learningRate: 0.003, batch: 5, steps: 20, seed: 4 };
    const one = new TrainingRun(config, corpus, settings);
    const shared = new TrainingRun(config, corpus, settings);
    const parts: number[][] = [];
    const helpers = [localHelper(config, corpus.train, parts), localHelper(config, corpus.train, parts)];
    for (let i = 0; i < 3; i++) expect(await shared.trainStepWith(helpers)).toBeCloseTo(one.trainStep(), 5);
    expect(shared.step).toBe(3);
    // Batch 5 over two helpers: 2 and 3 windows, the batch's own windows in order.
    expect(parts.slice(0, 2).map((p) => p.length)).toEqual([2, 3]);
    const batch0 = batchOffsets(4, 0, corpus.train.length, 5, config.n_positions);
    expect(parts.slice(0, 2).flat()).toEqual(batch0);
    const a = paramsOf(one);
    const b = paramsOf(shared);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-5); // float rounding in the order of the sum, nothing more
  });

  test('uses no more threads than windows, and a failing helper fails the step without taking it', async () => {
    const { corpus, config } = counting();
    const parts: number[][] = [];
    const run = new TrainingRun(config, corpus, { learningRate: 0.003, batch: 1, steps: 5, seed: 2 });
    await run.trainStepWith([localHelper(config, corpus.train, parts), localHelper(config, corpus.train, parts)]);
    expect(parts).toHaveLength(1); // one window: one helper
    expect(parts[0]).toHaveLength(1);
    const failing: GradientHelper = { gradients: () => Promise.reject(new Error('A training thread stopped unexpectedly.')) };
    const two = new TrainingRun(config, corpus, { learningRate: 0.003, batch: 2, steps: 5, seed: 2 });
    await expect(two.trainStepWith([failing])).rejects.toThrow(/training thread stopped/);
    expect(two.step).toBe(0);
  });

  test('splitParts cuts in order into near-equal parts, and the default threads follow the cores', () => {
    expect(splitParts([1, 2, 3, 4, 5], 3)).toEqual([[1], [2, 3], [4, 5]]);
    expect(splitParts([1, 2], 2)).toEqual([[1], [2]]);
    expect(splitParts([1, 2, 3], 1)).toEqual([[1, 2, 3]]);
    expect([Number.NaN, 0, 1, 2, 3, 16].map((c) => defaultThreads(c))).toEqual([1, 1, 1, 2, 3, 4]);
    expect(checkRequest({ ...DEFAULT_REQUEST, threads: 5 })).toMatch(/^threads must be a whole number from 1 to 4/);
    expect(checkRequest({ ...DEFAULT_REQUEST, threads: 0 })).toMatch(/^threads/);
    expect(checkRequest({ ...DEFAULT_REQUEST, threads: 4 })).toBeNull();
  });
});

describe('texts and settings', () => {
  test('bad pasted texts get a clear message', () => {
    expect(checkText('   \n', 100)).toMatch(/empty/);
    expect(checkText('abc', 100)).toMatch(/needs at least 100/);
    expect(checkText('x'.repeat(MAX_TEXT_BYTES + 1), 100)).toMatch(/limit is 1,000,000/);
    expect(checkText('é'.repeat(MAX_TEXT_BYTES / 2 + 1), 100)).toMatch(/bytes/); // counted in UTF-8 bytes
    const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(i % 40)).join('');
    expect(checkText(junk, 100)).toMatch(/binary/);
    expect(checkText('Plain words 🙂, and odd Unicode \uD800 still train.'.repeat(50), 100)).toBeNull();
    expect(() => prepareCorpus('A short text. '.repeat(10), 512, 64)).toThrow(/too short for this model/);
  });

  test('the default model is book-tiny\'s shape, and settings out of range are refused', () => {
    expect(TRAINER_PRESETS[DEFAULT_REQUEST.preset].config).toEqual(PRESETS['book-tiny']);
    expect(checkRequest(DEFAULT_REQUEST)).toBeNull();
    expect(checkRequest({ ...DEFAULT_REQUEST, batch: 0 })).toMatch(/batch/);
    expect(checkRequest({ ...DEFAULT_REQUEST, learningRate: Number.NaN })).toMatch(/learningRate/);
    expect(checkRequest({ ...DEFAULT_REQUEST, steps: 2.5 })).toMatch(/whole number/);
    expect(checkRequest({ ...DEFAULT_REQUEST, preset: 'huge' })).toMatch(/Unknown model size/);
  });
});
