// The worker's `inspect` call (inspect-engine.ts) against the float64 reference, and the
// knock-out text format the CLI and the URLs share.
import { beforeAll, describe, expect, test } from 'vitest';
import { wrapModel, type ServedModel } from '../../../src/worker/engine.ts';
import { inspectText } from '../../../src/worker/inspect-engine.ts';
import { createModel, formatKnockouts, klDivergence, parseKnockouts, type GPTConfig, type LoadedModel as EngineModel } from '../../../src/llm/index.ts';
import { BpeTokenizer, byteSymbols, END_OF_TEXT } from '../../../src/llm/tokenizer/tokenizer.ts';
import { referenceInspect } from '../../reference/gpt-reference.ts';
import { randomNamed, toWeights, useBackend } from '../llm/helpers.ts';

const config: GPTConfig = {
  vocab_size: 257, n_positions: 8, n_embd: 16, n_layer: 3, n_head: 2,
  layer_norm_epsilon: 1e-5, activation_function: 'gelu_new', tie_word_embeddings: true,
};
const named = randomNamed(config, 9);
let loaded: ServedModel;

beforeAll(async () => {
  await useBackend('wasm');
  const tokenizer = new BpeTokenizer({ symbols: [...byteSymbols(), END_OF_TEXT], merges: [], specials: [{ id: 256, content: END_OF_TEXT }] });
  const model = { ...createModel(config, toWeights(config, named), tokenizer), info: { bytes: 1, dtypes: {}, ignored: [], prefix: '' } } as EngineModel;
  loaded = wrapModel('test-model', model);
});

/** Float64 softmax over the ids the tokenizer spells (0..255: the bytes; 256 is <|endoftext|>). */
function softmax(row: ArrayLike<number>): number[] {
  const xs = Array.from(row).slice(0, 257);
  const m = Math.max(...xs);
  const e = xs.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

describe('inspectText', () => {
  test('lens rows, the output and the knock-out effect match the float64 reference', async () => {
    const text = 'the court';
    const ids = loaded.tokenizer.encode(text).slice(-config.n_positions);
    const knockouts = parseKnockouts('L1H2,L2MLP');
    const got = await inspectText(loaded, { text, knockouts, focus: null, topN: 5 });
    expect(got.droppedTokens).toBe(text.length - 8);
    expect(got.tokens.map((t) => t.id)).toEqual(ids);
    const ref = referenceInspect(config, named, ids, knockouts);
    got.lens.forEach((row, l) => {
      const p = softmax(ref.lens[l]);
      expect(row).toHaveLength(5);
      for (const t of row) expect(Math.abs(t.probability - p[t.id])).toBeLessThan(1e-4);
      expect(row[0].id).toBe(p.indexOf(Math.max(...p)));
    });
    const after = softmax(ref.lastLogits);
    const before = softmax(referenceInspect(config, named, ids).lastLogits);
    for (const t of got.next) expect(Math.abs(t.probability - after[t.id])).toBeLessThan(1e-4);
    const effect = got.effect!;
    expect(effect.topToken.id).toBe(before.indexOf(Math.max(...before)));
    expect(Math.abs(effect.topBefore - before[effect.topToken.id])).toBeLessThan(1e-4);
    expect(Math.abs(effect.topAfter - after[effect.topToken.id])).toBeLessThan(1e-4);
    expect(Math.abs(effect.kl - klDivergence(before, after))).toBeLessThan(1e-4);
    expect(effect.kl).toBeGreaterThan(0);
    for (const r of effect.rows) expect(Math.abs(r.before - before[r.token.id]) + Math.abs(r.after - after[r.token.id])).toBeLessThan(2e-4);
  });

  test('nothing knocked out: no effect, and the output is the last lens row', async () => {
    const got = await inspectText(loaded, { text: 'abc', knockouts: null, focus: { layer: 2, head: 1 }, topN: 3 });
    expect(got.effect).toBeNull();
    expect(got.next).toEqual(got.lens[config.n_layer].map((t) => expect.objectContaining({ id: t.id })));
    expect(got.focus!.layer).toBe(2);
    expect(got.headSize).toBe(8);
  });

  test('an empty prompt or a bad topN is refused with a clear message', async () => {
    await expect(inspectText(loaded, { text: '', knockouts: null, focus: null, topN: 5 })).rejects.toThrow(/prompt is empty/);
    await expect(inspectText(loaded, { text: 'a', knockouts: null, focus: null, topN: 0 })).rejects.toThrow(/topN/);
    await expect(inspectText(loaded, { text: 'a', knockouts: parseKnockouts('L9'), focus: null, topN: 5 })).rejects.toThrow(/does not exist/);
  });
});

describe('knock-outs as text', () => {
  test('parse and format round-trip, numbered from 1, in one spelling', () => {
    const k = parseKnockouts(' l3, L1H2 ,L2MLP,L1H2,L1h1 ');
    expect(k).toEqual({ heads: [{ layer: 0, head: 0 }, { layer: 0, head: 1 }], mlps: [1], blocks: [2] });
    expect(formatKnockouts(k)).toBe('L1H1,L1H2,L2MLP,L3');
    expect(parseKnockouts(formatKnockouts(k))).toEqual(k);
    expect(formatKnockouts({})).toBe('');
    expect(parseKnockouts('')).toEqual({ heads: [], mlps: [], blocks: [] });
  });

  test('unreadable parts are named in the error', () => {
    expect(() => parseKnockouts('L0H1')).toThrow(/"L0H1"/);
    expect(() => parseKnockouts('L1,head2')).toThrow(/"head2".*L2H3/);
  });

  test('KL divergence is 0 for equal distributions and positive otherwise', () => {
    expect(klDivergence([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
  });
});
