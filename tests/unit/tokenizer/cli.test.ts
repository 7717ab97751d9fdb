import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { run as detokenize, parseIds } from '../../../scripts/cli/detokenize.ts';
import { run as tokenize } from '../../../scripts/cli/tokenize.ts';
import { run as trainTokenizer } from '../../../scripts/cli/train-tokenizer.ts';
import { BpeTokenizer } from '../../../src/llm/tokenizer/tokenizer.ts';
import { SMALL_TEXT } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokenizer-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command, capturing what it writes to stdout and stderr. */
async function capture(command: (argv: string[]) => Promise<number>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await command(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('tokenizer commands', () => {
  test('tokenize --tokenizer gpt2 --json gives GPT-2 ids and token texts', async () => {
    const { code, stdout } = await capture(tokenize, ['--tokenizer', 'gpt2', '--text', 'Hello world', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ids: [15496, 995], tokens: ['Hello', ' world'], display: ['Hello', '␣world'] });
  });

  test('detokenize prints exactly the text, with no newline added', async () => {
    const { code, stdout } = await capture(detokenize, ['--tokenizer', 'gpt2', '--ids', '[15496, 995, 198]']);
    expect(code).toBe(0);
    expect(stdout).toBe('Hello world\n');
    expect(parseIds('1, 2 3,4')).toEqual([1, 2, 3, 4]);
  });

  test('train-tokenizer writes a tokenizer.json that tokenize --model reads', async () => {
    const input = join(dir, 'input.txt');
    writeFileSync(input, SMALL_TEXT);
    const model = join(dir, 'model');
    const trained = await capture(trainTokenizer, ['--input', input, '--vocab-size', '300', '--out', join(model, 'tokenizer.json')]);
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(/merge 1 of 43: /);
    const tok = BpeTokenizer.fromJSON(readFileSync(join(model, 'tokenizer.json'), 'utf8'));
    expect(tok.vocabSize).toBe(300);
    const { stdout } = await capture(tokenize, ['--model', model, '--text-file', input, '--json']);
    const ids = JSON.parse(stdout).ids;
    expect(ids).toEqual(tok.encode(SMALL_TEXT));
    const back = await capture(detokenize, ['--model', model, '--ids', ids.join(',')]);
    expect(back.stdout).toBe(SMALL_TEXT);
  });

  test('bad calls exit 2 with the usage, bad files exit 1 with the reason', async () => {
    const noTokenizer = await capture(tokenize, ['--text', 'hi']);
    expect(noTokenizer.code).toBe(2);
    expect(noTokenizer.stderr).toMatch(/--model DIR or --tokenizer/);
    expect((await capture(detokenize, ['--tokenizer', 'gpt2', '--ids', '1,two'])).stderr).toMatch(/"two" is not a token id/);
    const missing = await capture(tokenize, ['--model', join(dir, 'nope'), '--text', 'hi']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Model folder not found/);
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{"model": {"type": "WordPiece"}}');
    expect((await capture(tokenize, ['--tokenizer', badJson, '--text', 'hi'])).stderr).toMatch(/Invalid tokenizer.json: model.type must be "BPE"/);
    expect((await capture(detokenize, ['--tokenizer', 'gpt2', '--ids', '99999'])).stderr).toMatch(/outside this vocabulary/);
  });
});
