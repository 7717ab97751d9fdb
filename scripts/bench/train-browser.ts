// Training in the reader's tab against the Node trainer, same machine, same run: book-tiny's shape on the
// Brown Corpus news sample (public/trainer/news.txt), batch 8, through src/components/trainer/run.ts.
//   Node: one thread (Node's WASM has no threads), TrainingRun stepped in a loop.
//   Chromium, not isolated (service workers blocked, no headers): WASM on one thread, via chapter 7's trainer.
//   Chromium, cross-origin isolated (headers): one thread, then one trainer thread per core (at most 4), each
//   computing the gradients of part of every batch (gradient.worker.ts), the trainer's default.
// The browser rate is the trainer's own tokens/s (wall time, so it includes its held-out checks and samples).
// Needs the e2e build (dist-e2e/). npm run bench -- train-browser [--quick]
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, REPO_ROOT, startServer } from '../../tests/e2e/harness.ts';
import { prepareCorpus } from '../../src/components/trainer/data.ts';
import { DEFAULT_REQUEST, LIMITS, TRAINER_PRESETS } from '../../src/components/trainer/presets.ts';
import { TrainingRun } from '../../src/components/trainer/run.ts';
import { setupTraining } from '../lib/train-env.ts';
import type { BenchOptions } from './registry.ts';
import { median } from './stats.ts';

export const title = 'Training in the browser tab (chapter 7 trainer) against the Node trainer';

const BATCH = DEFAULT_REQUEST.batch;

async function nodeRate(steps: number): Promise<number> {
  await setupTraining('wasm');
  const base = TRAINER_PRESETS.tiny.config;
  const corpus = prepareCorpus(readFileSync(join(REPO_ROOT, 'public', 'trainer', 'news.txt'), 'utf8'), base.vocab_size, base.n_positions);
  const run = new TrainingRun({ ...base, vocab_size: corpus.tokenizer.vocabSize }, corpus, { ...DEFAULT_REQUEST, batch: BATCH, steps: steps + 3 });
  for (let i = 0; i < 3; i++) run.trainStep(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) run.trainStep();
  return (steps * run.tokensPerStep * 1000) / (performance.now() - t0);
}

interface Rate {
  rate: number; // the trainer's own tokens/s
  label: string; // its backend detail, e.g. "SIMD, 2 threads"
}

async function browserRate(browser: Browser, isolated: boolean, threads: number, seconds: number, batch = BATCH): Promise<Rate> {
  const site = await startServer({ isolated });
  const context = await browser.newContext({ serviceWorkers: isolated ? 'allow' : 'block' });
  try {
    const page = await context.newPage();
    await page.goto(site.url('chapters/07-training/?backend=wasm'));
    const trainer = page.getByTestId('trainer');
    await trainer.scrollIntoViewIfNeeded();
    await page.waitForSelector('astro-island:not([ssr]) [data-testid="trainer"]');
    await trainer.getByLabel('Text', { exact: true }).selectOption('news');
    await trainer.getByLabel('Threads').selectOption(String(threads));
    await trainer.getByLabel('Batch (windows per step)').fill(String(batch));
    await trainer.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForSelector('[data-testid="trainer"][data-phase="training"]', { timeout: 120_000 });
    await page.waitForTimeout(seconds * 1000);
    const facts = (await page.getByTestId('trainer-facts').textContent()) ?? '';
    const rate = Number(/([\d,]+) tokens\/s/.exec(facts)?.[1].replace(/,/g, '') ?? NaN);
    return { rate, label: /\(([^)]*)\)$/.exec(facts.trim())?.[1] ?? '' };
  } finally {
    await context.close();
    await site.close();
  }
}

export async function run({ quick, log }: BenchOptions): Promise<string> {
  const node = await nodeRate(quick ? 10 : 40);
  log(`node: ${Math.round(node)} tok/s`);
  const browser = await launchBrowser();
  try {
    const cores = Math.min(LIMITS.threads.max, availableParallelism());
    const seconds = quick ? 15 : 25;
    const plain = await browserRate(browser, false, 1, seconds);
    log(`browser, not isolated, 1 thread: ${Math.round(plain.rate)} tok/s (${plain.label})`);
    // One thread and all threads in turns (1 N 1 N ...), so the machine's load hits both alike; medians. Then the
    // same at batch 32: more work per step against the same per-step costs (sending the weights, adding, AdamW).
    const BIG = 32;
    const runs = { one: [] as Rate[], many: [] as Rate[], oneBig: [] as Rate[], manyBig: [] as Rate[] };
    for (let round = 0; round < (quick ? 1 : 2); round++) {
      for (const [key, threads, batch] of [['one', 1, BATCH], ['many', cores, BATCH], ['oneBig', 1, BIG], ['manyBig', cores, BIG]] as const) {
        const r = await browserRate(browser, true, threads, seconds, batch);
        runs[key].push(r);
        log(`browser, isolated, ${threads} thread(s), batch ${batch}: ${Math.round(r.rate)} tok/s (${r.label})`);
      }
    }
    const f = (x: number) => Math.round(x).toLocaleString('en-US');
    const cell = (rs: Rate[]) => `${f(median(rs.map((r) => r.rate)))}${rs.length > 1 ? ` (${rs.map((r) => f(r.rate)).join(', ')})` : ''}`;
    const ratio = (rs: Rate[], base: Rate[]) => (median(rs.map((r) => r.rate)) / median(base.map((r) => r.rate))).toFixed(2);
    const vsNode = (rs: Rate[]) => (median(rs.map((r) => r.rate)) / node).toFixed(2);
    return [
      `| where (batch ${BATCH} unless said) | WASM | tokens/s: median (each run) | against Node | against one thread, same batch |`,
      '| --- | --- | ---: | ---: | ---: |',
      `| Node (TrainingRun, as npm run train with one worker) | one thread | ${f(node)} | 1.00 | |`,
      `| Chromium tab, not isolated, Threads 1 | ${plain.label} | ${f(plain.rate)} | ${(plain.rate / node).toFixed(2)} | |`,
      `| Chromium tab, cross-origin isolated, Threads 1 | ${runs.one[0].label} | ${cell(runs.one)} | ${vsNode(runs.one)} | 1.00 |`,
      `| Chromium tab, cross-origin isolated, Threads ${cores} | ${runs.many[0].label} | ${cell(runs.many)} | ${vsNode(runs.many)} | ${ratio(runs.many, runs.one)} |`,
      `| the same, batch ${BIG}, Threads 1 | ${runs.oneBig[0].label} | ${cell(runs.oneBig)} | | 1.00 |`,
      `| the same, batch ${BIG}, Threads ${cores} | ${runs.manyBig[0].label} | ${cell(runs.manyBig)} | | ${ratio(runs.manyBig, runs.oneBig)} |`,
    ].join('\n');
  } finally {
    await browser.close();
  }
}
