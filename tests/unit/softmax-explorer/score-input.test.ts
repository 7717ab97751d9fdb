// The softmax explorer's score boxes: typed text is read, never rewritten; the temperature-0 limit splits ties.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import SoftmaxExplorer from '../../../src/components/SoftmaxExplorer.tsx';
import { readScore, stepScore, zeroTemperatureLimit } from '../../../src/components/utils/score-input.ts';
import { softmax } from '../../../src/llm/sample.ts';

describe('readScore', () => {
  test.each([
    ['-3.5', -3.5],
    ['-3', -3],
    ['0.5', 0.5],
    ['1.', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['+2', 2],
    [' 4 ', 4],
    ['−2', -2],
    ['-0', 0],
    ['1e1', 10],
  ])('"%s" reads as %d', (text, value) => {
    expect(readScore(text, 7)).toEqual({ kind: 'ok', value });
  });

  test.each(['', '-', '.', '-.', '1e', '1e-'])('"%s" is unfinished, and the last valid score stays in use', (text) => {
    const reading = readScore(text, 2);
    expect(reading.kind).toBe('unfinished');
    if (reading.kind !== 'ok') expect(reading.message).toContain('still using 2');
  });

  test.each(['abc', '1.2.3', '--3', '3-', '1,5', 'Infinity', 'NaN', '0x10'])('"%s" is not a number and says so', (text) => {
    const reading = readScore(text, -1.5);
    expect(reading.kind).toBe('invalid');
    if (reading.kind !== 'ok') expect(reading.message).toMatch(/is not a number.*still using −1\.5/);
  });

  test('scores beyond the limit are refused with the range', () => {
    const reading = readScore('1000', 0);
    expect(reading).toEqual({ kind: 'invalid', message: 'Keep scores between −100 and 100; still using 0.' });
  });
});

describe('stepScore', () => {
  test('steps on the 0.5 grid from the last valid value, within the limit', () => {
    expect(stepScore(1, 1)).toBe(1.5);
    expect(stepScore(0.3, -1)).toBe(0); // 0.3 - 0.5 = -0.2, which rounds to 0 on the grid
    expect(stepScore(100, 1)).toBe(100);
  });
});

describe('zeroTemperatureLimit', () => {
  test('is the limit of softmax as the temperature goes to 0', () => {
    const scores = [2, 1, 0.1];
    expect(zeroTemperatureLimit(scores)).toEqual([1, 0, 0]);
    const cold = softmax(scores, 0.01);
    zeroTemperatureLimit(scores).forEach((p, i) => expect(cold[i]).toBeCloseTo(p, 6));
  });

  test('splits evenly among tied top scores', () => {
    const scores = [3, 1, 3, 3];
    expect(zeroTemperatureLimit(scores)).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    const cold = softmax(scores, 0.01);
    zeroTemperatureLimit(scores).forEach((p, i) => expect(cold[i]).toBeCloseTo(p, 6));
  });
});

describe('the server render', () => {
  test('shows the starting scores as text boxes with a real minus sign, no error yet', () => {
    const html = renderToString(h(SoftmaxExplorer, { labels: ['mat', 'moon'], scores: [4, -2] }));
    expect(html).toContain('value="4"');
    expect(html).toContain('value="−2"');
    expect(html).toContain('inputmode="decimal"');
    expect(html).not.toContain('aria-invalid="true"');
    expect(html.match(/aria-live="polite"/g)).toHaveLength(2);
  });
});
