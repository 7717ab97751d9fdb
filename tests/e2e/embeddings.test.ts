// Chapter 3's embedding explorer in Chromium: the neighbours, the worked cosine and the map the page
// prints (read from its tables) equal float64 references computed here in Node from book-small's weights.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wordTokenIds } from '../../src/llm/embeddings.ts';
import { initNodeBackend, loadModelFromDir } from '../../src/llm/io/node-fs.ts';
import type { Tokenizer } from '../../src/llm/tokenizer/tokenizer.ts';
import { cosine64, neighbours64, pcaReference } from '../unit/embeddings/reference.ts';
import { expectClean, launchBrowser, openPage, startServer, type Site, type Visit } from './harness.ts';

let site: Site;
let browser: Browser;
let wte: Float32Array;
let rows: number;
let cols: number;
let tokenizer: Tokenizer;

beforeAll(async () => {
  site = await startServer();
  browser = await launchBrowser();
  await initNodeBackend('cpu');
  const model = loadModelFromDir('public/models/book-small');
  tokenizer = model.tokenizer as Tokenizer;
  [rows, cols] = model.weights.wte.shape;
  rows = Math.min(rows, tokenizer.vocabSize);
  wte = (model.weights.wte.dataSync() as Float32Array).slice(0, rows * cols);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const PAGE = 'chapters/03-text-to-vectors/';
const explorer = (page: Page) => page.getByTestId('embed');
const num = (text: string) => Number(text.replace('−', '-').trim());

async function openExplorer(viewport?: { width: number; height: number }): Promise<Visit> {
  const visit = await openPage(browser, site.url(PAGE), viewport ? { viewport } : {});
  await explorer(visit.page).scrollIntoViewIfNeeded();
  await visit.page.waitForSelector('[data-testid="embed"][data-phase="ready"][data-map-source="worker"]', { timeout: 120_000 });
  return visit;
}

/** Neighbour rows as printed: id (from the row) and the similarity text. */
async function printedNeighbours(page: Page) {
  const table = explorer(page).getByTestId('embed-neighbours');
  const query = Number(await table.getAttribute('data-query-id'));
  const list = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ id: Number(tr.getAttribute('data-token-id')), shown: tr.querySelectorAll('td')[1].textContent ?? '' })));
  return { query, list };
}

function expectNeighboursMatch(query: number, list: { id: number; shown: string }[]): void {
  const want = neighbours64(wte, rows, cols, query).slice(0, list.length);
  expect(list).toHaveLength(10);
  list.forEach((n, i) => {
    expect(Math.abs(num(n.shown) - want[i].similarity), `rank ${i + 1}`).toBeLessThanOrEqual(0.0005 + 1e-9);
    if (Math.abs(want[i].similarity - (want[i + 1]?.similarity ?? -9)) > 1e-5 && Math.abs(want[i].similarity - (want[i - 1]?.similarity ?? 9)) > 1e-5) {
      expect(n.id, `rank ${i + 1}`).toBe(want[i].id);
    }
  });
}

async function typeWord(page: Page, word: string, expectId: number): Promise<void> {
  await explorer(page).getByLabel('Word', { exact: true }).fill(word);
  await page.waitForFunction((id) => document.querySelector('[data-testid="embed-neighbours"]')?.getAttribute('data-query-id') === String(id), expectId, { timeout: 30_000 });
}

describe('embedding explorer', () => {
  test('neighbours of the first word and of a typed word equal the float64 cosine reference', async () => {
    const visit = await openExplorer();
    const { page } = visit;
    const first = await printedNeighbours(page);
    expect(first.query).toBe(tokenizer.encode(' two')[0]);
    expectNeighboursMatch(first.query, first.list);
    const three = tokenizer.encode(' three');
    expect(three).toHaveLength(1);
    await typeWord(page, 'three', three[0]);
    const typed = await printedNeighbours(page);
    expectNeighboursMatch(typed.query, typed.list);
    expectClean(visit);
    await visit.close();
  });

  test('the worked cosine shows the real numbers for a chosen pair', async () => {
    const visit = await openExplorer();
    const { page } = visit;
    const { query, list } = await printedNeighbours(page);
    await explorer(page).getByTestId('embed-neighbours').locator('tbody tr').nth(2).getByRole('button').click();
    const b = list[2].id;
    await page.waitForSelector(`[data-testid="embed-cosine"][data-b="${b}"]`);
    const cells = await explorer(page).getByTestId('embed-cosine-table').locator('tr[data-kind]').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-kind'), tr.querySelector('td')!.textContent ?? ''])));
    let dot = 0, aa = 0, bb = 0;
    for (let j = 0; j < cols; j++) {
      dot += wte[query * cols + j] * wte[b * cols + j];
      aa += wte[query * cols + j] ** 2;
      bb += wte[b * cols + j] ** 2;
    }
    expect(Math.abs(num(cells.dot) - dot)).toBeLessThanOrEqual(0.00005 + 1e-9);
    expect(Math.abs(num(cells.normA) - Math.sqrt(aa))).toBeLessThanOrEqual(0.00005 + 1e-9);
    expect(Math.abs(num(cells.normB) - Math.sqrt(bb))).toBeLessThanOrEqual(0.00005 + 1e-9);
    expect(Math.abs(num(cells.cosine) - cosine64(wte, cols, query, b))).toBeLessThanOrEqual(0.00005 + 1e-9);
    const formula = await explorer(page).getByTestId('embed-cosine').locator('.embed__formula').textContent();
    expect(formula).toContain(`… ${cols - 4} more]`);
    expect(formula).toContain(`(${cols} terms)`);
    expectClean(visit);
    await visit.close();
  });

  test('the map table equals a Jacobi PCA of the first 500 word tokens (up to sign)', async () => {
    const visit = await openExplorer();
    const { page } = visit;
    await explorer(page).locator('summary', { hasText: 'The map as a table' }).click();
    const printed = await explorer(page).getByTestId('embed-map-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ id: Number(tr.getAttribute('data-token-id')), x: tr.querySelectorAll('td')[1].textContent ?? '', y: tr.querySelectorAll('td')[2].textContent ?? '' })),
    );
    const ids = wordTokenIds((id) => tokenizer.tokenText(id), rows, 500);
    expect(printed.map((p) => p.id)).toEqual(ids);
    const ref = pcaReference(wte, cols, ids);
    for (const [axis, want] of [['x', ref.xs], ['y', ref.ys]] as const) {
      const got = printed.map((p) => num(p[axis]));
      const sign = Math.sign(got.reduce((s, v, i) => s + v * want[i], 0));
      got.forEach((v, i) => expect(Math.abs(sign * v - want[i]), `${axis} of ${ids[i]}`).toBeLessThanOrEqual(0.0005));
    }
    const note = await explorer(page).locator('.embed__map-note').textContent();
    expect(note).toContain(`across explains ${(100 * ref.explained[0]).toFixed(1)}%`);
    expect(note).toContain(`up and down ${(100 * ref.explained[1]).toFixed(1)}%`);
    expectClean(visit);
    await visit.close();
  });

  test('keyboard and pointer on the map: labels on focus and hover, Enter looks a dot up', async () => {
    const visit = await openExplorer();
    const { page } = visit;
    const map = explorer(page).getByTestId('embed-map');
    const first = map.locator('circle[tabindex="0"]');
    await expect.poll(() => first.count()).toBe(1);
    await first.focus();
    const startId = await first.getAttribute('data-token-id');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-token-id') ?? null);
    expect(focused).not.toBeNull();
    expect(focused).not.toBe(startId);
    expect(await map.locator('.embed__label--shown').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="embed-neighbours"]')?.getAttribute('data-query-id') === id, focused, { timeout: 30_000 });
    await map.locator('circle').nth(40).hover();
    await expect.poll(() => map.locator('.embed__label--shown').textContent()).toBe(tokenizer.displayToken(Number(await map.locator('circle').nth(40).getAttribute('data-token-id'))));
    expectClean(visit);
    await visit.close();
  });

  test('bad input: empty, a split word, a 100 KB paste; the page stays usable and fits a phone', async () => {
    const visit = await openExplorer({ width: 390, height: 844 });
    const { page } = visit;
    const box = explorer(page).getByLabel('Word', { exact: true });
    const before = await printedNeighbours(page);
    await box.fill('');
    await expect.poll(() => explorer(page).locator('.embed__note').textContent()).toBe('Type a word to look up.');
    expect((await printedNeighbours(page)).query).toBe(before.query);
    const pieces = tokenizer.encode(' Zzyzxqwv');
    expect(pieces.length).toBeGreaterThan(1);
    await typeWord(page, 'Zzyzxqwv', pieces[0]);
    await expect.poll(() => explorer(page).getByTestId('embed-pieces').locator('button').count()).toBe(pieces.length);
    const huge = 'a'.repeat(100_000);
    await box.evaluate((el, text) => {
      (el as HTMLInputElement).value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, huge);
    await expect.poll(() => explorer(page).locator('.embed__note').textContent()).toMatch(/first 100 characters/);
    await page.waitForSelector('[data-testid="embed"][data-busy="false"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await explorer(page).textContent()).not.toMatch(/NaN|undefined/);
    expectClean(visit);
    await visit.close();
  });
});
