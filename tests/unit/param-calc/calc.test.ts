// Chapter 8's calculator: its numbers equal params.ts for every preset and a brute-force count of an
// initialised model's tensors; its fields reject what is not a positive whole number.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  CALC_PRESETS,
  DEFAULT_TOKENS,
  FIELDS,
  formatBytes,
  formatScientific,
  matchingPreset,
  parseWhole,
  presetFields,
  totals,
  validate,
  type FieldText,
} from '../../../src/components/params/calc.ts';
import { getPreset, parseConfig, type PresetName } from '../../../src/llm/config.ts';
import { countParameters } from '../../../src/llm/params.ts';
import { disposeWeights, initWeights, namedWeights } from '../../../src/llm/weights.ts';
import { useBackend } from '../llm/helpers.ts';

const ALL = { tied: true, biases: true, layerNorms: true };

function calcFor(name: PresetName, choices = ALL) {
  const checked = validate(presetFields(name), choices.tied);
  if (checked.errors) throw new Error(`preset ${name} failed validation: ${JSON.stringify(checked.errors)}`);
  return totals(checked.config, checked.tokens, choices);
}

describe('presets', () => {
  test.each(CALC_PRESETS.map((p) => p.name))('%s: the fields give params.ts counts for its config', (name) => {
    const want = countParameters(getPreset(name));
    const got = calcFor(name);
    expect(got.count).toEqual(want);
    expect(got.withSmall).toBe(want.total);
    expect(got.withoutSmall).toBe(want.total - want.breakdown.biases - want.breakdown.layerNorms);
    expect(got.chosen).toBe(want.total);
    expect(matchingPreset(validate(presetFields(name), true).config!)).toBe(name);
  });

  test('GPT-2 small: 124,439,808 with tied embeddings; GPT-3: 175,181,291,520 in 27,938 matrices', () => {
    expect(calcFor('gpt2').withSmall).toBe(124_439_808);
    const gpt3 = calcFor('gpt3');
    expect(gpt3.weightsOnly).toBe(175_181_291_520);
    expect(gpt3.matrices).toBe(27_938);
  });

  test("the GPT-3 family lands on the paper's sizes (table 2.1, to its rounding)", () => {
    const paper: [PresetName, number][] = [
      ['gpt3-small', 125e6], ['gpt3-medium', 350e6], ['gpt3-large', 760e6], ['gpt3-xl', 1.3e9],
      ['gpt3-2.7b', 2.7e9], ['gpt3-6.7b', 6.7e9], ['gpt3-13b', 13.0e9], ['gpt3', 175.0e9],
    ];
    for (const [name, size] of paper) {
      const n = calcFor(name).withSmall;
      expect(Math.abs(n - size) / size, name).toBeLessThan(0.025);
    }
  });

  test("the book's presets are the shapes of the shipped models' config.json", () => {
    for (const name of ['book-tiny', 'book-small'] as const) {
      const shipped = parseConfig(JSON.parse(readFileSync(`public/models/${name}/config.json`, 'utf8')));
      const { n_inner, ...shape } = shipped;
      expect(n_inner ?? null).toBeNull();
      expect(getPreset(name)).toEqual(shape);
      expect(countParameters(shipped)).toEqual(countParameters(getPreset(name)));
    }
  });

  test('memory is N times bytes per format; compute is 6·N·D', () => {
    const r = totals(validate(presetFields('gpt3'), true).config!, DEFAULT_TOKENS, { tied: true, biases: false, layerNorms: false });
    expect(r.chosen).toBe(r.withoutSmall);
    expect(r.memory.map((m) => [m.format, m.bytes])).toEqual([
      ['fp32', r.chosen * 4], ['fp16', r.chosen * 2], ['int8', r.chosen], ['int4', r.chosen / 2],
    ]);
    expect(r.flops).toBe(6 * r.chosen * DEFAULT_TOKENS);
    expect(formatScientific(r.flops)).toMatch(/^3\.1\d × 10²³$/); // the paper's 3.14e23 FLOPs
  });

  test('untied embeddings store the unembedding too', () => {
    const tied = calcFor('gpt2');
    const untied = calcFor('gpt2', { ...ALL, tied: false });
    expect(untied.withSmall - tied.withSmall).toBe(50257 * 768);
    expect(untied.weightsOnly).toBe(tied.weightsOnly);
  });
});

describe('brute force: counting the tensors of an initialised model', () => {
  beforeAll(() => useBackend('cpu'));

  for (const name of ['book-tiny', 'book-small'] as const) {
    for (const tied of [true, false]) {
      test(`${name}, ${tied ? 'tied' : 'untied'} embeddings`, () => {
        const config = { ...getPreset(name), tie_word_embeddings: tied };
        const before = tf.memory().numTensors;
        const weights = initWeights(config, 1);
        let all = 0, biases = 0, norms = 0, matrices = 0;
        for (const [key, t] of namedWeights(weights)) {
          all += t.size;
          if (key.includes('ln_')) norms += t.size;
          else if (key.endsWith('.bias')) biases += t.size;
          else matrices += t.size;
        }
        disposeWeights(weights);
        expect(tf.memory().numTensors).toBe(before);
        const r = calcFor(name, { tied, biases: true, layerNorms: true });
        expect(r.withSmall).toBe(all);
        expect(r.count.breakdown.biases).toBe(biases);
        expect(r.count.breakdown.layerNorms).toBe(norms);
        expect(r.withoutSmall).toBe(matrices);
      });
    }
  }
});

describe('field validation', () => {
  const max = 1_000;
  test.each([
    ['', /Enter a whole number/],
    ['   ', /Enter a whole number/],
    ['1.5', /whole number; 1\.5 is not/],
    ['0', /at least 1; 0 is zero/],
    ['-3', /at least 1; -3 is negative/],
    ['abc', /not a number/],
    ['12abc', /not a number/],
    ['NaN', /not a number/],
    ['Infinity', /not a number/],
    ['1001', /At most 1,000/],
  ])('rejects %j', (text, message) => {
    const parsed = parseWhole(text, max);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  test.each([['12', 12], [' 1,000 ', 1000], ['1_000', 1000], ['7', 7]])('accepts %j', (text, value) => {
    expect(parseWhole(text, max)).toEqual({ ok: true, value });
  });

  test('heads must divide the width, with a message beside the Heads field only', () => {
    const fields: FieldText = { ...presetFields('gpt2'), n_head: '7' };
    const checked = validate(fields, true);
    expect(checked.config).toBeNull();
    expect(Object.keys(checked.errors!)).toEqual(['n_head']);
    expect(checked.errors!.n_head).toMatch(/768 ÷ 7 is not a whole number\. Try 3, 4, 6, 8\./);
    expect(validate({ ...fields, n_head: '1000' }, true).errors!.n_head).toMatch(/at most 768/);
  });

  test('every field is checked, each with its own message', () => {
    const bad = Object.fromEntries(FIELDS.map((f) => [f.key, '-1'])) as FieldText;
    const checked = validate(bad, true);
    expect(Object.keys(checked.errors!).sort()).toEqual(FIELDS.map((f) => f.key).sort());
  });

  test('no NaN or Infinity from any mix of valid fields at the limits', () => {
    const big = Object.fromEntries(FIELDS.map((f) => [f.key, String(f.max)])) as FieldText;
    for (const fields of [big, { ...big, n_head: '1' }, { ...presetFields('book-tiny'), n_layer: '1', vocab_size: '1' }]) {
      const checked = validate(fields, false);
      expect(checked.errors).toBeNull();
      const r = totals(checked.config!, checked.tokens!, ALL);
      const numbers = [r.weightsOnly, r.matrices, r.withSmall, r.withoutSmall, r.chosen, r.flops, ...r.memory.map((m) => m.bytes)];
      for (const n of numbers) expect(Number.isFinite(n)).toBe(true);
      for (const n of [r.weightsOnly, r.withSmall, r.chosen]) expect(Number.isSafeInteger(n)).toBe(true);
      expect(formatScientific(r.flops)).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('formatting', () => {
  test('bytes in decimal units; compute in powers of ten', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(350_362_583_040)).toBe('350.4 GB');
    expect(formatBytes(4_287_488)).toBe('4.3 MB');
    expect(formatScientific(31_536)).toBe('31,536');
    expect(formatScientific(3.14e23)).toBe('3.14 × 10²³');
    expect(formatScientific(1.2e100)).toBe('1.20 × 10¹⁰⁰');
  });
});
