// fast.ts must compute exactly what gpt.ts defines: the float64 reference and gptForward are
// the judges, on both Node backends where the fast path runs.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { fastForward, fastPathApplies } from '../../../src/llm/fast.ts';
import { createModel, disposeCache, disposeModel, forward, gptForward, type KVCache } from '../../../src/llm/gpt.ts';
import { referenceForward } from '../../reference/gpt-reference.ts';
import { NODE_BACKENDS, randomIds, randomNamed, REFERENCE_CONFIGS, relativeError, tinyConfig, toWeights, useBackend } from './helpers.ts';

afterAll(() => useBackend('wasm'));

test('applies on the CPU backends only (GPU backends prefer fewer, batched kernels)', () => {
  expect(['wasm', 'cpu'].map((b) => fastPathApplies(b))).toEqual([true, true]);
  expect(['webgl', 'webgpu'].map((b) => fastPathApplies(b))).toEqual([false, false]);
});

describe.each(NODE_BACKENDS)('the fast forward pass on %s', (backend) => {
  test.each(REFERENCE_CONFIGS.map((c, i) => [i, c] as const))('equals the reference and gptForward (config %i)', async (i, config) => {
    await useBackend(backend);
    const named = randomNamed(config, 300 + i);
    const model = createModel(config, toWeights(config, named));
    for (const T of [1, 2, 7, config.n_positions]) {
      const ids = randomIds(config, T, 10 * i + T);
      const fast = fastForward(config, model.weights, model.fast, model.unembedding, ids);
      const slow = gptForward(config, model.weights, tf.tensor2d([ids], [1, T], 'int32'), { unembedding: model.unembedding, inference: true });
      expect(fast.logits.shape).toEqual([1, T, config.vocab_size]);
      expect(fast.present).toBeUndefined(); // no cache asked for, none kept
      const ref = referenceForward(config, named, ids).logits.flatMap((r) => Array.from(r));
      expect(relativeError(await fast.logits.data(), ref)).toBeLessThan(1e-4);
      expect(relativeError(await fast.logits.data(), await slow.logits.data())).toBeLessThan(1e-5);
      tf.dispose([fast.logits, slow.logits]);
    }
    disposeModel(model);
  });

  test('prefill then one token at a time through the cache gives the same logits as one pass', async () => {
    await useBackend(backend);
    const config = tinyConfig({ n_head: 4, n_embd: 16 });
    const named = randomNamed(config, 9);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 12, 4);
    const ref = referenceForward(config, named, ids).logits;
    let cache: KVCache = [];
    const chunks = [ids.slice(0, 5), ids.slice(5, 6), ids.slice(6, 9), ids.slice(9, 10), ids.slice(10)];
    let seen = 0;
    for (const chunk of chunks) {
      const r = fastForward(config, model.weights, model.fast, model.unembedding, chunk, { past: cache });
      disposeCache(cache);
      cache = r.present!;
      seen += chunk.length;
      expect(cache[0].k.shape).toEqual([1, 4, seen, 4]);
      const want = ref.slice(seen - chunk.length, seen).flatMap((row) => Array.from(row));
      expect(relativeError(await r.logits.data(), want)).toBeLessThan(1e-4);
      r.logits.dispose();
    }
    disposeCache(cache);
    disposeModel(model);
  });

  test('lastOnly unembeds the last position alone, with the same numbers', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const named = randomNamed(config, 21);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 6, 1);
    const r = fastForward(config, model.weights, model.fast, model.unembedding, ids, { lastOnly: true });
    expect(r.logits.shape).toEqual([1, 1, config.vocab_size]);
    const ref = referenceForward(config, named, ids).logits[5];
    expect(relativeError(await r.logits.data(), Array.from(ref))).toBeLessThan(1e-4);
    r.logits.dispose();
    disposeModel(model);
  });

  test('positions past the context are an error, and nothing leaks over 50 passes', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const model = createModel(config, toWeights(config, randomNamed(config, 2)));
    expect(() => fastForward(config, model.weights, model.fast, model.unembedding, randomIds(config, config.n_positions + 1, 1))).toThrow(
      /exceed the context of 16 positions/,
    );
    const ids = randomIds(config, 10, 3);
    await forward(model, ids); // warm-up: caches the causal mask
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await forward(model, ids);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});
