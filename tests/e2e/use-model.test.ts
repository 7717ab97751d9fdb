// "Use this model" in Chromium: train briefly in chapter 7, store the model, and chapter 6's predict widget (picker
// set to it) predicts with it, the probabilities equal to `npm run llm -- logits` on the three downloaded files; the
// choice and the model survive a reload; a damaged stored model gives a message and the book's model keeps working;
// a folder loads through the file input; without IndexedDB the model stays in memory for the page, with a note.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { expectClean, openPage, REPO_ROOT, useSite, type Visit } from './harness.ts';

const { site, browser } = useSite();

const PROMPT = '100 101 102 ';
const predict = (page: Page) => page.getByTestId('predict');
const picker = (page: Page) => predict(page).getByTestId('model-picker');
const select = (page: Page) => picker(page).getByLabel('Model', { exact: true });

async function openPredict(page: Page): Promise<void> {
  await predict(page).scrollIntoViewIfNeeded();
  await page.waitForSelector('astro-island:not([ssr]) [data-testid="predict"]', { timeout: 30_000 });
}

/** Waits until the widget runs `model` and lists the answer for PROMPT. */
async function predicted(page: Page, model: string): Promise<{ id: number; probability: number }[]> {
  await predict(page).locator('textarea').fill(PROMPT);
  await page.waitForFunction(
    ([want, prompt]) => {
      const widget = document.querySelector('[data-testid="predict"]');
      const list = widget?.querySelector('[data-testid="probabilities"]');
      return widget?.getAttribute('data-model') === want && widget.getAttribute('data-phase') === 'ready' && list?.getAttribute('data-prompt') === prompt && list.getAttribute('aria-busy') === 'false';
    },
    [model, PROMPT],
    { timeout: 60_000 },
  );
  return predict(page)
    .locator('[data-testid="probabilities"] li')
    .evaluateAll((lis) => lis.map((li) => ({ id: Number(li.getAttribute('data-token-id')), probability: Number(li.getAttribute('data-model-probability')) }))); // softmax at temperature 1
}

async function chipIds(page: Page): Promise<number[]> {
  return predict(page).getByTestId('token-chips').first().locator('li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-token-id'))));
}

/** softmax of the last row of `npm run llm -- logits --json` on a model folder. */
function cliProbabilities(dir: string, ids: number[]): number[] {
  const run = spawnSync(process.execPath, ['scripts/llm.ts', 'logits', '--model', dir, '--ids', ids.join(','), '--json'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`npm run llm -- logits failed: ${run.stderr}`);
  const last = (JSON.parse(run.stdout) as number[][]).at(-1)!;
  const max = Math.max(...last);
  const exps = last.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Presses the picker's download button and saves the three files it links into a new folder. */
async function downloadFiles(page: Page): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'use-model-'));
  await picker(page).locator('summary').click();
  await picker(page).getByRole('button', { name: 'Download its files' }).click();
  for (const name of ['config.json', 'model.safetensors', 'tokenizer.json']) {
    const [download] = await Promise.all([page.waitForEvent('download'), picker(page).getByTestId('model-picker-links').getByRole('link', { name }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    await download.saveAs(join(dir, name));
  }
  return dir;
}

async function trainAndUse(visit: Visit): Promise<string> {
  const { page } = visit;
  const trainer = page.getByTestId('trainer');
  await trainer.scrollIntoViewIfNeeded();
  await page.waitForSelector('astro-island:not([ssr]) [data-testid="trainer"]', { timeout: 30_000 });
  const use = trainer.getByRole('button', { name: 'Use this model' });
  await expect(use.isDisabled()).resolves.toBe(true); // nothing trained yet
  await trainer.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => Number(/Step ([\d,]+) of/.exec(document.querySelector('[data-testid="trainer-facts"]')?.textContent ?? '')?.[1].replace(/,/g, '') ?? 0) >= 30, null, { timeout: 120_000 });
  await trainer.getByRole('button', { name: 'Pause' }).click();
  await page.waitForSelector('[data-testid="trainer"][data-phase="paused"]');
  await use.click();
  const message = trainer.getByTestId('trainer-use-message');
  await page.waitForFunction(() => /is stored in this browser/.test(document.querySelector('[data-testid="trainer-use-message"]')?.textContent ?? ''), null, { timeout: 60_000 });
  const name = /“(my model \(book-tiny shape, counting, [\d,]+ steps\))”/.exec((await message.textContent()) ?? '')?.[1];
  expect(name).toBeDefined();
  return `stored:${name}`;
}

test('a model trained in chapter 7 predicts in chapter 6 as the CLI does on its files, survives a reload, and a damaged copy falls back', async () => {
  const visit = await openPage(browser, site.url('chapters/07-training/?backend=wasm'));
  const { page } = visit;
  const model = await trainAndUse(visit);

  await page.goto(site.url('chapters/06-next-token/?backend=wasm'));
  await openPredict(page);
  const shown = await predicted(page, model);
  await expect(select(page).inputValue()).resolves.toBe(model);
  const dir = await downloadFiles(page);
  const reference = cliProbabilities(dir, await chipIds(page));
  expect(reference.length).toBe(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).vocab_size); // not book-small's vocabulary
  expect(shown.length).toBeGreaterThan(3);
  for (const row of shown) expect(Math.abs(row.probability - reference[row.id])).toBeLessThan(1e-4);

  // Reload: the choice and the model are still there.
  await page.reload();
  await openPredict(page);
  const again = await predicted(page, model);
  expect(again.map((r) => r.id)).toEqual(shown.map((r) => r.id));
  await expect(select(page).inputValue()).resolves.toBe(model);

  // Damage the stored weights (cut the file short); on reload the widget says so and runs the book's model.
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('next-token-models');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const store = db.transaction('files', 'readwrite').objectStore('files');
    await new Promise<void>((resolve, reject) => {
      const get = store.get(name);
      get.onsuccess = () => {
        const files = get.result as { weights: Uint8Array };
        const put = store.put({ ...files, weights: files.weights.slice(0, files.weights.length - 1000) }, name);
        put.onsuccess = () => resolve();
        put.onerror = () => reject(put.error);
      };
    });
    db.close();
  }, model.slice('stored:'.length));
  await page.reload();
  await openPredict(page);
  await page.waitForFunction(() => /was damaged .* removed/.test(document.querySelector('[data-testid="predict"] [data-testid="model-picker-message"]')?.textContent ?? ''), null, { timeout: 60_000 });
  await expect(picker(page).getByTestId('model-picker-message').getAttribute('role')).resolves.toBe('alert');
  const book = await predicted(page, 'book-small');
  expect(book.length).toBeGreaterThan(3);
  await expect(select(page).inputValue()).resolves.toBe('');
  await expect(select(page).locator('option').count()).resolves.toBe(1); // the damaged model is gone from the list
  const lens = page.getByTestId('logit-lens');
  await lens.scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="logit-lens"][data-phase="ready"]', { timeout: 60_000 });

  // Load the downloaded folder through the folder input, and then the three files through the plain input.
  await openPredict(page);
  const folder = join(mkdtempSync(join(tmpdir(), 'use-model-folder-')), 'counting-model');
  mkdirSync(folder);
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) copyFileSync(join(dir, f), join(folder, f));
  await picker(page).locator('input[type="file"]').first().setInputFiles(folder);
  const fromFolder = await predicted(page, 'stored:counting-model');
  for (const row of fromFolder) expect(Math.abs(row.probability - reference[row.id])).toBeLessThan(1e-4);

  // An incomplete pick: the message names what is missing, and the choice stays.
  await picker(page).locator('input[type="file"]').nth(1).setInputFiles([join(folder, 'config.json')]);
  await page.waitForFunction(() => /lack model\.safetensors and tokenizer\.json/.test(document.querySelector('[data-testid="predict"] [data-testid="model-picker-message"]')?.textContent ?? ''));
  await expect(select(page).inputValue()).resolves.toBe('stored:counting-model');
  await picker(page).locator('input[type="file"]').nth(1).setInputFiles(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => join(folder, f)));
  await predicted(page, 'stored:model from disk');
  expectClean(visit);
  await visit.close();
}, 600_000);

test('without IndexedDB a loaded model works on the page, with a note that it will not survive a reload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'use-model-files-'));
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) copyFileSync(join(site.root, 'models', 'book-tiny', f), join(dir, f));
  const visit = await openPage(browser, site.url('chapters/06-next-token/?backend=wasm'));
  const { page } = visit;
  await visit.context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.reload();
  await openPredict(page);
  await picker(page).locator('summary').click();
  await picker(page).locator('input[type="file"]').nth(1).setInputFiles(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => join(dir, f)));
  await predicted(page, 'stored:model from disk');
  await expect(picker(page).getByTestId('model-picker-message').textContent()).resolves.toMatch(/kept in memory only and will not survive a reload/);
  await expect(select(page).locator('option:checked').textContent()).resolves.toMatch(/this page only/);
  const ids = await chipIds(page);
  const reference = cliProbabilities(dir, ids);
  const rows = await predicted(page, 'stored:model from disk');
  for (const row of rows) expect(Math.abs(row.probability - reference[row.id])).toBeLessThan(1e-4);

  await page.reload();
  await openPredict(page);
  await predicted(page, 'book-small');
  expectClean(visit);
  await visit.close();
}, 300_000);
