// inspect(): attention, logit lens, norms and knock-outs, held to the float64 reference.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { createModel, disposeModel, forward, type GPTModel } from '../../../src/llm/gpt.ts';
import { inspect } from '../../../src/llm/inspect.ts';
import type { Knockouts } from '../../../src/llm/knockout.ts';
import { referenceInspect } from '../../reference/gpt-reference.ts';
import { NODE_BACKENDS, randomIds, randomNamed, REFERENCE_CONFIGS, relativeError, tinyConfig, toWeights, useBackend } from './helpers.ts';

afterAll(() => useBackend('wasm'));

function softmax(row: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(row));
  const e = Array.from(row, (v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** max |a - b|: probabilities and attention weights are already on a 0..1 scale. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

const KNOCKOUT_CASES: [string, Knockouts][] = [
  ['nothing', {}],
  ['one head', { heads: [{ layer: 0, head: 1 }] }],
  ['two heads and an MLP', { heads: [{ layer: 1, head: 0 }, { layer: 1, head: 2 }], mlps: [0] }],
  ['a whole block', { blocks: [1] }],
];

describe.each(NODE_BACKENDS)('inspect on %s', (backend) => {
  test.each(REFERENCE_CONFIGS.map((c, i) => [i, c] as const))('attention, lens and norms match the float64 reference (config %i)', async (i, config) => {
    await useBackend(backend);
    const named = randomNamed(config, 200 + i);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 7, i);
    const got = await inspect(model, ids);
    const ref = referenceInspect(config, named, ids);
    const { n_layer: L, n_head: H, vocab_size: V } = config;
    expect(got.attention.shape).toEqual([L, H, 7, 7]);
    expect(maxDiff(got.attention.data, ref.attn.flat(3))).toBeLessThan(1e-4);
    expect(got.lens.shape).toEqual([L + 1, V]);
    for (let l = 0; l <= L; l++) {
      const row = got.lens.data.subarray(l * V, (l + 1) * V);
      expect(relativeError(row, ref.lens[l])).toBeLessThan(1e-4);
      expect(maxDiff(softmax(row), softmax(ref.lens[l]))).toBeLessThan(1e-4);
    }
    expect(relativeError(got.residualNorms, ref.residualNorms)).toBeLessThan(1e-4);
    expect(relativeError(got.attentionNorms, ref.attentionNorms)).toBeLessThan(1e-4);
    expect(relativeError(got.mlpNorms, ref.mlpNorms)).toBeLessThan(1e-4);
    expect(relativeError(got.logits, ref.lastLogits)).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test.each(KNOCKOUT_CASES)('knocking out %s matches the reference', async (_, knockouts) => {
    await useBackend(backend);
    const config = tinyConfig({ n_layer: 3 });
    const named = randomNamed(config, 77);
    const model = createModel(config, toWeights(config, named));
    const ids = randomIds(config, 8, 5);
    const got = await inspect(model, ids, { knockouts });
    const ref = referenceInspect(config, named, ids, knockouts);
    expect(relativeError(got.logits, ref.lastLogits)).toBeLessThan(1e-4);
    expect(maxDiff(softmax(got.logits), softmax(ref.lastLogits))).toBeLessThan(1e-4);
    expect(maxDiff(got.attention.data, ref.attn.flat(3))).toBeLessThan(1e-4);
    expect(relativeError(got.mlpNorms, ref.mlpNorms)).toBeLessThan(1e-4);
    disposeModel(model);
  });
});

describe('inspect', () => {
  let model: GPTModel;
  const config = tinyConfig({ n_layer: 3 });
  const named = randomNamed(config, 5);
  const ids = randomIds(config, 9, 2);

  test('with no knock-outs gives exactly the ordinary forward pass', async () => {
    await useBackend('wasm');
    model = createModel(config, toWeights(config, named));
    const V = config.vocab_size;
    const traced = await forward(model, ids, { trace: true }); // the same batched pass, with its trace
    const plain = await forward(model, ids); // fast.ts: same numbers, other kernels
    const lastRow = (a: Float32Array) => Array.from(a.subarray((ids.length - 1) * V));
    for (const knockouts of [undefined, {}, { heads: [], mlps: [], blocks: [] }]) {
      const got = await inspect(model, ids, { knockouts });
      expect(Array.from(got.logits)).toEqual(lastRow(traced.logits.data));
      expect(Array.from(got.attention.data)).toEqual(traced.trace!.layers.flatMap((l) => Array.from(l.attn.data)));
    }
    expect(relativeError((await inspect(model, ids)).logits, lastRow(plain.logits.data))).toBeLessThan(1e-5);
  });

  test('the last lens row is the output, and knocked-out parts add nothing', async () => {
    const V = config.vocab_size;
    const L = config.n_layer;
    const plain = await inspect(model, ids);
    expect(relativeError(plain.lens.data.subarray(L * V), plain.logits)).toBeLessThan(1e-5);
    const off = await inspect(model, ids, { knockouts: { mlps: [0], blocks: [2] } });
    expect(off.mlpNorms[0]).toBe(0);
    expect(off.attentionNorms[2]).toBe(0);
    expect(off.mlpNorms[2]).toBe(0);
    expect(off.attentionNorms[0]).toBeGreaterThan(0);
    // Before block 1 nothing changed, so the lens agrees there; afterwards it does not.
    expect(Array.from(off.lens.data.subarray(0, V))).toEqual(Array.from(plain.lens.data.subarray(0, V)));
    expect(relativeError(off.logits, plain.logits)).toBeGreaterThan(1e-3);
    // A whole block knocked out: the stream leaves it as it came in.
    expect(off.residualNorms[3]).toBeCloseTo(off.residualNorms[2], 6);
  });

  test('one head in detail: q·k, values and the weighted sum agree with the weights', async () => {
    const T = ids.length;
    const D = config.n_embd / config.n_head;
    const got = await inspect(model, ids, { focus: { layer: 1, head: 2 } });
    const f = got.focus!;
    expect(f.dots.shape).toEqual([T, T]);
    expect(f.values.shape).toEqual([T, D]);
    const H = config.n_head;
    const weightsOf = (i: number) => got.attention.data.subarray(((1 * H + 2) * T + i) * T, ((1 * H + 2) * T + i + 1) * T);
    for (let i = 0; i < T; i++) {
      // softmax(q·k / √D) over the keys up to i is the attention row; the weighted sum is the head's output.
      const scaled = Array.from(f.dots.data.subarray(i * T, i * T + i + 1), (v) => v / Math.sqrt(D));
      expect(maxDiff(softmax(scaled), weightsOf(i).subarray(0, i + 1))).toBeLessThan(1e-5);
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += weightsOf(i)[j] * f.values.data[j * D + d];
        expect(f.mixed.data[i * D + d]).toBeCloseTo(s, 5);
      }
    }
  });

  test('bad knock-outs and focus heads get a clear message', async () => {
    await expect(inspect(model, ids, { knockouts: { heads: [{ layer: 3, head: 0 }] } })).rejects.toThrow(/layer 3, head 0\) does not exist/);
    await expect(inspect(model, ids, { knockouts: { mlps: [-1] } })).rejects.toThrow(/MLP of layer -1/);
    await expect(inspect(model, ids, { focus: { layer: 0, head: 3 } })).rejects.toThrow(/Focus head/);
    await expect(inspect(model, [])).rejects.toThrow(/at least one token/);
  });

  test('leaks no tensor over 50 inspections', async () => {
    for (let T = 1; T <= ids.length; T++) await inspect(model, ids.slice(0, T)); // the causal mask is cached per length
    const before = tf.memory().numTensors;
    for (let n = 0; n < 50; n++) {
      await inspect(model, ids.slice(0, 1 + (n % ids.length)), { knockouts: n % 2 ? { blocks: [1], heads: [{ layer: 0, head: 1 }] } : undefined, focus: { layer: n % 3, head: 0 } });
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});
