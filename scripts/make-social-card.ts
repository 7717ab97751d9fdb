// Renders the social card (public/social-card.png, 1200x630, referenced as og:image in astro.config.mjs)
// from the HTML below with headless Chromium. Run: npx node scripts/make-social-card.ts [out.png]
// The bars are what the book's own model (public/models/book-small) gives for PROMPT, computed here with src/llm,
// so rerun this after retraining. Uses only local fonts and the logo from src/assets/logo.svg, so it works offline.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { forward } from '../src/llm/gpt.ts';
import { initNodeBackend, loadModelFromDir } from '../src/llm/io/node-fs.ts';
import { visibleText } from '../src/llm/tokenizer/token-display.ts';
import { findBrowser } from '../tests/e2e/browser-path.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WIDTH = 1200;
const HEIGHT = 630;

/** The landing page's prompt (src/content/docs/index.mdx); the card shows the model's four likeliest next tokens. */
const PROMPT = 'He said that he would';
const MODEL_DIR = resolve(ROOT, 'public', 'models', 'book-small');

/** The model's top `k` next tokens after `prompt`, with their softmax probabilities (temperature 1). */
async function nextTokens(prompt: string, k = 4): Promise<[string, number][]> {
  await initNodeBackend('wasm');
  const model = loadModelFromDir(MODEL_DIR);
  if (!model.tokenizer) throw new Error(`${MODEL_DIR} has no tokenizer.json`);
  const { logits } = await forward(model, model.tokenizer.encode(prompt));
  const [T, V] = logits.shape;
  const last = Array.from(logits.data.subarray((T - 1) * V, T * V));
  const max = Math.max(...last);
  const exps = last.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps
    .map((e, id) => [id, e / total] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([id, p]) => [model.tokenizer!.decode([id]), p]);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function cardHtml(logoSvg: string, next: [string, number][]): string {
  // Bars are scaled to the top probability, so a spread-out guess still reads; the numbers are the real ones.
  const top = next[0][1];
  const bars = next.map(
    ([token, p], i) => `
      <div class="row${i === 0 ? ' top' : ''}">
        <span class="token">${escapeHtml(visibleText(token))}</span>
        <span class="bar"><span style="width:${((p / top) * 100).toFixed(0)}%"></span></span>
        <span class="p">${(p * 100).toFixed(0)}%</span>
      </div>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    * { box-sizing: border-box; margin: 0; }
    body { width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden;
      font-family: 'DejaVu Sans', 'Liberation Sans', 'Helvetica Neue', Arial, sans-serif;
      background: radial-gradient(circle at 85% 15%, #2f4bbf 0, #17204d 45%, #0d1330 100%); color: #fff;
      display: grid; grid-template-columns: 560px 1fr; gap: 40px; padding: 72px 64px; }
    .brand { display: flex; align-items: center; gap: 20px; font-size: 30px; letter-spacing: 0.02em; color: #c5cff5; }
    .brand svg { width: 72px; height: 72px; }
    h1 { font-size: 88px; line-height: 1; margin-top: 48px; white-space: nowrap; letter-spacing: -0.02em; }
    p.lead { font-size: 32px; line-height: 1.3; margin-top: 28px; color: #dfe5ff; }
    .panel { align-self: center; padding: 32px; background: rgba(255,255,255,0.07); border: 2px solid rgba(255,255,255,0.18);
      border-radius: 24px; }
    .prompt { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 28px; margin-bottom: 26px; color: #fff; }
    .prompt .cursor { display: inline-block; width: 16px; height: 32px; background: #ffd43b; vertical-align: -5px; margin-left: 6px; }
    .row { display: grid; grid-template-columns: 120px 1fr 76px; align-items: center; gap: 16px; margin-top: 14px;
      font-size: 28px; color: #c5cff5; }
    .row.top { color: #fff; font-weight: bold; }
    .token { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; }
    .bar { height: 24px; background: rgba(255,255,255,0.12); border-radius: 12px; overflow: hidden; }
    .bar > span { display: block; height: 100%; background: #748ffc; border-radius: 12px; }
    .row.top .bar > span { background: #ffd43b; }
    .p { text-align: right; font-variant-numeric: tabular-nums; }
    .caption { margin-top: 22px; font-size: 22px; color: #9fb0f0; }
  </style></head><body>
    <div>
      <div class="brand">${logoSvg}<span>An online book</span></div>
      <h1>Next Token</h1>
      <p class="lead">How large language models work, in plain words and math, with a real transformer running in your browser.</p>
    </div>
    <div class="panel" aria-hidden="true">
      <div class="prompt">${escapeHtml(PROMPT)}<span class="cursor"></span></div>
      ${bars}
      <div class="caption">next-token probabilities from the book's own model</div>
    </div>
  </body></html>`;
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? resolve(ROOT, 'public', 'social-card.png'));
  const logo = readFileSync(resolve(ROOT, 'src', 'assets', 'logo.svg'), 'utf8');
  const next = await nextTokens(PROMPT);
  console.log(`${PROMPT} -> ${next.map(([t, p]) => `${JSON.stringify(t)} ${(p * 100).toFixed(1)}%`).join(', ')}`);
  const browser = await chromium.launch({
    executablePath: findBrowser(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    // Offline by construction: refuse anything that is not inline.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(cardHtml(logo, next), { waitUntil: 'load' });
    await page.screenshot({ path: out, type: 'png', clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
    console.log(`wrote ${out} (${WIDTH}x${HEIGHT})`);
  } finally {
    await browser.close();
  }
}

await main();
