import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { describeThrown, errorLine, formatElapsed, formatLogArgs, formatNumber, formatTensor, formatValue } from '../../../src/components/live/format.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('formatNumber', () => {
  test('integers in full, fractions to four significant digits, extremes in exponent form', () => {
    expect(formatNumber(175181291520)).toBe('175181291520');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(Math.PI)).toBe('3.142');
    expect(formatNumber(-0.000012346)).toBe('-1.235e-5');
    expect(formatNumber(-0)).toBe('-0');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });
});

describe('formatTensor', () => {
  test('prints dtype, shape and every value of a small matrix', () => {
    const t = tf.tensor2d([[1, 2.5], [3, -4]]);
    expect(formatTensor(t)).toBe('Tensor float32 [2, 2]\n[[1, 2.5],\n [3, -4]]');
    t.dispose();
  });

  test('scalars, ints, bools and strings', () => {
    const tensors = [tf.scalar(0.125), tf.tensor1d([1, 2], 'int32'), tf.tensor1d([true, false], 'bool'), tf.tensor1d(['a', "b'c"], 'string')];
    expect(tensors.map((t) => formatTensor(t))).toEqual([
      'Tensor float32 [] 0.125',
      'Tensor int32 [2]\n[1, 2]',
      'Tensor bool [2]\n[true, false]',
      'Tensor string [2]\n[\'a\', "b\'c"]',
    ]);
    tf.dispose(tensors);
  });

  test('abbreviates long axes to their first and last entries', () => {
    const t = tf.range(0, 100);
    expect(formatTensor(t)).toBe('Tensor float32 [100]\n[0, 1, 2, …, 97, 98, 99]');
    const m = tf.reshape(tf.range(0, 2000), [20, 100]);
    const text = formatTensor(m);
    expect(text.split('\n')).toHaveLength(1 + 7); // header, 3 rows, "…", 3 rows
    expect(text).toContain('[1900, 1901, 1902, …, 1997, 1998, 1999]]');
    tf.dispose([t, m]);
  });

  test('rank 3 separates matrices with a blank line', () => {
    const t = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(formatTensor(t)).toBe('Tensor float32 [2, 2, 2]\n[[[1, 2],\n  [3, 4]],\n\n [[5, 6],\n  [7, 8]]]');
    t.dispose();
  });

  test('a disposed tensor says so instead of throwing', () => {
    const t = tf.tensor1d([1]);
    t.dispose();
    expect(formatValue(t)).toBe('Tensor float32 [1] (disposed)');
  });
});

describe('formatValue', () => {
  test('primitives as a console shows them', () => {
    expect(['a\nb', 12, 10n, true, null, undefined, Symbol('s')].map((v) => formatValue(v))).toEqual([
      "'a\\nb'",
      '12',
      '10n',
      'true',
      'null',
      'undefined',
      'Symbol(s)',
    ]);
  });

  test('strings take the quote that needs no escaping', () => {
    expect(formatValue("it's")).toBe('"it\'s"');
    expect(formatValue('say "it\'s"')).toBe('`say "it\'s"`');
    expect(formatValue('a\\b')).toBe("'a\\\\b'");
  });

  test('objects and arrays, short on one line, long over several', () => {
    expect(formatValue({ token: '␣the', probability: 0.25 })).toBe("{ token: '␣the', probability: 0.25 }");
    expect(formatValue([1, [2, 3], { 'a-b': 1 }])).toBe("[1, [2, 3], { 'a-b': 1 }]");
    const rows = Array.from({ length: 3 }, (_, i) => ({ token: `token number ${i}`, probability: i / 10 }));
    expect(formatValue(rows)).toBe(
      "[\n  { token: 'token number 0', probability: 0 },\n  { token: 'token number 1', probability: 0.1 },\n  { token: 'token number 2', probability: 0.2 }\n]",
    );
  });

  test('a long list of short items wraps several to a line', () => {
    const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
    const text = formatValue(ids);
    const lines = text.split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-1)).toBe(']');
    expect(lines.length).toBeLessThan(8);
    expect(lines.every((l) => l.length <= 72)).toBe(true);
    expect(JSON.parse(text)).toEqual(ids);
  });

  test('long arrays are cut, cycles and depth are bounded', () => {
    expect(formatValue(Array.from({ length: 150 }, () => 0))).toContain('… 50 more');
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(formatValue(a)).toBe("{ name: 'a', self: [Circular] }");
    expect(formatValue({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{ a: { b: { c: { d: [Object] } } } }');
  });

  test('maps, sets, typed arrays, functions, classes, promises, dates', () => {
    expect(formatValue(new Map([['a', 1]]))).toBe("Map(1) { 'a' => 1 }");
    expect(formatValue(new Set([1, 2]))).toBe('Set(2) { 1, 2 }');
    expect(formatValue(new Float32Array([0.5, 1 / 3]))).toBe('Float32Array(2) [0.5, 0.3333]');
    expect(formatValue(function softmax() {})).toBe('[Function: softmax]');
    expect(formatValue(class Model {})).toBe('[class: Model]');
    expect(formatValue(Promise.resolve(1))).toMatch(/^Promise .*await/);
    expect(formatValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  test('a value whose getter throws does not break the output', () => {
    const evil = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(formatValue(evil)).toBe('[unprintable value]');
  });

  test('tensors inside objects are printed in full', () => {
    const t = tf.tensor1d([1, 2]);
    expect(formatValue({ t })).toBe('{\n  t: Tensor float32 [2]\n  [1, 2]\n}');
    t.dispose();
  });

  test('very long text is cut with a note', () => {
    expect(formatValue('x'.repeat(50), { maxLength: 10 })).toMatch(/^'x{9}… \(42 more characters\)$/);
  });
});

describe('formatLogArgs', () => {
  test('strings stay bare, everything else is formatted, joined by spaces', () => {
    expect(formatLogArgs(['loss', 0.25, [1, 2], 'done'])).toBe('loss 0.25 [1, 2] done');
  });

  test('a multi-line value starts on its own line', () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    expect(formatLogArgs(['weights:', t])).toBe('weights:\nTensor float32 [2, 2]\n[[1, 2],\n [3, 4]]');
    expect(formatLogArgs(['a\nb', 'c'])).toBe('a\nb c');
    t.dispose();
  });
});

describe('describeThrown', () => {
  test('an Error keeps its name and message', () => {
    expect(describeThrown(new RangeError('too big'))).toEqual({ name: 'RangeError', message: 'too big' });
  });

  test('a line found by lineOf is attached', () => {
    expect(describeThrown(new Error('x'), () => ({ line: 4, column: 2 }))).toEqual({ name: 'Error', message: 'x', line: 4, column: 2 });
  });

  test('thrown non-Errors say what was thrown', () => {
    expect(describeThrown(42)).toEqual({ name: 'Uncaught', message: '42 (a value was thrown that is not an Error)' });
    expect(describeThrown('oops').message).toMatch(/^'oops'/);
    expect(describeThrown({ code: 7 }).message).toMatch(/^\{ code: 7 \}/);
    expect(describeThrown(undefined).message).toMatch(/^undefined/);
    expect(describeThrown(null).message).toMatch(/^null/);
  });

  test('errorLine puts the line in the sentence', () => {
    expect(errorLine({ name: 'TypeError', message: 'x is not a function', line: 3 })).toBe('TypeError on line 3: x is not a function');
    expect(errorLine({ name: 'Error', message: '' })).toBe('Error');
  });
});

describe('formatElapsed', () => {
  test('milliseconds under a second, seconds above', () => {
    expect(formatElapsed(12.4)).toBe('12 ms');
    expect(formatElapsed(1250)).toBe('1.25 s');
  });
});
