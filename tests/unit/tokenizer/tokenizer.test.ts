import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { train } from '../../../src/llm/bpe-train.ts';
import { loadGpt2Tokenizer } from '../../../src/llm/gpt2-tokenizer.ts';
import { END_OF_TEXT, type Tokenizer } from '../../../src/llm/tokenizer.ts';
import { NASTY, SMALL_TEXT, anyString } from './helpers.ts';

const ours = train(SMALL_TEXT, 400);
let gpt2: Tokenizer;
beforeAll(async () => {
  gpt2 = await loadGpt2Tokenizer();
});

describe.each([
  ['our BPE (trained on a paragraph)', () => ours],
  ['GPT-2 (r50k_base)', () => gpt2],
])('%s', (_, get) => {
  test('decode(encode(s)) === s for arbitrary strings, lone surrogates included', () => {
    const tok = get();
    fc.assert(
      fc.property(anyString, (s) => tok.decode(tok.encode(s)) === s),
      { numRuns: 400 },
    );
  });

  test.each(NASTY)('round-trips %s', (_, s) => {
    const tok = get();
    const ids = tok.encode(s);
    expect(tok.decode(ids)).toBe(s);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize)).toBe(true);
  });

  test('never produces <|endoftext|> from text, even from the literal string', () => {
    const tok = get();
    const ids = tok.encode(`one${END_OF_TEXT}two ${END_OF_TEXT}`);
    expect(ids).not.toContain(tok.eotId);
    expect(tok.decode(ids)).toBe(`one${END_OF_TEXT}two ${END_OF_TEXT}`);
    fc.assert(fc.property(anyString, (s) => !tok.encode(s).includes(tok.eotId)), { numRuns: 200 });
  });

  test('decodes <|endoftext|> as its text, between documents', () => {
    const tok = get();
    const ids = [...tok.encode('first doc'), tok.eotId, ...tok.encode('second')];
    expect(tok.decode(ids)).toBe(`first doc${END_OF_TEXT}second`);
    expect(tok.isSpecial(tok.eotId)).toBe(true);
    expect(tok.tokenText(tok.eotId)).toBe(END_OF_TEXT);
    expect(tok.eotId).toBe(tok.vocabSize - 1);
  });

  test('concatenating the tokens\' bytes gives the text\'s UTF-8', () => {
    const tok = get();
    const s = 'Ünïcödé 👋 text,\n  with spaces';
    const bytes = tok.encode(s).flatMap((id) => Array.from(tok.tokenBytes(id)));
    expect(bytes).toEqual(Array.from(new TextEncoder().encode(s)));
  });

  test('rejects ids outside the vocabulary with a clear error', () => {
    const tok = get();
    expect(() => tok.decode([tok.vocabSize])).toThrow(/outside this vocabulary/);
    expect(() => tok.decode([-1])).toThrow(/outside this vocabulary/);
    expect(() => tok.decode([1.5])).toThrow(/outside this vocabulary/);
  });
});

describe('our BPE', () => {
  test('uses learned merges: frequent words become single tokens', () => {
    const ids = ours.encode(' the election');
    expect(ids.map((id) => ours.tokenText(id))).toEqual([' the', ' election']);
  });

  test('gives ids 0..255 to the bytes in the same order as GPT-2', async () => {
    for (let id = 0; id < 256; id++) expect(ours.tokenBytes(id)).toEqual(gpt2.tokenBytes(id));
  });

  test('encodes a string the same way in every context (per-chunk cache is invisible)', () => {
    const first = ours.encode('the jury said the jury');
    ours.encode(SMALL_TEXT);
    expect(ours.encode('the jury said the jury')).toEqual(first);
  });
});
