// Benchmark of live code blocks:
//   size: gzipped bytes of the transpiler (sucrase, TypeScript transform only, minified) and of the
//         chunks a block loads: at page load, on first focus (CodeMirror), on first Run (worker, TF.js);
//   transform: reader code -> runnable body (sucrase + last-expression capture), per example, in Node;
//   first run: click Run on a fresh page -> output shown (editor + worker + TF.js + backend + the code),
//         then a second run (warm), and the first model run when public/models/book-small exists.
//
//   ASTRO_TELEMETRY_DISABLED=1 BASE_PATH=/next-token/ npx astro build --outDir dist-e2e
//   npx node scripts/bench/live-code.ts [--dist dist-e2e] [--runs 5]
//
// Needs a built page with a <LiveCode> block (chapter 2). Prints Markdown for docs/benchmarks.md.

import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { prepare } from '../../src/components/live/transform.ts';
import { BOOK_MODELS } from '../../src/llm/config.ts';
import { launchBrowser, openPage, REPO_ROOT, startServer } from '../../tests/e2e/harness.ts';
import { median } from './stats.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dist = resolve(REPO_ROOT, option('dist') ?? 'dist-e2e');
const runs = Number(option('runs') ?? 5);
/** --page, else chapter 2, else the first built chapter with a live block. */
const PAGE =
  option('page') ??
  ['chapters/02-the-math-you-need/', ...readdirSync(join(dist, 'chapters')).map((d) => `chapters/${d}/`)].find((p) =>
    existsSync(join(dist, p, 'index.html')) && readFileSync(join(dist, p, 'index.html'), 'utf8').includes('data-live-code'),
  );
if (!PAGE) throw new Error(`No page in ${dist} has a <LiveCode> block.`);
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function sucraseSize(): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: {
      contents: "import { transform } from 'sucrase'; export const t = (s) => transform(s, { transforms: ['typescript'], disableESTransforms: true }).code;",
      resolveDir: REPO_ROOT,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

function transformTimes(): string[][] {
  const dir = join(REPO_ROOT, 'src', 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      for (let i = 0; i < 5; i++) prepare(source);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        prepare(source);
        times.push(performance.now() - t0);
      }
      return [f.replace(/\.ts$/, ''), String(source.split('\n').length), median(times).toFixed(2)];
    });
}

/** Gzipped size of the JavaScript (and WebAssembly) files in a list of served paths. */
function jsBytes(paths: string[]): number {
  let total = 0;
  for (const p of new Set(paths)) {
    if (!/\.(js|wasm)$/.test(p)) continue;
    const file = join(dist, p.replace(/^\/next-token\//, '').split('?')[0]);
    if (existsSync(file)) total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

async function runBlock(page: Page, code?: string): Promise<{ ms: number; lines: string[] }> {
  const root = page.locator('[data-live-code]').first();
  if (code !== undefined) {
    await root.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(code);
  }
  const before = Number((await root.getAttribute('data-runs')) ?? 0);
  const t0 = Date.now();
  await root.locator('[data-live="run"]').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-live-code]')?.getAttribute('data-runs') ?? 0) > n, before, {
    timeout: 120_000,
    polling: 10,
  });
  return { ms: Date.now() - t0, lines: await root.locator('.live-code__line').allTextContents() };
}

const site = await startServer({ root: dist });
const browser = await launchBrowser();
const sizes = await sucraseSize();
const out: string[] = [];
out.push(`Transpiler: sucrase ${JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/sucrase/package.json'), 'utf8')).version}, TypeScript transform only, bundled and minified by esbuild: ${kB(sizes.min)}, **${kB(sizes.gz)} gzipped** (it loads inside the worker, never with the page).`);
out.push('');
out.push('Reader code -> runnable body (transpile, syntax check, last-expression capture), Node 22, median of 30:');
out.push('');
out.push('| example | lines | ms |\n| --- | ---: | ---: |');
for (const row of transformTimes()) out.push(`| ${row.join(' | ')} |`);

const cold: number[] = [];
const warm: number[] = [];
const bytes = { load: 0, focus: 0, run: 0 };
let backend = '';
let example = '';
for (let i = 0; i < runs; i++) {
  const visit = await openPage(browser, site.url(PAGE));
  await visit.page.locator('[data-live-code] [data-live="bar"]:not([hidden])').first().waitFor();
  example = (await visit.page.locator('[data-live-code]').first().getAttribute('data-example')) ?? '';
  const atLoad = site.requests.length;
  const first = await runBlock(visit.page);
  cold.push(first.ms);
  backend = /on (\w+)\.$/.exec(first.lines.at(-1) ?? '')?.[1] ?? '?';
  warm.push((await runBlock(visit.page)).ms);
  if (i === 0) {
    const all = site.requests.map((r) => r.path);
    bytes.load = jsBytes(all.slice(0, atLoad));
    const after = all.slice(atLoad);
    bytes.focus = jsBytes(after.filter((p) => /editor/.test(p)));
    bytes.run = jsBytes(after.filter((p) => !/editor/.test(p)));
  }
  await visit.close();
}
out.push('');
out.push(`Chromium (headless, ${backend} backend), the first block of ${PAGE} (\`${example}\`), ${runs} fresh pages, medians:`);
out.push('');
out.push('| step | time | JavaScript (gzip) |\n| --- | ---: | ---: |');
out.push(`| page load (everything the page loads before a click) | | ${kB(bytes.load)} |`);
out.push(`| first Run: editor + worker + TF.js + backend + code | ${median(cold)} ms | +${kB(bytes.focus)} editor, +${kB(bytes.run)} worker, TF.js and its .wasm |`);
out.push(`| second Run (warm worker) | ${median(warm)} ms | 0 |`);

const model = BOOK_MODELS.find((name) => existsSync(join(REPO_ROOT, 'public', 'models', name, 'model.safetensors')));
if (model) {
  const visit = await openPage(browser, site.url(PAGE));
  await visit.page.locator('[data-live-code] [data-live="edit"]').first().click();
  await visit.page.locator('[data-live-code] .cm-content').first().waitFor();
  const source = readFileSync(join(REPO_ROOT, 'src', 'examples', 'first-prediction.ts'), 'utf8');
  const firstModel = await runBlock(visit.page, source);
  const again = await runBlock(visit.page);
  out.push(`| first-prediction, first run (downloads ${model}) | ${firstModel.ms} ms | |`);
  out.push(`| first-prediction, again (model cached in the worker) | ${again.ms} ms | |`);
  out.push('');
  out.push('Times are from the click to the output on screen, as Playwright sees them (its click adds ~50-100 ms).');
  await visit.close();
}
await browser.close();
await site.close();
console.log(out.join('\n'));
