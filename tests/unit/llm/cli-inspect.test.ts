// `npm run llm -- inspect`: the numbers the e2e tests compare the pages with, held to the float64
// reference on a small saved model with its own tokenizer; and its messages for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { train } from '../../../src/llm/tokenizer/bpe-train.ts';
import { klDivergence } from '../../../src/llm/knockout.ts';
import { saveModelToDir } from '../../../src/llm/io/node-fs.ts';
import type { BpeTokenizer } from '../../../src/llm/tokenizer/tokenizer.ts';
import { referenceInspect } from '../../reference/gpt-reference.ts';
import { randomNamed, tinyConfig, toWeights, useBackend } from './helpers.ts';
import { disposeWeights } from '../../../src/llm/weights.ts';

const ROOT = join(import.meta.dirname, '../../..');
let dir: string;
let tokenizer: BpeTokenizer;
const text = 'the cat sat on the mat';
const config = tinyConfig({ vocab_size: 270, n_positions: 32, n_layer: 2 });
const named = randomNamed(config, 4);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/llm.ts'), 'inspect', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function softmax(row: ArrayLike<number>): number[] {
  const xs = Array.from(row);
  const m = Math.max(...xs);
  const e = xs.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

beforeAll(async () => {
  await useBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'llm-inspect-'));
  tokenizer = train('the cat sat on the mat. the dog sat on the log. '.repeat(20), 270);
  const weights = toWeights(config, named);
  await saveModelToDir(dir, config, weights, { tokenizerJson: JSON.stringify(tokenizer.toJSON()) });
  disposeWeights(weights);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run llm -- inspect', () => {
  test('--json: attention, lens and the knock-out effect equal the float64 reference', () => {
    const r = cli('--model', dir, '--text', text, '--knockouts', 'L1H2,L2MLP', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const ids = tokenizer.encode(text);
    expect(out.tokens.map((t: { id: number }) => t.id)).toEqual(ids);
    const k = { heads: [{ layer: 0, head: 1 }], mlps: [1] };
    const ref = referenceInspect(config, named, ids, k);
    const flat = (a: number[][][][]) => a.flat(3);
    const diff = flat(out.attention).map((w: number, i: number) => Math.abs(w - flat(ref.attn)[i]));
    expect(Math.max(...diff)).toBeLessThan(1e-4);
    out.lens.forEach((row: { id: number; probability: number }[], l: number) => {
      const p = softmax(ref.lens[l]);
      for (const t of row) expect(Math.abs(t.probability - p[t.id])).toBeLessThan(1e-4);
    });
    const before = softmax(referenceInspect(config, named, ids).lastLogits);
    const after = softmax(ref.lastLogits);
    expect(Math.abs(out.effect.kl - klDivergence(before, after))).toBeLessThan(1e-4);
    expect(out.knockouts).toBe('L1H2,L2MLP');
  });

  test('the text report names the stages and the chosen head', () => {
    const r = cli('--model', dir, '--text', text, '--layer', '2', '--head', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^embedding: /m);
    expect(r.stdout).toMatch(/^block 2: /m);
    expect(r.stdout).toContain('attention, layer 2, head 3');
  });

  test('bad input gets a clear message and exit code 2', () => {
    for (const [args, message] of [
      [['--model', dir], /--text is required/],
      [['--model', dir, '--text', 'x', '--knockouts', 'H1'], /Cannot read the knock-out "H1"/],
      [['--model', dir, '--text', 'x', '--layer', '9'], /--layer must be from 1 to 2/],
    ] as const) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
