// The next-token widget in Chromium, on the landing page of the sub-path build: lazy loading, the
// numbers against `npm run llm -- logits`, generation and stop, edge cases, URL state, errors.
// WASM for everything; one short WebGPU (SwiftShader) case, because SwiftShader is slow.
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectClean, launchBrowser, openPage, REPO_ROOT, useSite, type Visit } from './harness.ts';

const { site, browser } = useSite();

const widget = (page: Page) => page.getByTestId('predict').first();
const promptBox = (page: Page) => widget(page).getByLabel('Prompt', { exact: true });

/** Opens the landing page, scrolls the widget into view and waits for the model. */
async function openWidget(b: Browser, query = '', readyTimeout = 60_000): Promise<Visit> {
  const visit = await openPage(b, site.url(query));
  await widget(visit.page).scrollIntoViewIfNeeded();
  await visit.page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: readyTimeout });
  return visit;
}

/** Types a prompt and waits until the list shows the answer for exactly that prompt. */
async function ask(page: Page, text: string, timeout = 30_000): Promise<void> {
  await promptBox(page).fill(text);
  await page.waitForFunction(
    (want) => {
      const list = document.querySelector('[data-testid="predict"] [data-testid="probabilities"]');
      return list?.getAttribute('data-prompt') === want && list.getAttribute('aria-busy') === 'false';
    },
    text,
    { timeout },
  );
}

interface Row {
  id: number;
  probability: number;
  label: string;
}

async function rows(page: Page): Promise<Row[]> {
  return widget(page)
    .locator('[data-testid="probabilities"] li')
    .evaluateAll((lis) =>
      lis.map((li) => ({ id: Number(li.getAttribute('data-token-id')), probability: Number(li.getAttribute('data-probability')), label: li.getAttribute('aria-label') ?? '' })),
    );
}

async function chipIds(page: Page): Promise<number[]> {
  return widget(page)
    .locator('[data-testid="token-chips"]')
    .first()
    .locator('li')
    .evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-token-id'))));
}

interface Settings {
  temperature: number;
  topK: number | null;
  topP: number;
}

/** The settings the widget shows (its number boxes), which its probabilities are computed under. */
async function shownSettings(page: Page): Promise<Settings> {
  const value = async (label: string) => Number(await widget(page).getByLabel(label, { exact: true }).inputValue());
  const topK = await value('Top-k');
  return { temperature: await value('Temperature'), topK: topK === 0 ? null : topK, topP: await value('Top-p') };
}

/**
 * The sampling distribution, written out plainly: softmax(z / T) over the top-k logits, then the
 * smallest top set reaching p, renormalised. Temperature 1, top-k off and top-p 1 is plain softmax.
 */
function applySettings(logits: number[], { temperature, topK, topP }: Settings): number[] {
  const order = logits.map((z, id) => ({ z, id })).sort((a, b) => b.z - a.z || a.id - b.id);
  const kept = topK === null ? order : order.slice(0, topK);
  const max = kept[0].z;
  const weights = kept.map((c) => Math.exp((c.z - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const probs = new Array<number>(logits.length).fill(0);
  let cumulative = 0;
  let cut = kept.length;
  for (let i = 0; i < kept.length; i++) {
    cumulative += weights[i] / total;
    if (cumulative >= topP) {
      cut = i + 1;
      break;
    }
  }
  const keptTotal = weights.slice(0, cut).reduce((a, b) => a + b, 0);
  for (let i = 0; i < cut; i++) probs[kept[i].id] = weights[i] / keptTotal;
  return probs;
}

/** The last row of `npm run llm -- logits --json` for the same ids, on the files the site serves, under the settings. */
function referenceProbs(model: string, ids: number[], settings: Settings = { temperature: 1, topK: null, topP: 1 }): number[] {
  const run = spawnSync(process.execPath, ['scripts/llm.ts', 'logits', '--model', join(site.root, 'models', model), '--ids', ids.join(','), '--json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`npm run llm -- logits failed: ${run.stderr}`);
  return applySettings((JSON.parse(run.stdout) as number[][]).at(-1)!, settings);
}

async function expectMatchesCli(page: Page): Promise<void> {
  const model = (await widget(page).getAttribute('data-model'))!;
  const ids = await chipIds(page);
  const shown = await rows(page);
  const reference = referenceProbs(model, ids, await shownSettings(page));
  const ranked = reference.map((p, id) => ({ p, id })).sort((a, b) => b.p - a.p);
  expect(shown.length).toBeGreaterThanOrEqual(5);
  // Top tokens equal (up to near-ties, which may swap order by float noise), probabilities within 1e-3.
  shown.forEach((row, i) => {
    expect(Math.abs(row.probability - reference[row.id])).toBeLessThan(1e-3);
    expect(Math.abs(row.probability - ranked[i].p)).toBeLessThan(1e-3);
  });
  expect(shown.map((r) => r.id).slice(0, 3)).toEqual(ranked.slice(0, 3).map((r) => r.id));
  // Each row reads as "'<token>' 12.3%".
  for (const row of shown) expect(row.label).toMatch(/^('.*'|(<0x[0-9A-F]{2}>)+) (\d+\.\d%|<0\.1%)/s);
}

describe('next-token widget (WASM)', () => {
  test('loads no ML code until the widget scrolls into view, then shows which backend runs it', async () => {
    const visit = await openPage(browser, site.url('?backend=wasm'), { viewport: { width: 1280, height: 300 } });
    const { page } = visit;
    // The server-rendered result is there before any model code ran.
    await expect(widget(page).locator('[data-testid="probabilities"] li').count()).resolves.toBeGreaterThan(0);
    await page.waitForTimeout(500);
    const mlBefore = site.requests.filter((r) => /model\.worker|\/tfjs\/|\/models\//.test(r.path));
    expect(mlBefore).toEqual([]);
    await widget(page).scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 60_000 });
    expect(site.requests.some((r) => /model\.worker/.test(r.path))).toBe(true);
    expect(site.requests.some((r) => /\/models\/[^/]+\/model\.safetensors$/.test(r.path))).toBe(true);
    await expect(widget(page).getByTestId('predict-status').textContent()).resolves.toMatch(/Running on WASM/);
    expectClean(visit);
    await visit.close();
  });

  test('without JavaScript it shows the real precomputed result for its default prompt', async () => {
    const visit = await openPage(browser, site.url(''), { javaScript: false });
    const { page } = visit;
    await expect(widget(page).getByTestId('predict-status').textContent()).resolves.toMatch(/Precomputed result/);
    await expect(page.getByText('Next-token probabilities').first().isVisible()).resolves.toBe(true);
    // Same numbers as the CLI gives for the tokens shown (computed at build time by the same src/llm code).
    await expectMatchesCli(page);
    expectClean(visit);
    await visit.close();
  });

  test('a reload revalidates the model files through the HTTP cache instead of downloading them again', async () => {
    // A plain context: the harness's request routing would switch Chromium's HTTP cache off.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const load = async (navigate: () => Promise<unknown>) => {
      await navigate();
      await widget(page).scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 60_000 });
    };
    await load(() => page.goto(site.url('?backend=wasm')));
    const before = site.requests.length;
    await load(() => page.reload());
    const weights = site.requests.slice(before).filter((r) => r.path.endsWith('/model.safetensors'));
    expect(weights.map((r) => r.status)).toEqual([304]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('while the model loads: a byte progress bar, actions disabled, and the typed prompt is answered after', async () => {
    const visit = await openPage(browser, site.url('?backend=wasm'), { viewport: { width: 1280, height: 300 } });
    const { page } = visit;
    // Slow the network down so the weights take about three seconds, whatever the model's size.
    const model = (await widget(page).getAttribute('data-model'))!;
    const bytes = statSync(join(site.root, 'models', model, 'model.safetensors')).size;
    const throughput = Math.max(30 * 1024, bytes / 3);
    const cdp = await visit.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: throughput, uploadThroughput: throughput });
    await widget(page).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => /Loading the model: [\d.]+ (B|KB|MB) of [\d.]+ (KB|MB)/.test(document.querySelector('[data-testid="predict-status"]')?.textContent ?? ''), null, { timeout: 60_000 });
    const progress = await widget(page).locator('progress').evaluate((p) => (p as HTMLProgressElement).value);
    expect(progress).toBeGreaterThanOrEqual(0);
    expect(progress).toBeLessThan(100);
    await expect(widget(page).getByRole('button', { name: /^Generate/ }).isDisabled()).resolves.toBe(true);
    await promptBox(page).fill('Typed while loading');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.waitForFunction(() => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === 'Typed while loading', null, { timeout: 60_000 });
    await expectMatchesCli(page);
    expectClean(visit);
    await visit.close();
  });

  test('an unknown ?backend= is ignored with a note, and the usual choice runs', async () => {
    const visit = await openWidget(browser, '?backend=gpu');
    const status = await widget(visit.page).getByTestId('predict-status').textContent();
    expect(status).toMatch(/Running on WASM/);
    expect(status).toContain('Ignored ?backend=gpu: use webgpu, wasm, webgl or cpu.');
    expectClean(visit);
    await visit.close();
  });

  test('chapter pages without a widget load no ML code at all', async () => {
    const before = site.requests.length;
    const visit = await openPage(browser, site.url('chapters/01-the-big-picture/'));
    await visit.page.waitForTimeout(300);
    const loaded = site.requests.slice(before).filter((r) => /model\.worker|\/tfjs\/|\/models\/|PredictWidget/.test(r.path));
    expect(loaded).toEqual([]);
    await visit.close();
  });

  test('probabilities for a typed prompt match `npm run llm -- logits`; emoji and other scripts work', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await ask(page, 'The jury said that');
    await expectMatchesCli(page);
    await ask(page, 'Tokyo 東京 🙂 café');
    await expectMatchesCli(page);
    // The chips spell the prompt back exactly (multi-byte characters may span several tokens).
    expect((await chipIds(page)).length).toBeGreaterThan(4);
    expectClean(visit);
    await visit.close();
  });

  test('generates 20 tokens, appends them, and the next prediction is for the longer prompt', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await ask(page, 'The city');
    await widget(page).getByRole('button', { name: /^Generate 20 tokens/ }).click();
    await page.waitForSelector('[data-testid="generated"][data-count="20"][aria-busy="false"]', { timeout: 60_000 });
    const text = await promptBox(page).inputValue();
    expect(text.startsWith('The city')).toBe(true);
    expect(text.length).toBeGreaterThan('The city'.length);
    await page.waitForFunction((want) => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === want, text);
    // A new prompt clears the chips generated for the old one; Undo goes back to before the generation.
    await ask(page, 'Another prompt');
    await expect(widget(page).getByTestId('generated').count()).resolves.toBe(0);
    await widget(page).getByRole('button', { name: 'Undo' }).click();
    await expect(promptBox(page).inputValue()).resolves.toBe('The city');
    expectClean(visit);
    await visit.close();
  });

  test('stop ends generation early and keeps what was generated', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await ask(page, 'The');
    // Slow the page down so there is time to press Stop between tokens.
    const cdp = await visit.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 30 });
    // Press Stop from inside the page the moment the first token is drawn (a round trip from the
    // test process could arrive after all 20 tokens of the small model).
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        const generated = document.querySelector('[data-testid="generated"]');
        const stop = [...document.querySelectorAll('[data-testid="predict"] button')].find((b) => b.textContent?.trim() === 'Stop');
        if (generated && Number(generated.getAttribute('data-count')) >= 1 && stop) {
          (stop as HTMLButtonElement).click();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await widget(page).getByRole('button', { name: /^Generate/ }).click();
    await page.waitForSelector('[data-testid="generated"][aria-busy="false"]', { timeout: 60_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const count = Number(await widget(page).getByTestId('generated').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThan(20);
    await page.waitForTimeout(500);
    await expect(widget(page).getByTestId('generated').getAttribute('data-count')).resolves.toBe(String(count));
    await widget(page).getByRole('button', { name: /^Generate/ }).waitFor(); // Stop has turned back into Generate
    expect((await promptBox(page).inputValue()).length).toBeGreaterThan('The'.length);
    // It says it was stopped, not "Generated 4 tokens".
    await expect(widget(page).getByTestId('generated').textContent()).resolves.toMatch(new RegExp(`^Stopped after ${count} tokens?`));
    expectClean(visit);
    await visit.close();
  });

  test('an empty prompt is explained and never sent; an over-long prompt is cut from the left and says so', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await promptBox(page).fill('');
    await expect(widget(page).getByTestId('empty-note').textContent()).resolves.toMatch(/prompt is empty/);
    await expect(widget(page).getByTestId('probabilities').count()).resolves.toBe(0);
    await expect(widget(page).getByRole('button', { name: 'Append top token' }).isDisabled()).resolves.toBe(true);

    const long = 'The history of the city is long, and the people who lived there wrote much of it down. '.repeat(12);
    await ask(page, long);
    const note = await widget(page).getByTestId('truncation-note').textContent();
    expect(note).toMatch(/context window of (\d+) tokens, so the first \d+ tokens? (was|were) dropped/);
    const window = Number(/context window of (\d+)/.exec(note!)![1]);
    expect((await chipIds(page)).length).toBe(window);
    await expectMatchesCli(page);
    expectClean(visit);
    await visit.close();
  });

  test('fast typing never leaves a stale result on screen', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await promptBox(page).fill('');
    await promptBox(page).pressSequentially('She walked into the room and', { delay: 15 });
    const final = 'She walked into the room and';
    await page.waitForFunction((want) => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === want, final, { timeout: 30_000 });
    await page.waitForTimeout(600); // any late answer for an older prompt would land now
    await expect(widget(page).getByTestId('probabilities').getAttribute('data-prompt')).resolves.toBe(final);
    await expectMatchesCli(page);
    expectClean(visit);
    await visit.close();
  });

  test('prompt and settings live in the URL; a shared link reproduces the view', async () => {
    const visit = await openWidget(browser, '?backend=wasm');
    const { page } = visit;
    await ask(page, 'A shared prompt');
    await widget(page).getByLabel('Temperature').fill('0.5');
    await page.waitForFunction(() => location.search.includes('temperature=0.5') && location.search.includes('prompt=A+shared+prompt'));
    const shared = page.url();
    expect(shared).toContain('backend=wasm');
    const again = await openPage(browser, shared);
    await widget(again.page).scrollIntoViewIfNeeded();
    await again.page.waitForFunction(() => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === 'A shared prompt', null, { timeout: 60_000 });
    await expect(promptBox(again.page).inputValue()).resolves.toBe('A shared prompt');
    await expect(widget(again.page).getByLabel('Temperature').inputValue()).resolves.toBe('0.5');
    // An invalid value is flagged next to its field and does not reach the model.
    await widget(again.page).getByLabel('Top-p').fill('3');
    await expect(widget(again.page).getByRole('alert').first().textContent()).resolves.toMatch(/Top-p must be/);
    expectClean(visit);
    expectClean(again);
    await visit.close();
    await again.close();
  });

  test('a missing model file shows a clear error with a retry button; the page keeps working', async () => {
    const visit = await openPage(browser, site.url('?backend=wasm'), { viewport: { width: 1280, height: 300 } });
    const { page } = visit;
    await visit.context.route('**/models/*/model.safetensors', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await widget(page).scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="predict"][data-phase="failed"]', { timeout: 60_000 });
    await expect(widget(page).getByTestId('predict-status').textContent()).resolves.toMatch(/could not load: A model file is missing .*model\.safetensors.*404/);
    // Styled and announced as an error; a new prompt does not claim the list is updating.
    await expect(widget(page).getByTestId('predict-status').getAttribute('role')).resolves.toBe('alert');
    await promptBox(page).fill('A prompt typed after the failure');
    await page.waitForTimeout(500);
    const label = (await widget(page).locator('.predict__label').textContent()) ?? '';
    expect(label).not.toContain('updating');
    expect(label).toContain('did not load');
    // The rest of the page is untouched.
    await expect(page.locator('h1').first().isVisible()).resolves.toBe(true);
    await visit.context.unroute('**/models/*/model.safetensors');
    await widget(page).getByRole('button', { name: 'Retry' }).click();
    await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 60_000 });
    expect(visit.pageErrors).toEqual([]);
    expect(visit.failedRequests.every((f) => f.includes('model.safetensors'))).toBe(true);
    await visit.close();
  });

  test('a corrupt model file is reported as damaged, not as a crash', async () => {
    const visit = await openPage(browser, site.url('?backend=wasm'), { viewport: { width: 1280, height: 300 } });
    const { page } = visit;
    await visit.context.route('**/models/*/model.safetensors', (route) => route.fulfill({ status: 200, body: 'this is not a safetensors file' }));
    await widget(page).scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="predict"][data-phase="failed"]', { timeout: 60_000 });
    await expect(widget(page).getByTestId('predict-status').textContent()).resolves.toMatch(/could not load: A model file is damaged/);
    await expect(widget(page).getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
    expectClean(visit);
    await visit.close();
  });

  test('passes axe (every rule) in light and dark mode, with steps, math and a validation error open', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const visit = await openPage(browser, site.url('?backend=wasm'), { colorScheme });
      const { page } = visit;
      await widget(page).scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 60_000 });
      // Generated chips in their colour bands, with the legend (contrast in both themes).
      await widget(page).getByRole('button', { name: /^Generate/ }).click();
      await page.waitForSelector('[data-testid="generated"][aria-busy="false"]', { timeout: 60_000 });
      await widget(page).getByLabel('Step by step').check();
      await widget(page).getByLabel('Top-k').fill('2');
      await widget(page).getByLabel('Top-p').fill('7');
      await widget(page).locator('.predict__math summary').click();
      await page.waitForTimeout(300);
      const axe = await new AxeBuilder({ page }).include('[data-testid="predict"]').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expectClean(visit);
      await visit.close();
    }
  });

  test('works at 360 px, by keyboard, with reduced motion', async () => {
    const visit = await openPage(browser, site.url('?backend=wasm'), { viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
    const { page } = visit;
    await widget(page).scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await widget(page).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await promptBox(page).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('The man');
    await page.waitForFunction(() => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === 'The man', null, { timeout: 30_000 });
    // Tab moves onto the model picker (its <select>, then its "Your own models" summary), then onto the first token
    // chip, which shows its id on focus.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SUMMARY');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-token-id'));
    expect(focused).not.toBeNull();
    await expect(page.locator('.predict__chip:focus .predict__chip-id').isVisible()).resolves.toBe(true);
    const transition = await page.locator('.predict__bar > span').first().evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(parseFloat(transition)).toBeLessThan(0.05);
    // Step-by-step mode walks the loop by keyboard.
    await widget(page).getByLabel('Step by step').check();
    const stepText = () => widget(page).getByTestId('step-by-step').locator('[data-step]').getAttribute('data-step');
    for (const want of ['model', 'probabilities', 'pick', 'append', 'tokens']) {
      await widget(page).getByRole('button', { name: /^Next step/ }).click();
      await page.waitForFunction((s) => document.querySelector('[data-testid="step-by-step"] [data-step]')?.getAttribute('data-step') === s, want);
      await expect(stepText()).resolves.toBe(want);
    }
    expect((await promptBox(page).inputValue()).length).toBeGreaterThan('The man'.length);
    expectClean(visit);
    await visit.close();
  });
});

describe('next-token widget (WebGPU on SwiftShader)', () => {
  test('runs on WebGPU when asked and matches the CLI', async () => {
    const gpu = await launchBrowser({ webgpu: true });
    try {
      const visit = await openWidget(gpu, '?backend=webgpu', 150_000);
      const { page } = visit;
      await expect(widget(page).getByTestId('predict-status').textContent()).resolves.toMatch(/Running on WebGPU/);
      await ask(page, 'The jury', 120_000);
      await expectMatchesCli(page);
      expectClean(visit);
      await visit.close();
    } finally {
      await gpu.close();
    }
  });
});
