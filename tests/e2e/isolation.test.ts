// Cross-origin isolation: under the test server's COOP/COEP headers the page is crossOriginIsolated,
// TF.js WASM runs on several threads and the next-token widget still gives the build's numbers; on a host
// that sends no headers, public/coi-sw.js isolates the page after exactly one reload, under the sub-path.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectClean, launchBrowser, openPage, startServer, type Site } from './harness.ts';

let isolated: Site;
let plain: Site;
let browser: Browser;

beforeAll(async () => {
  isolated = await startServer();
  plain = await startServer({ isolated: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

const widget = (page: Page) => page.getByTestId('predict').first();

/** The probability list as {id: probability}, from the rows' data attributes. */
async function probabilities(page: Page): Promise<Map<number, number>> {
  const rows = await widget(page)
    .locator('[data-testid="probabilities"] li')
    .evaluateAll((lis) => lis.map((li) => [Number(li.getAttribute('data-token-id')), Number(li.getAttribute('data-probability'))] as const));
  return new Map(rows);
}

test('with the headers, the page is isolated, the threaded WASM build runs, and the widget gives the build-time numbers', async () => {
  // The build's own result for the default prompt (precomputed in Node, shown with JavaScript off).
  const noJs = await openPage(browser, isolated.url('?backend=wasm'), { javaScript: false });
  const reference = await probabilities(noJs.page);
  await noJs.close();
  expect(reference.size).toBeGreaterThanOrEqual(5);

  const visit = await openPage(browser, isolated.url('?backend=wasm'));
  const { page } = visit;
  expect(visit.response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  await expect(page.evaluate(() => self.crossOriginIsolated)).resolves.toBe(true);
  await widget(page).scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 90_000 });
  // The threaded build is the one loaded, and the label says how many threads XNNPACK reports.
  expect(isolated.requests.some((r) => r.path.endsWith('/tfjs/tfjs-backend-wasm-threaded-simd.wasm'))).toBe(true);
  const status = (await widget(page).getByTestId('predict-status').textContent()) ?? '';
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = /Running on WASM \(SIMD, (?:one thread|(\d+) threads)\)/.exec(status);
  expect(threads, status).not.toBeNull();
  // TF.js's rule: half the logical cores (two per physical core assumed), from 1 to 8.
  expect(Number(threads![1] ?? 1)).toBe(Math.max(1, Math.min(8, Math.floor(cores / 2))));
  // The live prediction (multi-threaded) equals the Node build's for the same prompt.
  await page.waitForFunction(() => document.querySelector('[data-testid="probabilities"]')?.getAttribute('aria-busy') === 'false');
  const live = await probabilities(page);
  for (const [id, p] of reference) expect(Math.abs((live.get(id) ?? -1) - p)).toBeLessThan(1e-3);
  // Headers do the work here: no service worker was registered.
  await expect(page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).resolves.toBe(0);
  expectClean(visit);
  await visit.close();
}, 180_000);

test('without headers, the service worker isolates the page after one reload, and later pages need none', async () => {
  const visit = await openPage(browser, plain.url('chapters/07-training/'));
  const { page } = visit;
  expect(visit.response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  await page.waitForFunction(() => self.crossOriginIsolated, null, { timeout: 30_000 });
  await page.waitForLoadState('load');
  const loads = plain.requests.filter((r) => r.path === '/next-token/chapters/07-training/').length;
  expect(loads).toBe(2); // the first visit, then the one reload through the worker
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
  expect(scope).toBe(plain.url(''));
  // The next page comes through the worker straight away: isolated, no reload.
  await page.goto(plain.url('chapters/06-next-token/'));
  await expect(page.evaluate(() => self.crossOriginIsolated)).resolves.toBe(true);
  expect(plain.requests.filter((r) => r.path === '/next-token/chapters/06-next-token/').length).toBe(1);
  // The island on it still hydrates and works (the sand simulation needs no model).
  await page.goto(plain.url('chapters/07-training/'));
  await page.getByTestId('sand').scrollIntoViewIfNeeded();
  await page.waitForSelector('astro-island:not([ssr]) [data-testid="sand"]');
  await page.getByTestId('sand').getByRole('button', { name: 'Tap', exact: true }).click();
  await expect.poll(() => page.getByTestId('sand-description').textContent()).toMatch(/After 1 tap:/);
  expectClean(visit);
  await visit.close();
}, 120_000);

test('a browser that will not isolate is reloaded at most once', async () => {
  // Service workers blocked (as some privacy settings do): registration fails, the page just stays as it is.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(plain.url('chapters/05-mlp-and-the-block/'));
  await page.waitForTimeout(2000);
  expect(plain.requests.filter((r) => r.path === '/next-token/chapters/05-mlp-and-the-block/').length).toBe(1);
  await expect(page.evaluate(() => self.crossOriginIsolated)).resolves.toBe(false);
  await context.close();
});
