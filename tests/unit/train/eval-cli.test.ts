// `npm run llm -- eval` against a slow reference: log-softmax in plain JavaScript over the model's
// logits, window by window, for the shipped book-tiny model.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gptForward } from '../../../src/llm/gpt.ts';
import { initNodeBackend, loadModelFromDir } from '../../../src/llm/io/node-fs.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const modelDir = join(root, 'public', 'models', 'book-tiny');
const text = 'The jury said it did find that many of Georgia\'s registration and election laws "are outmoded or inadequate and often ambiguous". '.repeat(3);

describe('llm eval', () => {
  test('prints loss, perplexity and token count that match a plain log-softmax reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      const file = join(dir, 'text.txt');
      writeFileSync(file, text);
      const r = spawnSync(process.execPath, ['scripts/llm.ts', 'eval', '--model', modelDir, '--text-file', file, '--context', '32', '--json'], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout.trim());

      await initNodeBackend('wasm');
      const model = loadModelFromDir(modelDir);
      const ids = model.tokenizer!.encode(text);
      let sum = 0;
      let count = 0;
      for (let start = 0; start < ids.length - 1; start += 32) {
        const window = ids.slice(start, Math.min(start + 33, ids.length)); // inputs + the next token
        const input = window.slice(0, -1);
        const logits = tf.tidy(() => gptForward(model.config, model.weights, tf.tensor2d([input], [1, input.length], 'int32')).logits.arraySync()[0]);
        input.forEach((_, t) => {
          const row = logits[t];
          const m = Math.max(...row);
          const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
          sum += lse - row[window[t + 1]];
          count++;
        });
      }
      expect(got.tokens).toBe(ids.length - 1);
      expect(count).toBe(ids.length - 1);
      expect(got.loss).toBeCloseTo(sum / count, 4);
      expect(got.ppl).toBeCloseTo(Math.exp(sum / count), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--stride scores every token once, each from the first sliding window that holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      const file = join(dir, 'text.txt');
      writeFileSync(file, text);
      const T = 32;
      const stride = 12;
      const r = spawnSync(process.execPath, ['scripts/llm.ts', 'eval', '--model', modelDir, '--text-file', file, '--context', `${T}`, '--stride', `${stride}`, '--json'], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout.trim());

      // Reference, written from the definition: windows of T inputs start at 0, stride, 2 stride, ...
      // (plus one that ends at the last token); target j (1 <= j < n) is predicted by the first
      // window holding it, from that window's tokens before it.
      await initNodeBackend('wasm');
      const model = loadModelFromDir(modelDir);
      const ids = model.tokenizer!.encode(text);
      const n = ids.length;
      expect(n).toBeGreaterThan(3 * T); // several windows, so the stride matters
      const starts: number[] = [];
      for (let s = 0; s + T <= n - 1; s += stride) starts.push(s);
      if (starts[starts.length - 1] + T < n - 1) starts.push(n - 1 - T);
      let sum = 0;
      let minContext = Infinity;
      for (let j = 1; j < n; j++) {
        const s = starts.find((st) => st < j && j <= st + T)!;
        const input = ids.slice(s, s + T);
        const row = tf.tidy(() => gptForward(model.config, model.weights, tf.tensor2d([input], [1, T], 'int32')).logits.arraySync()[0][j - s - 1]);
        const m = Math.max(...row);
        sum += m + Math.log(row.reduce((acc, x) => acc + Math.exp(x - m), 0)) - row[ids[j]];
        if (j > T) minContext = Math.min(minContext, j - s);
      }
      expect(minContext).toBeGreaterThanOrEqual(T - stride); // the point of sliding: no token after the first window starts cold
      expect(got.tokens).toBe(n - 1);
      expect(got.loss).toBeCloseTo(sum / (n - 1), 4);

      const bad = spawnSync(process.execPath, ['scripts/llm.ts', 'eval', '--model', modelDir, '--text-file', file, '--context', '32', '--stride', '40'], { cwd: root, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('--stride must be 1..32');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('says what is missing', () => {
    const r = spawnSync(process.execPath, ['scripts/llm.ts', 'eval', '--model', modelDir], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--text-file FILE is required');
  });
});
