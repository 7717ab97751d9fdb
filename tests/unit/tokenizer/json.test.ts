import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as reference from 'gpt-tokenizer/encoding/r50k_base';
import { train } from '../../../src/llm/tokenizer/bpe-train.ts';
import { loadGpt2Tokenizer } from '../../../src/llm/tokenizer/gpt2-tokenizer.ts';
import { BpeTokenizer } from '../../../src/llm/tokenizer/tokenizer.ts';
import { NASTY, SMALL_TEXT, anyString } from './helpers.ts';

const ours = train(SMALL_TEXT, 420);
const json = () => JSON.parse(JSON.stringify(ours)); // a fresh, mutable copy of the file's content

describe('tokenizer.json', () => {
  test("is written in Hugging Face's format (BPE model, ByteLevel pre-tokenizer and decoder)", () => {
    const file = json();
    expect(file.model.type).toBe('BPE');
    expect(file.pre_tokenizer).toMatchObject({ type: 'ByteLevel', add_prefix_space: false, use_regex: true });
    expect(file.decoder.type).toBe('ByteLevel');
    expect(file.added_tokens).toEqual([expect.objectContaining({ id: 419, content: '<|endoftext|>', special: true })]);
    expect(Object.keys(file.model.vocab)).toHaveLength(420);
    expect(file.model.vocab['Ġ']).toBe(220);
    expect(file.model.merges[0]).toMatch(/^\S+ \S+$/);
  });

  test('read back gives identical encodings', () => {
    const back = BpeTokenizer.fromJSON(JSON.stringify(ours));
    expect(back.vocabSize).toBe(ours.vocabSize);
    expect(back.eotId).toBe(ours.eotId);
    for (const [, s] of NASTY) expect(back.encode(s)).toEqual(ours.encode(s));
    fc.assert(fc.property(anyString, (s) => JSON.stringify(back.encode(s)) === JSON.stringify(ours.encode(s))), { numRuns: 200 });
    expect(JSON.stringify(back)).toBe(JSON.stringify(ours));
  });

  test('accepts merges as ["a", "b"] pairs (newer tokenizers files)', () => {
    const file = json();
    file.model.merges = file.model.merges.map((m: string) => m.split(' '));
    expect(BpeTokenizer.fromJSON(file).encode(SMALL_TEXT)).toEqual(ours.encode(SMALL_TEXT));
  });

  test('GPT-2 written as tokenizer.json and read back still encodes like gpt-tokenizer', async () => {
    const gpt2 = await loadGpt2Tokenizer();
    const file = JSON.parse(JSON.stringify(gpt2));
    expect(file.model.merges[0]).toBe('Ġ t'); // the first line of GPT-2's merges.txt
    expect(file.model.vocab['<|endoftext|>']).toBe(50256);
    const back = BpeTokenizer.fromJSON(file);
    const text = "GPT-2's tokenizer.json, read back: 'Hello world' — ünïcödé 👋";
    expect(back.encode(text)).toEqual(reference.encode(text));
  });

  describe('a malformed file gives a clear error', () => {
    const cases: [string, (file: any) => unknown, RegExp][] = [
      ['not JSON at all', () => '{"model": ', /not valid JSON/],
      ['a JSON array', () => [], /JSON object at the top level/],
      ['no model', (f) => ({ ...f, model: undefined }), /"model" is missing/],
      ['a WordPiece model', (f) => ({ ...f, model: { ...f.model, type: 'WordPiece' } }), /model.type must be "BPE"; got "WordPiece"/],
      ['a Whitespace pre-tokenizer', (f) => ({ ...f, pre_tokenizer: { type: 'Whitespace' } }), /only a ByteLevel "pre_tokenizer".*"Whitespace"/],
      ['no pre-tokenizer', (f) => ({ ...f, pre_tokenizer: null }), /must be a ByteLevel pre_tokenizer/],
      ['add_prefix_space', (f) => ({ ...f, pre_tokenizer: { ...f.pre_tokenizer, add_prefix_space: true } }), /add_prefix_space/],
      ['a normalizer', (f) => ({ ...f, normalizer: { type: 'NFC' } }), /normalizer is not supported/],
      ['merges missing', (f) => ({ ...f, model: { ...f.model, merges: undefined } }), /model.merges must be an array/],
      ['a merge of unknown tokens', (f) => ({ ...f, model: { ...f.model, merges: [...f.model.merges, 'zz qq'] } }), /merges\[163\].*"zz" is not in model.vocab/],
      ['a merge with three parts', (f) => ({ ...f, model: { ...f.model, merges: ['a b c'] } }), /merges\[0\] must be "left right"/],
      ['a gap in the ids', (f) => { const vocab = { ...f.model.vocab }; delete vocab['a']; return { ...f, model: { ...f.model, vocab } }; }, /id 64 is missing/],
      ['a non-integer id', (f) => ({ ...f, model: { ...f.model, vocab: { ...f.model.vocab, a: 'x' } } }), /must be a non-negative integer; got "x"/],
      ['a token that is not byte-level', (f) => ({ ...f, model: { ...f.model, vocab: { ...f.model.vocab, 'hello world': 420 } } }), /not one of GPT-2's 256 byte symbols/],
      ['no <|endoftext|>', (f) => { const vocab = { ...f.model.vocab }; delete vocab['<|endoftext|>']; return { ...f, added_tokens: [], model: { ...f.model, vocab } }; }, /no <\|endoftext\|> token/],
      ['a missing one-byte token', (f) => {
        const vocab: Record<string, number> = {};
        for (const [k, v] of Object.entries(f.model.vocab as Record<string, number>)) if (k !== 'Ā') vocab[k] = v < 188 ? v : v - 1;
        const merges = f.model.merges.filter((m: string) => !m.includes('Ā'));
        return { ...f, added_tokens: [{ id: 418, content: '<|endoftext|>' }], model: { ...f.model, vocab, merges } };
      }, /lacks the one-byte token "Ā"/],
    ];
    test.each(cases)('%s', (_, corrupt, message) => {
      expect(() => BpeTokenizer.fromJSON(corrupt(json()))).toThrow(message);
      expect(() => BpeTokenizer.fromJSON(corrupt(json()))).toThrow(/^Invalid tokenizer.json: /);
    });
  });
});
