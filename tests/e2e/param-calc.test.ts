// Chapter 8's parameter calculator in Chromium: the numbers the page prints, read back from its tables,
// equal src/llm/params.ts computed here in Node for every preset and a custom shape; bad fields say why.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { CALC_PRESETS } from '../../src/components/params/calc.ts';
import { getPreset, type GPTConfig } from '../../src/llm/config.ts';
import { countParameters, storedCount } from '../../src/llm/params.ts';
import { expectClean, openPage, useSite, type Visit } from './harness.ts';

const { site, browser } = useSite();

const PAGE = 'chapters/08-counting-parameters/';
const calc = (page: Page) => page.getByTestId('param-calc');

async function openCalc(viewport?: { width: number; height: number }): Promise<Visit> {
  const visit = await openPage(browser, site.url(PAGE), viewport ? { viewport } : {});
  await calc(visit.page).scrollIntoViewIfNeeded();
  await visit.page.waitForSelector('[data-testid="param-calc"][data-hydrated="true"]', { timeout: 60_000 });
  return visit;
}

const parse = (text: string) => Number(text.replace(/,/g, '').trim());

/** Each row of a table as [data-kind, printed numbers...]. */
async function table(page: Page, testId: string): Promise<Map<string, number[]>> {
  const rows = await calc(page)
    .getByTestId(testId)
    .locator('tr[data-kind]')
    .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-kind')!, [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')] as const));
  return new Map(rows.map(([kind, cells]) => [kind, cells.filter((c) => c.trim() !== '').map(parse)]));
}

/** What the page says for this config, against params.ts. */
async function expectShows(page: Page, config: GPTConfig): Promise<void> {
  const want = countParameters(config);
  const tally = await table(page, 'param-calc-tally');
  for (const row of want.rows.filter((r) => r.weightsOnly)) {
    const printed = tally.get(row.kind)!;
    expect(printed.at(-2), `${row.kind} matrices`).toBe(row.matrices);
    expect(printed.at(-1), `${row.kind} parameters`).toBe(row.count);
  }
  expect(tally.get('weightsOnly')).toEqual([want.weightsOnlyMatrices, want.weightsOnly]);
  const totals = await table(page, 'param-calc-totals');
  expect(totals.get('withSmall')).toEqual([want.total]);
  expect(totals.get('withoutSmall')).toEqual([storedCount(want, { biases: false, layerNorms: false })]);
  expect(totals.get('biases')).toEqual([want.breakdown.biases]);
  expect(totals.get('layerNorms')).toEqual([want.breakdown.layerNorms]);
  expect(totals.get('chosen')).toEqual([want.total]);
  const memory = await table(page, 'param-calc-memory');
  expect(memory.get('fp16')![1]).toBe(want.total * 2);
  expect(await calc(page).textContent()).not.toMatch(/NaN|Infinity|undefined/);
}

const field = (page: Page, label: string) => calc(page).getByLabel(label, { exact: true });

describe('parameter calculator', () => {
  test('every preset prints params.ts counts; GPT-2 small 124,439,808; GPT-3 175,181,291,520 in 27,938', async () => {
    const visit = await openCalc();
    const { page } = visit;
    for (const { name } of CALC_PRESETS) {
      await field(page, 'Preset').selectOption(name);
      await expect.poll(() => field(page, 'Layers').inputValue()).toBe(String(getPreset(name).n_layer));
      await expectShows(page, getPreset(name));
    }
    await field(page, 'Preset').selectOption('gpt2');
    expect((await table(page, 'param-calc-totals')).get('withSmall')).toEqual([124_439_808]);
    await field(page, 'Preset').selectOption('gpt3');
    expect((await table(page, 'param-calc-tally')).get('weightsOnly')).toEqual([27_938, 175_181_291_520]);
    expectClean(visit);
    await visit.close();
  });

  test('a typed shape, untied embeddings and the N choices', async () => {
    const visit = await openCalc();
    const { page } = visit;
    const shape = { n_layer: 3, n_embd: 96, n_head: 6, vocab_size: 1000, n_positions: 48 };
    await field(page, 'Layers').fill(String(shape.n_layer));
    await field(page, 'Model width (d_model)').fill(String(shape.n_embd));
    await field(page, 'Heads').fill(String(shape.n_head));
    await field(page, 'Vocabulary').fill('1,000');
    await field(page, 'Context').fill(String(shape.n_positions));
    await calc(page).getByLabel(/Tied embeddings/).uncheck();
    const config = { ...getPreset('gpt2'), ...shape, tie_word_embeddings: false };
    await expectShows(page, config);
    expect(await field(page, 'Preset').inputValue()).toBe('');
    await calc(page).getByLabel('Count biases in N').uncheck();
    const want = countParameters(config);
    expect((await table(page, 'param-calc-totals')).get('chosen')).toEqual([storedCount(want, { biases: false, layerNorms: true })]);
    expectClean(visit);
    await visit.close();
  });

  test('bad fields: a message beside the field, described, numbers kept, no NaN', async () => {
    const visit = await openCalc();
    const { page } = visit;
    await field(page, 'Preset').selectOption('gpt2');
    const cases: [label: string, text: string, message: RegExp][] = [
      ['Heads', '7', /768 ÷ 7 is not a whole number/],
      ['Layers', '1.5', /whole number/],
      ['Vocabulary', '0', /at least 1/],
      ['Context', '-4', /at least 1/],
      ['Model width (d_model)', '', /Enter a whole number/],
    ];
    for (const [label, text, message] of cases) {
      const input = field(page, label);
      await input.fill(text);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await input.getAttribute('aria-describedby');
      const note = page.locator(`[id="${describedBy}"]`);
      await expect.poll(() => note.textContent()).toMatch(message);
      expect(await note.getAttribute('aria-live')).toBe('polite');
      expect((await table(page, 'param-calc-totals')).get('withSmall')).toEqual([124_439_808]);
      expect(await calc(page).getByTestId('param-calc-stale').textContent()).toMatch(/last valid/);
      expect(await calc(page).textContent()).not.toMatch(/NaN|Infinity/);
      await field(page, 'Preset').selectOption('gpt2'); // back to a valid shape
      await expect.poll(() => input.getAttribute('aria-invalid')).toBe('false');
    }
    expectClean(visit);
    await visit.close();
  });

  test('fits a 390 px phone without sideways page scroll', async () => {
    const visit = await openCalc({ width: 390, height: 844 });
    const overflow = await visit.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visit.close();
  });
});
