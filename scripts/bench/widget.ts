// Benchmark of the next-token widget, driven through headless Chromium on a built site:
//   cold: widget scrolled into view -> first live probabilities (worker + TF.js + weights + 1 prediction)
//   warm: one prediction for a new prompt (end to end, minus the widget's typing debounce)
//   generation: tokens per second while "Generate" streams, as the page draws them, next to the
//     engine's own decode rate in the worker for the same generations (data-decode-ms) and their ratio
//   JavaScript: gzipped bytes downloaded before the first widget is visible, and once it is.
//
//   ASTRO_TELEMETRY_DISABLED=1 BASE_PATH=/next-token/ npx astro build --outDir dist-e2e
//   npx node scripts/bench/widget.ts [--dist dist-e2e] [--backends wasm,webgl,cpu,webgpu] [--runs 5]
//   npm run bench -- widget [--quick]      (same, as a section of the shared benchmark)
//
// WebGPU here is SwiftShader (a CPU emulation, --enable-unsafe-webgpu): its numbers say nothing
// about a real GPU, only that the path works. Prints a Markdown table for docs/benchmarks.md.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, REPO_ROOT, startServer, type Site } from '../../tests/e2e/harness.ts';
import type { BenchOptions } from './registry.ts';
import { median } from './stats.ts';

export const title = 'Next-token widget (model worker, in Chromium)';

const DEBOUNCE_MS = 150; // TYPING_DEBOUNCE_MS in src/components/predict/view.ts

interface Options {
  dist: string;
  backends: string[];
  runs: number;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    dist: resolve(REPO_ROOT, get('dist') ?? 'dist-e2e'),
    backends: (get('backends') ?? 'wasm,webgl,cpu,webgpu').split(','),
    runs: Number(get('runs') ?? 5),
  };
}


/** Resolves with performance.now() in the page when the list shows results for `prompt`. */
function whenPromptShown(page: Page, prompt: string, timeout = 300_000): Promise<number> {
  return page.evaluate(
    ({ want, timeout }) =>
      new Promise<number>((done, fail) => {
        const check = () => document.querySelector('[data-testid="probabilities"]')?.getAttribute('data-prompt') === want;
        if (check()) return done(performance.now());
        const observer = new MutationObserver(() => {
          if (check()) {
            observer.disconnect();
            done(performance.now());
          }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        setTimeout(() => fail(new Error(`no result for "${want}" within ${timeout} ms`)), timeout);
      }),
    { want: prompt, timeout },
  );
}

interface BackendResult {
  backend: string;
  shown: string; // what the widget says it runs on
  coldMs: number;
  warmMs: number;
  computeMs: number; // the worker's own time for the forward pass and ranking
  tokensPerSecond: number; // drawn on the page
  engineTokensPerSecond: number; // decoded in the worker, same generations
}

async function benchBackend(browser: Browser, site: Site, backend: string, runs: number): Promise<BackendResult> {
  const coldPrompt = 'The jury said';
  const visit = await openPage(browser, site.url(`?backend=${backend}&prompt=${encodeURIComponent(coldPrompt)}`), { viewport: { width: 1280, height: 300 } });
  const { page } = visit;
  const widget = page.getByTestId('predict').first();
  // Cold: from the moment the widget enters the viewport.
  const shown = whenPromptShown(page, coldPrompt);
  const start = await page.evaluate(() => {
    document.querySelector('[data-testid="predict"]')!.scrollIntoView();
    return performance.now();
  });
  const coldMs = (await shown) - start;
  await page.waitForSelector('[data-testid="predict"][data-phase="ready"]');
  const status = (await widget.getByTestId('predict-status').textContent()) ?? '';

  // Warm: new prompts, one at a time.
  const box = widget.getByLabel('Prompt', { exact: true });
  const warm: number[] = [];
  const compute: number[] = [];
  for (let i = 0; i < runs; i++) {
    const prompt = `The history of the ${['city', 'state', 'people', 'church', 'school', 'world', 'party', 'house'][i % 8]} ${i}`;
    const result = whenPromptShown(page, prompt);
    // Type inside the page and take the time there, so no round trip to this process is counted.
    const t0 = await box.evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
      const t = performance.now();
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return t;
    }, prompt);
    warm.push((await result) - t0 - DEBOUNCE_MS);
    compute.push(Number(await widget.getByTestId('probabilities').getAttribute('data-compute-ms')));
  }

  // Generation: time between the first and the last token drawn, against the worker's own decode
  // time for the same tokens. Several presses (each continues the prompt); medians.
  const drawn: number[] = [];
  const decoded: number[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    await widget.getByRole('button', { name: /^Generate/ }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    const { times, decodeMs } = await generateOnce(page, widget.getByRole('button', { name: /^Generate/ }));
    if (times.length > 1) drawn.push(((times.length - 1) * 1000) / (times.at(-1)! - times[0]));
    if (times.length > 1 && decodeMs > 0) decoded.push(((times.length - 1) * 1000) / decodeMs);
  }
  const problems = visit.problems();
  await visit.close();
  if (problems.length) throw new Error(`${backend}: ${problems.join('; ')}`);
  return {
    backend,
    shown: status.replace(/\. Model .*/, ''),
    coldMs,
    warmMs: median(warm),
    computeMs: median(compute),
    tokensPerSecond: median(drawn),
    engineTokensPerSecond: median(decoded),
  };
}

/** Presses Generate; resolves with the page time each token appeared and the worker's decode time. */
async function generateOnce(page: Page, button: ReturnType<Page['getByRole']>): Promise<{ times: number[]; decodeMs: number }> {
  const stamps = page.evaluate(
    () =>
      new Promise<{ times: number[]; decodeMs: number }>((done) => {
        const times: number[] = [];
        let last = 0;
        const observer = new MutationObserver(() => {
          const g = document.querySelector('[data-testid="generated"]');
          if (!g) return;
          const count = Number(g.getAttribute('data-count'));
          if (count > last) {
            for (let i = last; i < count; i++) times.push(performance.now());
            last = count;
          }
          if (g.getAttribute('aria-busy') === 'false' && count > 0 && g.hasAttribute('data-decode-ms')) {
            observer.disconnect();
            done({ times, decodeMs: Number(g.getAttribute('data-decode-ms')) });
          }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
      }),
  );
  await button.click();
  return stamps;
}

/** Gzipped sizes of the JavaScript a page downloaded (from the built files, as a server would gzip them). */
function gzippedJs(site: Site, paths: string[]): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const js = [...new Set(paths.filter((p) => /\.m?js(\?|$)/.test(p)))];
  for (const path of js) {
    const bytes = readFileSync(join(site.root, decodeURIComponent(path.replace(site.base, '').split('?')[0])));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: js.length, raw, gzip };
}

async function javascriptBytes(browser: Browser, site: Site, path: string) {
  const before = site.requests.length;
  const visit = await openPage(browser, site.url(path), { viewport: { width: 1280, height: 300 } });
  await visit.page.waitForTimeout(1000);
  const beforeVisible = gzippedJs(site, site.requests.slice(before).map((r) => r.path));
  const hasWidget = (await visit.page.getByTestId('predict').count()) > 0;
  let withWidget = null;
  if (hasWidget) {
    await visit.page.getByTestId('predict').first().scrollIntoViewIfNeeded();
    await visit.page.waitForSelector('[data-testid="predict"][data-phase="ready"]', { timeout: 120_000 });
    withWidget = gzippedJs(site, site.requests.slice(before).map((r) => r.path));
  }
  await visit.close();
  return { path, beforeVisible, withWidget };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The benchmark as Markdown. */
export async function measure(options: Options, log: (line: string) => void = () => {}): Promise<string> {
  if (!existsSync(join(options.dist, 'index.html'))) {
    return `No built site at ${options.dist}. Build it first: ASTRO_TELEMETRY_DISABLED=1 BASE_PATH=/next-token/ npx astro build --outDir dist-e2e`;
  }
  const site = await startServer({ root: options.dist });
  const results: BackendResult[] = [];
  const pages = [];
  try {
    const browser = await launchBrowser();
    try {
      for (const path of ['', 'chapters/01-the-big-picture/', 'chapters/06-next-token/']) {
        log(`JavaScript bytes: /${path}`);
        pages.push(await javascriptBytes(browser, site, path));
      }
      for (const backend of options.backends.filter((b) => b !== 'webgpu')) {
        log(`backend ${backend}`);
        results.push(await benchBackend(browser, site, backend, options.runs));
      }
    } finally {
      await browser.close();
    }
    if (options.backends.includes('webgpu')) {
      log('backend webgpu (SwiftShader)');
      const gpu = await launchBrowser({ webgpu: true });
      try {
        results.push(await benchBackend(gpu, site, 'webgpu', Math.min(options.runs, 2)));
      } finally {
        await gpu.close();
      }
    }
  } finally {
    await site.close();
  }
  const model = /data-model="([^"]+)"/.exec(readFileSync(join(options.dist, 'index.html'), 'utf8'))?.[1] ?? '?';
  const lines = [`Model: ${model}; Chromium headless; ${options.runs} warm runs (median).`, ''];
  lines.push(
    '| backend (as shown to the reader) | cold: visible -> first probabilities | warm prediction, end to end | of which in the worker | generation, drawn on the page | engine decode, in the worker | page / engine |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = `${((100 * r.tokensPerSecond) / r.engineTokensPerSecond).toFixed(0)}%`;
    lines.push(
      `| ${r.shown} | ${r.coldMs.toFixed(0)} ms | ${r.warmMs.toFixed(1)} ms | ${r.computeMs.toFixed(1)} ms | ${r.tokensPerSecond.toFixed(1)} tokens/s | ${r.engineTokensPerSecond.toFixed(1)} tokens/s | ${ratio} |`,
    );
  }
  lines.push('', '| page | JS before the widget is visible (gzip) | JS once the widget has loaded (gzip) |', '|---|---|---|');
  for (const p of pages) {
    const before = `${kb(p.beforeVisible.gzip)} (${p.beforeVisible.files} files, ${kb(p.beforeVisible.raw)} raw)`;
    const after = p.withWidget ? `${kb(p.withWidget.gzip)} (${p.withWidget.files} files, ${kb(p.withWidget.raw)} raw)` : 'no widget on this page';
    lines.push(`| /${p.path} | ${before} | ${after} |`);
  }
  return lines.join('\n');
}

/** Entry point for `npm run bench -- widget`. */
export function run({ quick, log }: BenchOptions): Promise<string> {
  return measure({ dist: resolve(REPO_ROOT, 'dist-e2e'), backends: quick ? ['wasm'] : ['wasm', 'webgl', 'cpu', 'webgpu'], runs: quick ? 2 : 5 }, log);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await measure(parseOptions(process.argv.slice(2)), (line) => process.stderr.write(`${line}\n`)));
}
