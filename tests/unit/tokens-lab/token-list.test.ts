// The tokenizer lab's lists against the reference tokenizers: `npm run llm -- tokenize` (the CLI module,
// run in-process) for the book's tokenizer and GPT-2, and gpt-tokenizer's own encoder for GPT-2, on the
// tokenizer tests' table of nasty strings. Plus the pure helpers the lab draws with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as reference from 'gpt-tokenizer/encoding/r50k_base';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { run as tokenizeCli } from '../../../scripts/cli/tokenize.ts';
import { loadGpt2Tokenizer } from '../../../src/llm/tokenizer/gpt2-tokenizer.ts';
import { BpeTokenizer } from '../../../src/llm/tokenizer/tokenizer.ts';
import { charsPerToken, clipText, countChars, rovingIndex, summaryText, textKey, tokenList } from '../../../src/components/tokens/token-list.ts';
import { NASTY } from '../tokenizer/helpers.ts';

const BOOK_DIR = join(process.cwd(), 'public', 'models', 'book-small');
const dir = mkdtempSync(join(tmpdir(), 'tokens-lab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let book: BpeTokenizer;
let gpt2: BpeTokenizer;
beforeAll(async () => {
  book = BpeTokenizer.fromJSON(readFileSync(join(BOOK_DIR, 'tokenizer.json'), 'utf8'));
  gpt2 = await loadGpt2Tokenizer();
});

/** `npm run llm -- tokenize ... --text-file F --json`, in-process: the ids it prints. */
async function cliIds(tokenizerArgs: string[], text: string): Promise<number[]> {
  const file = join(dir, 'input.txt');
  writeFileSync(file, text);
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  try {
    expect(await tokenizeCli([...tokenizerArgs, '--text-file', file, '--json'])).toBe(0);
  } finally {
    out.mockRestore();
  }
  return JSON.parse(stdout).ids;
}

const wellFormed = NASTY.filter(([, s]) => s.isWellFormed());
const illFormed = NASTY.filter(([, s]) => !s.isWellFormed());

describe('tokenList against the reference tokenizers', () => {
  test('the table has both well-formed strings and lone surrogates', () => {
    expect(wellFormed.length).toBeGreaterThan(20);
    expect(illFormed.length).toBeGreaterThanOrEqual(5);
  });

  test.each(wellFormed)('%s: counts and ids equal `llm tokenize` and gpt-tokenizer', async (_, text) => {
    const b = tokenList(book, text, Infinity);
    const g = tokenList(gpt2, text, Infinity);
    const bookIds = await cliIds(['--model', BOOK_DIR], text);
    const gptIds = await cliIds(['--tokenizer', 'gpt2'], text);
    expect(b.chips.map((c) => c.id)).toEqual(bookIds);
    expect(b.count).toBe(bookIds.length);
    expect(g.chips.map((c) => c.id)).toEqual(gptIds);
    expect(g.chips.map((c) => c.id)).toEqual(reference.encode(text, { disallowedSpecial: new Set() }));
    expect(g.count).toBe(gptIds.length);
    expect(b.chars).toBe([...text].length);
  });

  test.each(NASTY)('%s: the chips decode back to exactly the text', (_, text) => {
    for (const tokenizer of [book, gpt2]) {
      const list = tokenList(tokenizer, text, Infinity);
      expect(tokenizer.decode(list.chips.map((c) => c.id))).toBe(text);
    }
  });

  test('bytes that are only part of a character are marked and shown as hex', () => {
    const list = tokenList(gpt2, '🌍', Infinity);
    expect(list.count).toBeGreaterThan(1); // GPT-2 has no single token for this emoji
    expect(list.chips.some((c) => c.partial && /^(<0x[0-9A-F]{2}>)+$/.test(c.display))).toBe(true);
    const lone = tokenList(book, 'a\uD800', Infinity);
    expect(lone.chips.map((c) => c.display).join('')).toContain('<0xED>');
    expect(tokenList(book, 'plain', Infinity).chips.every((c) => !c.partial)).toBe(true);
  });

  test('chips stop at the limit; the counts cover the whole text', () => {
    const text = 'word '.repeat(2000);
    const list = tokenList(gpt2, text, 100);
    expect(list.chips).toHaveLength(100);
    expect(list.count).toBe(gpt2.encode(text).length);
    expect(list.chars).toBe(text.length);
  });
});

describe('lab helpers', () => {
  test('empty text: no tokens, and no division by zero', () => {
    const list = tokenList(book, '');
    expect(list).toEqual({ count: 0, chars: 0, chips: [] });
    expect(summaryText(list)).toBe('0 tokens · – characters per token');
  });

  test('summary line', () => {
    expect(summaryText({ count: 1, chars: 5, chips: [] })).toBe('1 token · 5.0 characters per token');
    expect(summaryText({ count: 1234, chars: 5000, chips: [] })).toBe('1,234 tokens · 4.1 characters per token');
    expect(charsPerToken(10, 4)).toBe('2.5');
  });

  test('characters are code points: an emoji is one, a lone surrogate is one', () => {
    expect(countChars('a👋b')).toBe(3);
    expect(countChars('\uD800x')).toBe(2);
    expect(countChars('e\u0301')).toBe(2); // a combining mark is its own code point
  });

  test('clipText never splits a surrogate pair', () => {
    expect(clipText('abc', 5)).toBe('abc');
    expect(clipText('ab👋', 3)).toBe('ab');
    expect(clipText('abcd', 3)).toBe('abc');
  });

  test('roving tabindex keys', () => {
    expect(rovingIndex('ArrowRight', 0, 3)).toBe(1);
    expect(rovingIndex('ArrowRight', 2, 3)).toBe(2);
    expect(rovingIndex('ArrowLeft', 0, 3)).toBe(0);
    expect(rovingIndex('ArrowUp', 2, 3)).toBe(1);
    expect(rovingIndex('End', 0, 3)).toBe(2);
    expect(rovingIndex('Home', 2, 3)).toBe(0);
    expect(rovingIndex('a', 0, 3)).toBeNull();
    expect(rovingIndex('ArrowRight', 0, 0)).toBeNull();
  });

  test('textKey tells texts apart', () => {
    expect(textKey('abc')).toBe(textKey('abc'));
    expect(textKey('abc')).not.toBe(textKey('abd'));
    expect(textKey('')).toMatch(/^0-/);
  });
});
