// The engine benchmark's FLOP count is what its % columns divide by: check it two ways.

import { expect, test } from 'vitest';
import { forwardFlops, prefillMatMuls } from '../../../scripts/bench/engine.ts';
import { getPreset } from '../../../src/llm/config.ts';

test.each(['book-tiny', 'book-small', 'gpt2'])('forwardFlops equals the sum over the prefill matMul list (%s)', (name) => {
  const c = getPreset(name);
  const T = 64;
  const listed = prefillMatMuls(c, T).reduce((sum, [m, k, n]) => sum + 2 * m * k * n, 0);
  expect(listed).toBe(forwardFlops(c, T));
});

test('gpt2 at 128 tokens: 2 x 124M-ish multiply-adds per token plus attention (hand count)', () => {
  const c = getPreset('gpt2');
  const T = 128;
  const perLayer = 2 * T * (768 * 2304 + 768 * 768 + 2 * 768 * 3072) + 2 * 2 * T * T * 768;
  expect(forwardFlops(c, T)).toBe(12 * perLayer + 2 * T * 768 * 50257);
});
