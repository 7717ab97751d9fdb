import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { generate, type GeneratedToken, type GenerateOptions } from '../../../src/llm/generate.ts';
import { createModel, disposeCache, disposeModel, forward, gptForward, type GPTModel, type KVCache } from '../../../src/llm/gpt.ts';
import { NODE_BACKENDS, randomIds, randomNamed, relativeError, tinyConfig, toWeights, useBackend } from './helpers.ts';

async function collect(model: GPTModel, prompt: number[], opts: GenerateOptions): Promise<GeneratedToken[]> {
  const out: GeneratedToken[] = [];
  for await (const t of generate(model, prompt, opts)) out.push(t);
  return out;
}

describe.each(NODE_BACKENDS)('generation on %s', (backend) => {
  let model: GPTModel;
  const config = tinyConfig({ n_positions: 24 });
  beforeAll(async () => {
    await useBackend(backend);
    model = createModel(config, toWeights(config, randomNamed(config, 8)));
    return () => disposeModel(model);
  });

  test('KV-cache steps give the same logits as a full recompute', async () => {
    const ids = randomIds(config, 12, 3);
    const full = await (await forward(model, ids)).logits.data;
    const V = config.vocab_size;
    let cache: KVCache = [];
    // Prefill 5 tokens, then feed one at a time.
    const chunks = [ids.slice(0, 5), ...ids.slice(5).map((id) => [id])];
    let seen = 0;
    for (const chunk of chunks) {
      const r = gptForward(config, model.weights, tf.tensor2d([chunk], [1, chunk.length], 'int32'), { past: cache, unembedding: model.unembedding });
      const got = await r.logits.data();
      const want = full.slice(seen * V, (seen + chunk.length) * V);
      expect(relativeError(got, want)).toBeLessThan(1e-5);
      r.logits.dispose();
      disposeCache(cache);
      cache = r.present!;
      seen += chunk.length;
    }
    expect(cache[0].k.shape).toEqual([1, config.n_head, 12, config.n_embd / config.n_head]);
    disposeCache(cache);
  });

  test('generating with and without the cache picks the same tokens', async () => {
    const prompt = randomIds(config, 4, 1);
    const settings = { maxNewTokens: 30, temperature: 0.9, topK: 10, seed: 3 }; // 30 > context: the window slides
    const cached = await collect(model, prompt, settings);
    const recomputed = await collect(model, prompt, { ...settings, useCache: false });
    expect(cached.map((t) => t.id)).toEqual(recomputed.map((t) => t.id));
    expect(cached).toHaveLength(30);
    for (const [i, t] of cached.entries()) expect(t.probability).toBeCloseTo(recomputed[i].probability, 4);
  });

  test('greedy generation follows the argmax of forward()', async () => {
    const prompt = randomIds(config, 3, 2);
    const tokens = await collect(model, prompt, { maxNewTokens: 5, temperature: 0 });
    const ids = prompt.slice();
    for (const t of tokens) {
      const { logits } = await forward(model, ids);
      const last = Array.from(logits.data.slice((ids.length - 1) * config.vocab_size));
      expect(t.id).toBe(last.indexOf(Math.max(...last)));
      ids.push(t.id);
    }
  });

  test('stops right after a stop id', async () => {
    const prompt = randomIds(config, 3, 2);
    const free = await collect(model, prompt, { maxNewTokens: 10, temperature: 0 });
    const stop = free[3].id;
    const stopped = await collect(model, prompt, { maxNewTokens: 10, temperature: 0, stopIds: [stop] });
    const first = free.findIndex((t) => t.id === stop);
    expect(stopped.map((t) => t.id)).toEqual(free.slice(0, first + 1).map((t) => t.id));
  });

  test('seeded sampling is reproducible', async () => {
    const prompt = [1, 2, 3];
    const a = await collect(model, prompt, { maxNewTokens: 12, seed: 11 });
    const b = await collect(model, prompt, { maxNewTokens: 12, seed: 11 });
    expect(a.map((t) => t.id)).toEqual(b.map((t) => t.id));
  });

  test('long prompts are cut from the left and the caller is told', async () => {
    const prompt = randomIds(config, 40, 5);
    let told = -1;
    const tokens = await collect(model, prompt, { maxNewTokens: 2, temperature: 0, onTruncate: (n) => (told = n) });
    expect(told).toBe(40 - config.n_positions);
    expect(tokens[0].droppedTokens).toBe(told);
    const same = await collect(model, prompt.slice(told), { maxNewTokens: 2, temperature: 0 });
    expect(tokens.map((t) => t.id)).toEqual(same.map((t) => t.id));
  });

  test('an AbortSignal stops the stream and frees the cache', async () => {
    await collect(model, [1, 2], { maxNewTokens: 1 }); // warm-up: caches the [2, 2] causal mask
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const got: number[] = [];
    await expect(async () => {
      for await (const t of generate(model, [1, 2], { maxNewTokens: 50, signal: controller.signal })) {
        got.push(t.id);
        if (got.length === 3) controller.abort(new Error('stopped by test'));
      }
    }).rejects.toThrow('stopped by test');
    expect(got).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('bad settings are clear errors before any work', async () => {
    await expect(collect(model, [1], { maxNewTokens: 3, topP: 0 })).rejects.toThrow(/top-p/);
    await expect(collect(model, [1], { maxNewTokens: -1 })).rejects.toThrow(/max new tokens/);
    await expect(collect(model, [999], { maxNewTokens: 1 })).rejects.toThrow(/Token id at index 0 must be an integer in \[0, 37\), got 999/);
  });
});

describe('memory', () => {
  test('no tensors leak over 200 generated tokens or 50 traced forwards', async () => {
    await useBackend('wasm');
    const config = tinyConfig({ n_positions: 64 });
    const model = createModel(config, toWeights(config, randomNamed(config, 1)));
    const run = () => collect(model, [1, 2, 3], { maxNewTokens: 200, seed: 1 }); // slides the window 5 times
    await run(); // warm-up: fills the causal-mask cache
    const before = tf.memory().numTensors;
    expect((await run()).length).toBe(200);
    expect(tf.memory().numTensors).toBe(before);

    const ids = randomIds(config, 20, 2);
    await forward(model, ids, { trace: true });
    const beforeTrace = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await forward(model, ids, { trace: true });
    expect(tf.memory().numTensors).toBe(beforeTrace);
    disposeModel(model);
  });
});
