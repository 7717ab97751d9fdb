// Chapter 3's tokens islands in Chromium: the tokenizer lab's counts and ids read back from the page and
// compared with `npm run llm -- tokenize` and gpt-tokenizer in Node; "Watch BPE learn" stepped and its
// merges compared with the trainer's train() on the same text.
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as reference from 'gpt-tokenizer/encoding/r50k_base';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { run as tokenizeCli } from '../../scripts/cli/tokenize.ts';
import { train } from '../../src/llm/tokenizer/bpe-train.ts';
import { BpeTokenizer } from '../../src/llm/tokenizer/tokenizer.ts';
import { CHIP_LIMIT, textKey } from '../../src/components/tokens/token-list.ts';
import { SAMPLES } from '../../src/components/tokens/samples.ts';
import { MAX_MERGES } from '../../src/components/tokens/bpe-stepper.ts';
import { NASTY } from '../unit/tokenizer/helpers.ts';
import { expectClean, launchBrowser, openPage, REPO_ROOT, startServer, type Site, type Visit } from './harness.ts';

const CHAPTER = 'chapters/03-text-to-vectors/';
let site: Site;
let browser: Browser;
let bookDir: string;
const tmp = mkdtempSync(join(tmpdir(), 'tokens-lab-e2e-'));

beforeAll(async () => {
  site = await startServer();
  browser = await launchBrowser();
  bookDir = join(site.root, 'models', 'book-small');
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const lab = (page: Page) => page.getByTestId('tokenizer-lab');
const bpe = (page: Page) => page.getByTestId('bpe-lab');

/** `npm run llm -- tokenize ... --text-file F --json` as a real command (one process per call: slow). */
function cliIdsSpawned(args: string[], text: string): number[] {
  const file = join(tmp, 'input.txt');
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, ['scripts/llm.ts', 'tokenize', ...args, '--text-file', file, '--json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`npm run llm -- tokenize failed: ${run.stderr}`);
  return JSON.parse(run.stdout).ids;
}

/** The same command's module run in this process (GPT-2's vocabulary is then built once, not per string). */
async function cliIds(args: string[], text: string): Promise<number[]> {
  const file = join(tmp, 'input.txt');
  writeFileSync(file, text);
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    expect(await tokenizeCli([...args, '--text-file', file, '--json'])).toBe(0);
  } finally {
    out.mockRestore();
  }
  return JSON.parse(stdout).ids;
}

async function sideIds(side: Locator): Promise<number[]> {
  return side.locator('[role="option"]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-token-id'))));
}

async function sideCount(side: Locator): Promise<{ count: number; chars: number; line: string }> {
  const count = side.getByTestId('count');
  return { count: Number(await count.getAttribute('data-count')), chars: Number(await count.getAttribute('data-chars')), line: (await count.textContent()) ?? '' };
}

/** Opens chapter 3 with the lab on screen and both tokenizers loaded. */
async function openLab(): Promise<Visit> {
  const visit = await openPage(browser, site.url(CHAPTER));
  await lab(visit.page).scrollIntoViewIfNeeded();
  await visit.page.waitForSelector('[data-testid="tokenizer-lab"][data-busy="false"]', { timeout: 60_000 });
  await editor(lab(visit.page)).waitFor({ timeout: 30_000 });
  return visit;
}

/** An island's text box once CodeMirror has taken the textarea's place (TextBox.tsx). */
const editor = (island: Locator) => island.locator('.cm-content');

/**
 * Replaces the text of an editor as a reader's paste does: select all, then a paste event carrying `text`
 * (CodeMirror reads the event's clipboard data; unlike the system clipboard, it keeps any string, lone
 * surrogates included). Returns the text as a text box holds it: line breaks become \n.
 */
async function pasteInto(box: Locator, text: string): Promise<string> {
  await box.focus();
  await box.page().keyboard.press('ControlOrMeta+A');
  await box.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Pastes `text` into the lab's box and waits until its lists show it. The lab's data-text-key is the length and
 * hash of the text it holds, so this also checks that the editor passed on exactly the text pasted (as a box
 * holds it). Returns that text.
 */
async function setLabText(page: Page, text: string): Promise<string> {
  const value = await pasteInto(lab(page).getByLabel('Text to tokenize'), text);
  await page.waitForSelector(`[data-testid="tokenizer-lab"][data-busy="false"][data-text-key="${textKey(value)}"]`, { timeout: 30_000 });
  return value;
}

async function expectLabMatchesReference(page: Page, text: string) {
  const book = lab(page).getByTestId('tokens-book');
  const gpt2 = lab(page).getByTestId('tokens-gpt2');
  const bookIds = await cliIds(['--model', bookDir], text);
  const gptIds = await cliIds(['--tokenizer', 'gpt2'], text);
  expect(gptIds).toEqual(reference.encode(text, { disallowedSpecial: new Set() }));
  const [b, g] = [await sideCount(book), await sideCount(gpt2)];
  expect(b.count, JSON.stringify(text)).toBe(bookIds.length);
  expect(g.count, JSON.stringify(text)).toBe(gptIds.length);
  expect(b.chars).toBe([...text].length);
  expect(b.line).toMatch(/^[\d,]+ tokens? · (\d+\.\d|–) characters per token$/);
  if (text !== '') {
    expect(await sideIds(book)).toEqual(bookIds.slice(0, CHIP_LIMIT));
    expect(await sideIds(gpt2)).toEqual(gptIds.slice(0, CHIP_LIMIT));
  }
}

describe('tokenizer lab', () => {
  test('without JavaScript it shows the real tokens of its default text', async () => {
    const visit = await openPage(browser, site.url(CHAPTER), { javaScript: false });
    const text = await lab(visit.page).getByLabel('Text to tokenize').inputValue();
    expect(text.length).toBeGreaterThan(10);
    await expectLabMatchesReference(visit.page, text);
    // and the real command, once per tokenizer
    expect(await sideIds(lab(visit.page).getByTestId('tokens-book'))).toEqual(cliIdsSpawned(['--model', bookDir], text));
    expect(await sideIds(lab(visit.page).getByTestId('tokens-gpt2'))).toEqual(cliIdsSpawned(['--tokenizer', 'gpt2'], text));
    expectClean(visit);
    await visit.close();
  });

  test('fetches the vocabularies only when the lab scrolls into view', async () => {
    const visit = await openPage(browser, site.url(CHAPTER), { viewport: { width: 1280, height: 400 } });
    await visit.page.waitForTimeout(500);
    expect(site.requests.filter((r) => /book-small\/tokenizer\.json|tokenize\.worker/.test(r.path))).toEqual([]);
    await lab(visit.page).scrollIntoViewIfNeeded();
    await visit.page.waitForSelector('[data-testid="tokenizer-lab"][data-busy="false"]', { timeout: 60_000 });
    expect(site.requests.some((r) => r.path.endsWith('/models/book-small/tokenizer.json'))).toBe(true);
    expect(site.requests.filter((r) => /\/tfjs\/|model\.worker|safetensors/.test(r.path))).toEqual([]); // no TF.js, no model
    expectClean(visit);
    await visit.close();
  });

  test('the box becomes an editor with the same text; its label names and focuses it, Tab leaves it, Ctrl+Z undoes', async () => {
    const visit = await openLab();
    const { page } = visit;
    expect(await lab(page).locator('textarea').count()).toBe(0); // the build's textarea is gone
    const box = lab(page).getByRole('textbox', { name: 'Text to tokenize' });
    expect(await box.count()).toBe(1);
    expect(await box.evaluate((el) => el.classList.contains('cm-content'))).toBe(true);
    await lab(page).getByText('Text to tokenize', { exact: true }).click();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    const initial = (await lab(page).getAttribute('data-text-key'))!;
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' more');
    await page.waitForSelector('[data-testid="tokenizer-lab"][data-busy="false"]');
    expect(await lab(page).getAttribute('data-text-key')).not.toBe(initial);
    expect(await box.innerText()).toMatch(/ more$/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true);
    await box.focus();
    await page.keyboard.press('ControlOrMeta+Z');
    await page.waitForSelector('[data-testid="tokenizer-lab"][data-busy="false"]');
    expect(await box.innerText()).not.toMatch(/ more$/);
    expectClean(visit);
    await visit.close();
  });

  test('if the editor cannot load, the textarea stays and the lab still works', async () => {
    const visit = await openPage(browser, site.url(CHAPTER));
    const { page } = visit;
    let refused = 0;
    await page.route('**/_astro/text-editor.*.js', (route) => (refused++, route.fulfill({ status: 404, body: 'gone' })));
    await lab(page).scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="tokenizer-lab"][data-busy="false"]', { timeout: 60_000 });
    await expect.poll(() => refused, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    const box = lab(page).getByLabel('Text to tokenize');
    expect(await box.evaluate((el) => el.tagName)).toBe('TEXTAREA');
    await box.fill('plain box');
    await page.waitForSelector(`[data-testid="tokenizer-lab"][data-busy="false"][data-text-key="${textKey('plain box')}"]`);
    expect(await sideIds(lab(page).getByTestId('tokens-gpt2'))).toEqual(reference.encode('plain box'));
    expect(visit.problems().filter((p) => !p.includes('text-editor'))).toEqual([]);
    await visit.close();
  });

  test('typed text and the nasty strings: counts and ids equal the CLI and gpt-tokenizer', async () => {
    const visit = await openLab();
    const { page } = visit;
    const box = lab(page).getByLabel('Text to tokenize');
    await box.fill('');
    await box.pressSequentially('Hello wörld, 12345 🙂');
    await page.waitForSelector(`[data-testid="tokenizer-lab"][data-busy="false"][data-text-key="${textKey('Hello wörld, 12345 🙂')}"]`);
    await expectLabMatchesReference(page, 'Hello wörld, 12345 🙂');
    for (const [, nasty] of NASTY.filter(([, s]) => s.isWellFormed())) {
      const text = await setLabText(page, nasty);
      await expectLabMatchesReference(page, text);
    }
    expect(await lab(page).getByText('No tokens: the text is empty.').count()).toBe(0); // the last string is not empty
    await setLabText(page, '');
    expect(await lab(page).getByText('No tokens: the text is empty.').count()).toBe(2);
    expectClean(visit);
    await visit.close();
  });

  test('lone surrogates, NUL and combining marks round-trip', async () => {
    const visit = await openLab();
    const book = BpeTokenizer.fromJSON(readFileSync(join(bookDir, 'tokenizer.json'), 'utf8'));
    for (const text of ['a\uD800b', '\uDFFF', 'x\u0000y', 'e\u0301 a\u0300\u0316']) {
      const value = await setLabText(visit.page, text);
      expect(value).toBe(text);
      const ids = await sideIds(lab(visit.page).getByTestId('tokens-book'));
      expect(ids).toEqual(book.encode(text));
      expect(book.decode(ids)).toBe(text);
    }
    expectClean(visit);
    await visit.close();
  });

  test('a 100 KB paste: full counts, the chips cut with a note, the page still answers', async () => {
    const visit = await openLab();
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2300).slice(0, 100_000);
    await setLabText(visit.page, text);
    await expectLabMatchesReference(visit.page, text);
    await expect(lab(visit.page).getByText(new RegExp(`Showing the first ${CHIP_LIMIT} of [\\d,]+ tokens`)).count()).resolves.toBe(2);
    await setLabText(visit.page, 'still here');
    expect((await sideCount(lab(visit.page).getByTestId('tokens-gpt2'))).count).toBe(reference.encode('still here').length);
    expectClean(visit);
    await visit.close();
  });

  test("a missing tokenizer.json: that side says why, GPT-2's side keeps working", async () => {
    const visit = await openPage(browser, site.url(CHAPTER));
    const { page } = visit;
    await page.route('**/models/book-small/tokenizer.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await lab(page).scrollIntoViewIfNeeded();
    await expect(lab(page).getByTestId('tokens-book').getByRole('alert').textContent({ timeout: 60_000 })).resolves.toMatch(/Could not load this tokenizer: .*404/);
    const text = await setLabText(page, 'still works');
    expect(await sideIds(lab(page).getByTestId('tokens-gpt2'))).toEqual(reference.encode(text));
    expect(await lab(page).getByTestId('tokens-book').getByRole('option').count()).toBe(0); // no stale chips for a new text
    expect(visit.problems().filter((p) => !p.includes('tokenizer.json'))).toEqual([]);
    await visit.close();
  });

  test('keyboard: one tab stop per list, arrows move, the id is spelled out; ids on request', async () => {
    const visit = await openLab();
    const { page } = visit;
    await setLabText(page, 'one two three');
    const gpt2 = lab(page).getByTestId('tokens-gpt2');
    await expect(gpt2.locator('[role="option"][tabindex="0"]').count()).resolves.toBe(1);
    await gpt2.locator('[role="option"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-token-id'));
    const ids = reference.encode('one two three');
    expect(Number(focused)).toBe(ids[2]);
    await expect(gpt2.getByTestId('chip-detail').textContent()).resolves.toBe(`Token 3 of 3: ␣three, id ${ids[2]}`);
    await page.keyboard.press('Home');
    await expect(gpt2.locator('[role="option"][tabindex="0"]').getAttribute('data-token-id')).resolves.toBe(String(ids[0]));
    const idWidth = async () => (await gpt2.locator('.tokens-chip__id').first().boundingBox())?.width ?? 0;
    expect(await idWidth()).toBeLessThanOrEqual(1); // for screen readers only
    await lab(page).getByLabel("Show every token's id").check();
    expect(await idWidth()).toBeGreaterThan(4);
    await expect(gpt2.locator('.tokens-chip__id').first().textContent()).resolves.toBe(String(ids[0]));
    const axe = await new AxeBuilder({ page }).include('[data-testid="tokenizer-lab"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expectClean(visit);
    await visit.close();
  });
});

/** The merge the page shows now: [left, right, id, count] from the merge line. */
async function shownMerge(page: Page): Promise<number[]> {
  const line = bpe(page).getByTestId('merge-line');
  return Promise.all(['data-left', 'data-right', 'data-id', 'data-count'].map(async (a) => Number(await line.getAttribute(a))));
}

async function waitStep(page: Page, step: number) {
  await page.waitForSelector(`[data-testid="bpe-lab"][data-busy="false"][data-step="${step}"]`, { timeout: 30_000 });
}

describe('Watch BPE learn', () => {
  test('Step walks the trainer\'s merges; the slider reaches the end; own text works', async () => {
    const visit = await openPage(browser, site.url(CHAPTER), { reducedMotion: 'reduce' });
    const { page } = visit;
    await bpe(page).scrollIntoViewIfNeeded();
    await waitStep(page, 0);
    const text = SAMPLES[0].text;
    const events: number[][] = [];
    train(text, 256 + MAX_MERGES + 1, { onMerge: (e) => events.push([e.left, e.right, e.id, e.count]) });
    expect(Number(await bpe(page).getAttribute('data-merges'))).toBe(events.length);
    for (let k = 1; k <= 5; k++) {
      await bpe(page).getByRole('button', { name: 'Step' }).click();
      await waitStep(page, k);
      expect(await shownMerge(page)).toEqual(events[k - 1]);
      // the chosen pair tops the table of counts
      const first = bpe(page).getByTestId('pair-counts').locator('tbody tr').first();
      expect([Number(await first.getAttribute('data-left')), Number(await first.getAttribute('data-right')), Number(await first.getAttribute('data-count'))]).toEqual([
        events[k - 1][0],
        events[k - 1][1],
        events[k - 1][3],
      ]);
    }
    const slider = bpe(page).getByRole('slider');
    await slider.focus();
    await page.keyboard.press('End');
    await waitStep(page, events.length);
    expect(await shownMerge(page)).toEqual(events.at(-1));
    const trained = train(text, 256 + MAX_MERGES + 1);
    const ids = await bpe(page).locator('[role="option"]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-token-id'))));
    expect(ids).toEqual(trained.encode(text));
    expect(Number(await bpe(page).getByTestId('bpe-count').getAttribute('data-count'))).toBe(ids.length);

    // the reader's own text
    const own = 'banana bandana banana';
    await editor(bpe(page)).waitFor({ timeout: 30_000 });
    await bpe(page).getByLabel(/Text the trainer learns from/).fill(own);
    await waitStep(page, 0);
    const ownEvents: number[][] = [];
    train(own, 256 + MAX_MERGES + 1, { onMerge: (e) => ownEvents.push([e.left, e.right, e.id, e.count]) });
    await bpe(page).getByRole('button', { name: 'Step' }).click();
    await waitStep(page, 1);
    expect(await shownMerge(page)).toEqual(ownEvents[0]);
    expect(await bpe(page).getByLabel('Training text', { exact: true }).inputValue()).toBe('-1');
    const axe = await new AxeBuilder({ page }).include('[data-testid="bpe-lab"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expectClean(visit);
    await visit.close();
  });

  test('Play runs merge after merge and Pause stops; samples switch', async () => {
    const visit = await openPage(browser, site.url(CHAPTER));
    const { page } = visit;
    await bpe(page).scrollIntoViewIfNeeded();
    await waitStep(page, 0);
    await bpe(page).getByLabel('Training text', { exact: true }).selectOption({ label: SAMPLES[2].name });
    await page.waitForSelector(`[data-testid="bpe-lab"][data-busy="false"][data-merges]`);
    await expect(editor(bpe(page)).innerText()).resolves.toBe(SAMPLES[2].text); // the chosen sample is in the box
    await bpe(page).getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="bpe-lab"]')?.getAttribute('data-step')) >= 2, null, { timeout: 30_000 });
    await bpe(page).getByRole('button', { name: 'Pause' }).click();
    await page.waitForSelector('[data-testid="bpe-lab"][data-busy="false"]');
    const paused = Number(await bpe(page).getAttribute('data-step'));
    await page.waitForTimeout(2500);
    expect(Number(await bpe(page).getAttribute('data-step'))).toBe(paused);
    const events: number[][] = [];
    train(SAMPLES[2].text, 256 + MAX_MERGES + 1, { onMerge: (e) => events.push([e.left, e.right, e.id, e.count]) });
    expect(await shownMerge(page)).toEqual(events[paused - 1]);
    expectClean(visit);
    await visit.close();
  });
});
