// `npm run llm -- eval` against a slow reference: log-softmax in plain JavaScript over the model's
// logits, window by window, for the shipped book-tiny model.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gptForward } from '../../../src/llm/gpt.ts';
import { initNodeBackend, loadModelFromDir } from '../../../src/llm/node-fs.ts';

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

  test('says what is missing', () => {
    const r = spawnSync(process.execPath, ['scripts/llm.ts', 'eval', '--model', modelDir], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--text-file FILE is required');
  });
});
