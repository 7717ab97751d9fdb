import { expect, test } from 'vitest';
import { checkRequest, DEFAULT_REQUEST, formatMB, memoryBudget, presetMemory } from '../../../src/components/trainer/presets.ts';
import { PRESETS } from '../../../src/llm/config.ts';
import { trainingMemory } from '../../../src/llm/train-memory.ts';

test("the budget is a quarter of the device's memory, at most 1 GiB, and 1 GiB when unknown", () => {
  expect(memoryBudget(0.25)).toBe(64 * 2 ** 20);
  expect(memoryBudget(2)).toBe(512 * 2 ** 20);
  expect(memoryBudget(8)).toBe(1024 * 2 ** 20);
  expect(memoryBudget(undefined)).toBe(1024 * 2 ** 20);
  expect(memoryBudget(Number.NaN)).toBe(1024 * 2 ** 20);
});

test('a run over the budget is refused with both numbers; the default run fits a small device', () => {
  const small = { ...DEFAULT_REQUEST, preset: 'small' };
  const need = presetMemory('small', small.batch);
  expect(checkRequest(small, need - 1)).toBe(
    `Training this model with batch ${small.batch} needs about ${formatMB(need)} of memory (estimated), more than this device allows a tab (about ${formatMB(need - 1)}). Choose a smaller model size or batch.`,
  );
  expect(checkRequest(small, need)).toBeNull();
  expect(checkRequest(DEFAULT_REQUEST, memoryBudget(0.25))).toBeNull();
  // Range errors come first.
  expect(checkRequest({ ...small, batch: 0 }, 1)).toMatch(/^batch must be/);
});

test('the estimate grows with the batch and is the src/llm one', () => {
  expect(presetMemory('tiny', 16)).toBeGreaterThan(presetMemory('tiny', 8));
  expect(formatMB(3.4 * 2 ** 20)).toBe('3 MB');
  expect(formatMB(10)).toBe('1 MB');
  expect(presetMemory('tiny', 8)).toBe(trainingMemory(PRESETS['book-tiny'], 8).total);
});
