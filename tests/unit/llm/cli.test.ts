import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { train } from '../../../src/llm/tokenizer/bpe-train.ts';
import { saveModelToDir } from '../../../src/llm/io/node-fs.ts';
import { disposeWeights, initWeights } from '../../../src/llm/weights.ts';
import { readFileSync } from 'node:fs';
import { relativeError, tinyConfig, useBackend } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../../..');
const TINY = join(ROOT, 'tests/fixtures/llm/tiny-model');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/llm.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let withTokenizer: string;
beforeAll(async () => {
  await useBackend('wasm');
  withTokenizer = mkdtempSync(join(tmpdir(), 'llm-cli-'));
  const tokenizer = train('the cat sat on the mat. the dog sat on the log. '.repeat(20), 270);
  const config = tinyConfig({ vocab_size: tokenizer.vocabSize, n_positions: 32 });
  const weights = initWeights(config, 1);
  await saveModelToDir(withTokenizer, config, weights, { tokenizerJson: JSON.stringify(tokenizer.toJSON()) });
  disposeWeights(weights);
});
afterAll(() => rmSync(withTokenizer, { recursive: true, force: true }));

describe('npm run llm', () => {
  test('logits --json prints exactly one [T][V] array equal to the reference', () => {
    const r = cli('logits', '--model', TINY, '--ids', '3,14,15,9,26,5,3,5', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as number[][];
    const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/llm/tiny-model-logits.json'), 'utf8')).logits as number[][];
    expect(rows).toHaveLength(8);
    expect(rows[0]).toHaveLength(29);
    expect(relativeError(rows.flat(), expected.flat())).toBeLessThan(1e-4);
  });

  test('generate --json with ids and no tokenizer; the same seed gives the same ids', () => {
    const args = ['generate', '--model', TINY, '--ids', '1,2', '--max-new-tokens', '6', '--seed', '4', '--top-k', '5', '--json'];
    const a = JSON.parse(cli(...args).stdout);
    const b = JSON.parse(cli(...args).stdout);
    expect(a.ids).toHaveLength(6);
    expect(a).toEqual(b);
    expect(a.text).toBeUndefined();
  });

  test('generate --prompt uses the model folder tokenizer and returns text', () => {
    const r = cli('generate', '--model', withTokenizer, '--prompt', 'the cat', '--max-new-tokens', '5', '--temperature', '0', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ids).toHaveLength(5);
    expect(typeof out.text).toBe('string');
  });

  test('greedy generate matches the reference argmax', () => {
    const out = JSON.parse(cli('generate', '--model', TINY, '--ids', '3,14', '--max-new-tokens', '1', '--temperature', '0', '--json').stdout);
    const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/llm/tiny-model-logits.json'), 'utf8')).logits as number[][];
    const row = expected[1];
    expect(out.ids[0]).toBe(row.indexOf(Math.max(...row)));
  });

  test('count --json gives GPT-2 its published total', () => {
    const out = JSON.parse(cli('count', '--preset', 'gpt2', '--json').stdout);
    expect(out.total).toBe(124_439_808);
    expect(out.breakdown.tokenEmbedding).toBe(38_597_376);
  });

  test('info describes the model folder', () => {
    const r = cli('info', '--model', TINY, '--json');
    const info = JSON.parse(r.stdout);
    expect(info.parameters).toBe(2088);
    expect(info.dtypes).toEqual({ F32: 28 });
  });

  test.each([
    [['generate', '--model', TINY, '--ids', '1', '--max-new-tokens', '3', '--top-p', '0'], /top-p/],
    [['generate', '--model', TINY, '--ids', '1', '--max-new-tokens', '3', '--temperature', '-1'], /temperature/],
    [['generate', '--model', TINY, '--ids', '1', '--max-new-tokens', '3', '--top-k', '1.5'], /top-k/],
    [['generate', '--model', TINY, '--prompt', 'hi', '--max-new-tokens', '3'], /no tokenizer/],
    [['generate', '--model', TINY, '--ids', '1'], /max-new-tokens/],
    [['logits', '--model', TINY, '--ids', '1,x'], /comma-separated/],
    [['logits', '--model', TINY, '--ids', '1,99'], /Token id at index 1/],
    [['logits', '--model', '/nonexistent', '--ids', '1'], /not found/],
    [['logits', '--ids', '1', '--bogus'], /Unknown option --bogus/],
    [['count', '--preset', 'gpt5'], /Unknown preset "gpt5"/],
    [['nope'], /Unknown command "nope"/],
  ])('bad arguments exit non-zero with a message: %j', (args, message) => {
    const r = cli(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
