// The inspection islands in Chromium (WASM): the numbers in their table alternatives against
// `npm run llm -- inspect` for the same prompt and model, the keyboard path through the heatmap,
// empty and over-long prompts, and the knock-out set's round trip through the URL.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BASE_PATH, expectClean, launchBrowser, openPage, REPO_ROOT, startServer, type Site, type Visit } from './harness.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  site = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Cli {
  tokens: { id: number; text: string }[];
  dropped: number;
  attention: number[][][][];
  lens: { id: number; probability: number }[][];
  residualNorms: number[];
  effect: { top: { id: number }; topBefore: number; topAfter: number; kl: number } | null;
}

/** A probability as the page prints it (formatProbability): "12.3%" within rounding, or "<0.1%" for one under 0.05%. */
function expectShownProbability(shown: string, want: number): void {
  if (shown.startsWith('<')) expect(want).toBeLessThan(0.0005 + 1e-4);
  else expect(Math.abs(Number(shown) / 100 - want)).toBeLessThanOrEqual(0.0005 + 1e-4);
}

/** `npm run llm -- inspect ... --json` on the model files the site serves. */
function cli(text: string, knockouts = ''): Cli {
  const args = ['scripts/llm.ts', 'inspect', '--model', join(site.root, 'models', 'book-small'), '--text', text, '--json'];
  if (knockouts) args.push('--knockouts', knockouts);
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`npm run llm -- inspect failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Cli;
}

/** Opens a page, scrolls the island into view and waits until it shows a current result. */
async function openIsland(path: string, testId: string): Promise<Visit> {
  const visit = await openPage(browser, site.url(path));
  const island = visit.page.getByTestId(testId);
  await island.scrollIntoViewIfNeeded();
  await visit.page.waitForSelector(`[data-testid="${testId}"][data-phase="ready"][aria-busy="false"]`, { timeout: 90_000 });
  return visit;
}

async function settle(page: Page, testId: string, prompt: string): Promise<void> {
  await page.waitForFunction(
    ([id, want]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el?.getAttribute('data-prompt') === want && el.getAttribute('aria-busy') === 'false';
    },
    [testId, prompt],
    { timeout: 60_000 },
  );
}

/** The attention table's cells as numbers (null where the cell is empty: the masked future). */
async function attentionTable(page: Page): Promise<{ caption: string; rows: string[]; cells: (number | null)[][] }> {
  return page.getByTestId('attention-table').evaluate((table) => ({
    caption: table.querySelector('caption')?.textContent ?? '',
    rows: [...table.querySelectorAll('tbody th[scope="row"]')].map((th) => th.textContent ?? ''),
    cells: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent === '' ? null : Number(td.textContent)))),
  }));
}

function expectWeights(cells: (number | null)[][], want: number[][]): void {
  expect(cells.length).toBe(want.length);
  want.forEach((row, i) =>
    row.forEach((w, j) => {
      if (j > i) expect(cells[i][j]).toBeNull();
      else expect(Math.abs(cells[i][j]! - w), `row ${i}, column ${j}`).toBeLessThanOrEqual(0.005 + 1e-4); // shown with 2 decimals
    }),
  );
}

const percent = (s: string) => Number(/([\d.]+)%/.exec(s)?.[1] ?? NaN) / 100;

describe('the attention explorer (chapter 4)', () => {
  const path = 'chapters/04-attention/';
  const prompt = 'The jury said that the court and the jury';

  test('without JavaScript, the build-time table shows layer 1, head 1 as the CLI computes it', async () => {
    const visit = await openPage(browser, site.url(path), { javaScript: false });
    const t = await attentionTable(visit.page);
    expect(t.caption).toMatch(/^Layer 1, head 1/);
    expectWeights(t.cells, cli(prompt).attention[0][0]);
    await visit.close();
  });

  test('the table of any chosen head matches the CLI, and the keyboard moves and announces the cell', async () => {
    const visit = await openIsland(path, 'attention-explorer');
    const { page } = visit;
    const want = cli(prompt);
    await page.getByRole('button', { name: 'Layer 3, head 2' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="attention-table"]')?.getAttribute('data-head') === '2');
    const t = await attentionTable(page);
    expect(t.caption).toMatch(/^Layer 3, head 2/);
    expect(t.rows.length).toBe(want.tokens.length);
    expectWeights(t.cells, want.attention[2][1]);

    // Keyboard: the heatmap starts on the last query and the first key; Up, Right, Right moves the cell.
    await page.getByTestId('heatmap').focus();
    for (const key of ['ArrowUp', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    const T = want.tokens.length;
    const w = want.attention[2][1][T - 2][2];
    const label = `query ${JSON.stringify(want.tokens[T - 2].text).replaceAll('"', "'")}, key ${JSON.stringify(want.tokens[2].text).replaceAll('"', "'")}, ${w.toFixed(2)}`;
    await expect(page.getByTestId('cell-label').textContent()).resolves.toBe(label);
    expect(await page.getByTestId('cell-label').getAttribute('aria-live')).toBe('polite');

    // The step-by-step softmax column is the same head's row for the chosen query (it is asked for once the
    // cell has moved, so wait for the new query's T - 1 rows).
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="steps-scores"] tbody tr').length === n, T - 1);
    const softmax = await page.getByTestId('steps-scores').locator('tbody tr td:nth-child(4)').allTextContents();
    expect(softmax.length).toBe(T - 1);
    softmax.forEach((s, j) => expect(Math.abs(Number(s) - want.attention[2][1][T - 2][j])).toBeLessThanOrEqual(0.0005 + 1e-4));
    expectClean(visit);
    await visit.close();
  });

  test('an empty prompt says what to do; an over-long one says how many tokens were dropped', async () => {
    const visit = await openIsland(path, 'attention-explorer');
    const { page } = visit;
    const box = page.getByTestId('attention-explorer').getByLabel('Prompt', { exact: true });
    await box.fill('');
    await expect(page.getByTestId('attention-explorer').getByTestId('empty-note').textContent()).resolves.toMatch(/prompt is empty/i);
    const long = 'the jury and the court '.repeat(40);
    await box.fill(long);
    await settle(page, 'attention-explorer', long);
    const want = cli(long);
    expect(want.dropped).toBeGreaterThan(0);
    const note = await page.getByTestId('attention-explorer').getByTestId('truncation-note').textContent();
    expect(note).toContain(`first ${want.dropped} tokens were dropped`);
    expect((await attentionTable(page)).rows.length).toBe(want.tokens.length);
    expectClean(visit);
    await visit.close();
  });
});

describe('the logit lens (chapter 6)', () => {
  test('every stage lists the CLI top 5 with the same probabilities', async () => {
    const visit = await openIsland('chapters/06-next-token/', 'logit-lens');
    const { page } = visit;
    const prompt = 'The court said that the jury';
    await page.getByTestId('logit-lens').getByLabel('Prompt', { exact: true }).fill(prompt);
    await settle(page, 'logit-lens', prompt);
    const rows = await page.getByTestId('lens-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ stage: tr.querySelector('th')?.textContent ?? '', cells: [...tr.querySelectorAll('td[data-token-id]')].map((td) => ({ id: Number(td.getAttribute('data-token-id')), text: td.textContent ?? '' })) })),
    );
    const want = cli(prompt);
    expect(rows.map((r) => r.stage)).toEqual(want.lens.map((_, l) => (l === 0 ? 'After the embedding' : `After block ${l}`)));
    rows.forEach((row, l) =>
      row.cells.forEach((cell, k) => {
        expect(Math.abs(percent(cell.text) - want.lens[l][k].probability)).toBeLessThanOrEqual(0.0005 + 1e-4); // shown as 12.3%
        if (want.lens[l][k].probability - (want.lens[l][k + 1]?.probability ?? 0) > 1e-4) expect(cell.id).toBe(want.lens[l][k].id);
      }),
    );
    expectClean(visit);
    await visit.close();
  });
});

describe('knock-outs (chapter 5)', () => {
  const path = 'chapters/05-mlp-and-the-block/';
  const prompt = 'The jury said that the';

  test('a shared link restores the set; the numbers match the CLI; Reset clears the URL', async () => {
    const visit = await openIsland(`${path}?knockouts=L1MLP`, 'knockouts');
    const { page } = visit;
    const island = page.getByTestId('knockouts');
    await page.waitForFunction(() => document.querySelector('[data-testid="knockout-table"]') !== null, undefined, { timeout: 60_000 });
    await expect(island.getByRole('button', { name: 'Switch off the MLP of layer 1' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const want = cli(prompt, 'L1MLP').effect!;
    const summary = (await island.getByTestId('knockout-summary').textContent()) ?? '';
    const [before, after] = [...summary.matchAll(/(<?[\d.]+)%/g)].map((m) => m[1]);
    expectShownProbability(before, want.topBefore);
    expectShownProbability(after, want.topAfter);
    expect(Math.abs(Number(/([\d.]+) nats/.exec(summary)![1]) - want.kl)).toBeLessThanOrEqual(0.0005 + 1e-4);
    const first = await island.getByTestId('knockout-table').locator('tbody tr').first().getAttribute('data-token-id');
    expect(Number(first)).toBe(want.top.id);

    // Switch one more part off with the keyboard: the URL follows, and a reload restores both.
    await island.getByRole('button', { name: 'Switch off layer 2, head 1' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('knockouts') === 'L1MLP,L2H1');
    await page.reload();
    await island.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="knockouts"][data-knockouts="L1MLP,L2H1"][aria-busy="false"]', { timeout: 90_000 });
    await expect(island.getByRole('button', { name: 'Switch off layer 2, head 1' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const both = cli(prompt, 'L1MLP,L2H1').effect!;
    const summary2 = (await island.getByTestId('knockout-summary').textContent()) ?? '';
    expect(Math.abs(Number(/([\d.]+) nats/.exec(summary2)![1]) - both.kl)).toBeLessThanOrEqual(0.0005 + 1e-4);

    await island.getByRole('button', { name: 'Reset' }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('knockouts'));
    await page.waitForSelector('[data-testid="knockouts"][data-knockouts=""][aria-busy="false"]');
    await expect(island.getByTestId('knockout-summary').textContent()).resolves.toMatch(/Nothing is switched off/);
    expectClean(visit);
    await visit.close();
  });

  test('a link naming a part the model lacks says so and switches nothing off', async () => {
    const visit = await openIsland(`${path}?knockouts=L9H1`, 'knockouts');
    await expect(visit.page.getByTestId('knockouts').getByRole('alert').first().textContent()).resolves.toMatch(/L9H1/);
    expect(await visit.page.getByTestId('knockouts').getAttribute('data-knockouts')).toBe('');
    await visit.close();
  });
});

test('before an island is on screen, each chapter loads at most 60 KB of gzipped JavaScript and no model', async () => {
  for (const path of ['chapters/04-attention/', 'chapters/05-mlp-and-the-block/', 'chapters/06-next-token/']) {
    const from = site.requests.length;
    const visit = await openPage(browser, site.url(path));
    await visit.page.waitForLoadState('networkidle');
    const served = site.requests.slice(from).map((r) => r.path.split('?')[0]);
    const js = served.filter((p) => p.endsWith('.js'));
    const bytes = js.reduce((n, p) => n + gzipSync(readFileSync(join(site.root, p.slice(BASE_PATH.length)))).length, 0);
    expect(js.length).toBeGreaterThan(0); // the page's own scripts were seen, so the sum measures something
    expect(bytes, `${path}: ${js.join(', ')}`).toBeLessThanOrEqual(60 * 1024);
    expect(served.some((p) => p.includes('/models/') || p.endsWith('.wasm'))).toBe(false);
    await visit.close();
  }
});
