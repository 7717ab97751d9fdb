import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { train } from '../../../src/llm/tokenizer/bpe-train.ts';
import { loadGpt2Tokenizer } from '../../../src/llm/tokenizer/gpt2-tokenizer.ts';
import { wtf8Encode } from '../../../src/llm/tokenizer/bytes.ts';
import { pretokenize } from '../../../src/llm/tokenizer/pretokenize.ts';
import { BpeTokenizer, END_OF_TEXT, TokenTextStream } from '../../../src/llm/tokenizer/tokenizer.ts';
import { NASTY, SMALL_TEXT, anyString } from './helpers.ts';

const ours = train(SMALL_TEXT, 400);
let gpt2: BpeTokenizer;
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

  test('streams ids one at a time: the pieces join to decode(ids) and never split a character', () => {
    const tok = get();
    const idsArb = fc.array(fc.integer({ min: 0, max: tok.vocabSize - 1 }), { maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(anyString.map((s) => tok.encode(s)), idsArb), (ids) => {
        const stream = new TokenTextStream(tok);
        const pieces = ids.map((id) => stream.push(id));
        pieces.push(stream.flush());
        return pieces.join('') === tok.decode(ids);
      }),
      { numRuns: 300 },
    );
    const stream = new TokenTextStream(tok);
    const emoji = tok.encode('🌍!');
    const pieces = emoji.map((id) => stream.push(id));
    expect(pieces.filter((p) => p !== '')).toEqual(['🌍', '!']); // no U+FFFD halves on the way
  });

  test('rejects ids outside the vocabulary with a clear error', () => {
    const tok = get();
    expect(() => tok.decode([tok.vocabSize])).toThrow(/outside this vocabulary/);
    expect(() => tok.decode([-1])).toThrow(/outside this vocabulary/);
    expect(() => tok.decode([1.5])).toThrow(/outside this vocabulary/);
  });
});

/** GPT-2's encoder.py bpe(), written again from the merge list: the reference for long chunks. */
function referenceBpe(tok: BpeTokenizer): (chunk: string) => number[] {
  const rank = new Map(tok.merges.map(([l, r], k) => [`${l},${r}`, k]));
  const idOf = new Map(tok.symbols.map((s, id) => [s, id]));
  const byteId = new Map(Array.from({ length: 256 }, (_, id) => [tok.tokenBytes(id)[0], id]));
  return (chunk) => {
    let ids = Array.from(wtf8Encode(chunk), (b) => byteId.get(b)!);
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) best = Math.min(best, rank.get(`${ids[i]},${ids[i + 1]}`) ?? Infinity);
      if (best === Infinity) return ids;
      const [l, r] = tok.merges[best];
      const merged = idOf.get(tok.symbols[l] + tok.symbols[r])!;
      const out: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === l && ids[i + 1] === r) {
          out.push(merged);
          i++;
        } else out.push(ids[i]);
      }
      ids = out;
    }
  };
}

describe('long chunks (the O(n log n) path)', () => {
  test.each([
    ['our BPE', () => ours],
    ['GPT-2', () => gpt2],
  ])('%s: same ids as the plain GPT-2 loop', (_, get) => {
    const tok = get();
    const reference = referenceBpe(tok);
    const longChunk = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', 'e', 't', 'h'), minLength: 65, maxLength: 400 }),
      fc.string({ unit: fc.constantFrom(' ', '\n'), minLength: 65, maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('é', '東', '!', '?', '\uD800'), minLength: 30, maxLength: 200 }),
    );
    fc.assert(
      fc.property(longChunk, (s) => {
        for (const chunk of pretokenize(s)) expect(tok.encodeChunk(chunk)).toEqual(reference(chunk));
      }),
      { numRuns: 60 },
    );
  });
});

describe('our BPE', () => {
  test('encodes chunk by chunk for the views', () => {
    const chunks = ours.encodeChunks("The jury's view");
    expect(chunks.map((c) => c.text)).toEqual(['The', ' jury', "'s", ' view']);
    expect(chunks.flatMap((c) => c.ids)).toEqual(ours.encode("The jury's view"));
  });

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
