import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { gptForward, createModel, forward, disposeModel } from '../../../src/llm/gpt.ts';
import { unembeddingBlocks } from '../../../src/llm/unembed.ts';
import { disposeWeights } from '../../../src/llm/weights.ts';
import { referenceForward } from '../../reference/gpt-reference.ts';
import { NODE_BACKENDS, randomIds, randomNamed, REFERENCE_CONFIGS, relativeError, tinyConfig, toWeights, useBackend } from './helpers.ts';

afterAll(() => useBackend('wasm'));

describe.each(NODE_BACKENDS)('the forward pass on %s', (backend) => {
  test.each(REFERENCE_CONFIGS.map((c, i) => [i, c] as const))('matches the float64 reference (config %i)', async (i, config) => {
    await useBackend(backend);
    const named = randomNamed(config, 100 + i);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 9, i);
    const { logits } = await forward(model, ids);
    const ref = referenceForward(config, named, ids);
    expect(logits.shape).toEqual([9, config.vocab_size]);
    expect(relativeError(logits.data, ref.logits.flatMap((r) => Array.from(r)))).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test('an unembedding cut into column blocks gives the same logits', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const named = randomNamed(config, 12);
    const model = createModel(config, toWeights(config, named));
    tf.dispose(model.unembedding);
    model.unembedding = unembeddingBlocks(model.weights, 10); // 37 tokens -> blocks of 10, 10, 10, 7
    expect(model.unembedding.map((b) => b.shape[1])).toEqual([10, 10, 10, 7]);
    const ids = randomIds(config, 6, 3);
    const ref = referenceForward(config, named, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError((await forward(model, ids)).logits.data, ref)).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test('runs a batch: each row equals its own single-sequence forward', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const named = randomNamed(config, 7);
    const weights = toWeights(config, named);
    const rows = [randomIds(config, 6, 1), randomIds(config, 6, 2)];
    const { logits } = gptForward(config, weights, tf.tensor2d(rows, [2, 6], 'int32'));
    expect(logits.shape).toEqual([2, 6, config.vocab_size]);
    const data = await logits.data();
    const V = config.vocab_size;
    rows.forEach((ids, b) => {
      const ref = referenceForward(config, named, ids).logits.flatMap((r) => Array.from(r));
      expect(relativeError(data.slice(b * 6 * V, (b + 1) * 6 * V), ref)).toBeLessThan(1e-4);
    });
    logits.dispose();
    disposeWeights(weights);
  });

  test('is causal: changing token t never changes logits before t', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const model = createModel(config, toWeights(config, randomNamed(config, 3)));
    const ids = randomIds(config, 10, 4);
    const before = (await forward(model, ids)).logits.data;
    const V = config.vocab_size;
    for (const t of [0, 4, 9]) {
      const changed = ids.slice();
      changed[t] = (changed[t] + 1) % V;
      const after = (await forward(model, changed)).logits.data;
      expect(Array.from(after.slice(0, t * V))).toEqual(Array.from(before.slice(0, t * V)));
      expect(relativeError(after.slice(t * V, (t + 1) * V), before.slice(t * V, (t + 1) * V))).toBeGreaterThan(1e-3);
    }
    disposeModel(model);
  });

  test('gradients flow to every weight, including the token embedding', async () => {
    await useBackend(backend);
    const config = tinyConfig();
    const weights = toWeights(config, randomNamed(config, 5));
    const ids = tf.tensor2d([randomIds(config, 5, 6)], [1, 5], 'int32');
    const wte = tf.variable(weights.wte);
    const w = { ...weights, wte };
    const { grads, value } = tf.variableGrads(() => {
      const { logits } = gptForward(config, w, ids, { training: true, dropout: 0.1, seed: 1 });
      return tf.mean(logits);
    }, [wte]);
    const g = await grads[wte.name].data();
    expect(Number.isFinite((await value.data())[0])).toBe(true);
    expect(g.some((v) => v !== 0)).toBe(true);
    tf.dispose([value, grads[wte.name], ids, wte]);
    disposeWeights(weights);
  });
});

describe('gradients', () => {
  test('match float64 finite differences of the reference for every weight tensor', async () => {
    await useBackend('wasm');
    const config = tinyConfig({ n_layer: 1, n_embd: 8, n_head: 2, vocab_size: 13, tie_word_embeddings: false });
    const named = randomNamed(config, 11);
    const ids = [3, 7, 3, 1, 12];
    const T = ids.length;
    const V = config.vocab_size;
    // loss = sum(logits * R) for a fixed random R, so every logit matters.
    const R = Float64Array.from(randomIds({ ...config, vocab_size: 1000 }, T * V, 9), (v) => v / 1000 - 0.5);
    const refLoss = (w: Map<string, ArrayLike<number>>) =>
      referenceForward(config, w, ids).logits.reduce((s, row, t) => s + row.reduce((a, v, j) => a + v * R[t * V + j], 0), 0);

    const weights = toWeights(config, named);
    const { namedWeights, weightsFromNamed } = await import('../../../src/llm/weights.ts');
    const vars = new Map(namedWeights(weights).map(([n, t]) => [n, tf.variable(t, true, `g_${n}`)]));
    const w = weightsFromNamed(config, (n) => vars.get(n)!);
    const input = tf.tensor2d([ids], [1, T], 'int32');
    const r = tf.tensor3d(Float32Array.from(R), [1, T, V]);
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(gptForward(config, w, input).logits, r)) as tf.Scalar);
    for (const [name, v] of vars) {
      const g = await grads[v.name].data();
      const base = named.get(name)!;
      // Check the largest-gradient entry and one fixed entry of every tensor.
      let iMax = 0;
      for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[iMax])) iMax = i;
      for (const i of [iMax, Math.floor(g.length / 2)]) {
        const h = 1e-4;
        const plus = new Map<string, ArrayLike<number>>(named);
        const minus = new Map<string, ArrayLike<number>>(named);
        const p = Float64Array.from(base); p[i] += h; plus.set(name, p);
        const m = Float64Array.from(base); m[i] -= h; minus.set(name, m);
        const numeric = (refLoss(plus) - refLoss(minus)) / (2 * h);
        expect(Math.abs(g[i] - numeric), `${name}[${i}]: autodiff ${g[i]} vs numeric ${numeric}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
      }
    }
    tf.dispose([value, input, r, ...Object.values(grads), ...vars.values()]);
    disposeWeights(weights);
  });
});

describe('the trace', () => {
  test('holds every activation the views need, with the right shapes and numbers', async () => {
    await useBackend('wasm');
    const config = tinyConfig({ n_inner: 20 });
    const named = randomNamed(config, 31);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 6, 8);
    const T = ids.length;
    const { n_embd: C, n_head: H } = config;
    const D = C / H;
    const plain = await forward(model, ids);
    const { logits, trace } = await forward(model, ids, { trace: true });
    expect(plain.trace).toBeUndefined();
    expect(Array.from(logits.data)).toEqual(Array.from(plain.logits.data));
    expect(trace!.ids).toEqual(ids);
    expect(trace!.tok.shape).toEqual([T, C]);
    expect(trace!.pos.shape).toEqual([T, C]);
    const sum = trace!.tok.data.map((v, i) => v + trace!.pos.data[i]);
    expect(relativeError(trace!.embed.data, sum)).toBeLessThan(1e-6);
    // Row 0 of the position embedding, straight from the weights.
    expect(Array.from(trace!.pos.data.slice(0, C))).toEqual(Array.from(named.get('wpe.weight')!.slice(0, C)));
    expect(trace!.layers).toHaveLength(config.n_layer);
    const ref = referenceForward(config, named, ids);
    trace!.layers.forEach((layer, l) => {
      expect(layer.ln1.shape).toEqual([T, C]);
      expect(layer.q.shape).toEqual([H, T, D]);
      expect(layer.k.shape).toEqual([H, T, D]);
      expect(layer.v.shape).toEqual([H, T, D]);
      expect(layer.attn.shape).toEqual([H, T, T]);
      expect(layer.mlpHidden.shape).toEqual([T, 20]);
      for (const key of ['attnOut', 'residAttn', 'ln2', 'mlpOut', 'residMlp'] as const) expect(layer[key].shape).toEqual([T, C]);
      expect(relativeError(layer.attn.data, ref.attn[l].flat(2))).toBeLessThan(1e-5);
      // Residual bookkeeping: resid after attention = input + attention's output, and so on.
      const input = l === 0 ? trace!.embed.data : trace!.layers[l - 1].residMlp.data;
      expect(relativeError(layer.residAttn.data, input.map((v, i) => v + layer.attnOut.data[i]))).toBeLessThan(1e-6);
      expect(relativeError(layer.residMlp.data, layer.residAttn.data.map((v, i) => v + layer.mlpOut.data[i]))).toBeLessThan(1e-6);
    });
    expect(trace!.lnF.shape).toEqual([T, C]);
    disposeModel(model);
  });
});
