import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import bpeRanks from 'gpt-tokenizer/bpeRanks/r50k_base';
import { BYTE_ORDER, BYTE_SYMBOL, bytesToSymbols, incompleteTail, symbolsToBytes, wtf8Decode, wtf8DecodePieces, wtf8Encode } from '../../../src/llm/tokenizer/bytes.ts';
import { anyString } from './helpers.ts';

describe('bytes_to_unicode', () => {
  test('maps space to Ġ, newline to Ċ and printable ASCII to itself', () => {
    expect(BYTE_SYMBOL[0x20]).toBe('Ġ');
    expect(BYTE_SYMBOL[0x0a]).toBe('Ċ');
    expect(BYTE_SYMBOL[0x00]).toBe('Ā');
    expect(BYTE_SYMBOL[0x41]).toBe('A');
    expect(BYTE_SYMBOL[0xad]).toBe('Ń'); // the soft hyphen is the last shifted byte
    expect(new Set(BYTE_SYMBOL).size).toBe(256);
  });

  test("orders bytes like GPT-2's first 256 token ids (gpt-tokenizer's r50k_base ranks)", () => {
    for (let id = 0; id < 256; id++) {
      const entry = bpeRanks[id];
      const bytes = typeof entry === 'string' ? Array.from(new TextEncoder().encode(entry)) : entry;
      expect(bytes, `id ${id}`).toEqual([BYTE_ORDER[id]]);
    }
  });

  test('symbols and bytes convert both ways, and unknown symbols are rejected', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(symbolsToBytes(bytesToSymbols(bytes))).toEqual(bytes);
    expect(() => symbolsToBytes('Ġhi ')).toThrow(/not one of GPT-2's 256 byte symbols/);
  });
});

describe('WTF-8', () => {
  test('is exactly UTF-8 for strings without lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(wtf8Encode(s)).toEqual(new TextEncoder().encode(s));
      }),
    );
  });

  test('round-trips every JavaScript string, lone surrogates included', () => {
    fc.assert(fc.property(anyString, (s) => wtf8Decode(wtf8Encode(s)) === s), { numRuns: 500 });
  });

  test('writes a lone surrogate as its 3-byte form', () => {
    expect(Array.from(wtf8Encode('\uD800'))).toEqual([0xed, 0xa0, 0x80]);
    expect(Array.from(wtf8Encode('\uDFFF'))).toEqual([0xed, 0xbf, 0xbf]);
    expect(Array.from(wtf8Encode('\uD83D\uDE00'))).toEqual([0xf0, 0x9f, 0x98, 0x80]); // a pair stays 4 bytes
  });

  test('decodes arbitrary bytes like TextDecoder when no surrogate bytes are involved', () => {
    const decoder = new TextDecoder('utf-8');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (raw) => {
        const bytes = raw.map((b) => (b === 0xed ? 0xee : b)); // 0xED is where WTF-8 differs on purpose
        expect(wtf8Decode(bytes)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  test('reports bytes that are only part of a character as invalid pieces', () => {
    expect(wtf8DecodePieces([0x61, 0xe2, 0x82, 0x62])).toEqual([{ text: 'a' }, { invalid: [0xe2, 0x82] }, { text: 'b' }]);
    expect(wtf8DecodePieces([0xff])).toEqual([{ invalid: [0xff] }]);
  });

  test('finds the unfinished character at the end of a byte stream', () => {
    expect(incompleteTail([0x61, 0xf0, 0x9f])).toBe(2); // the start of an emoji
    expect(incompleteTail([0x61, 0xf0, 0x9f, 0x98])).toBe(3);
    expect(incompleteTail([0xf0, 0x9f, 0x98, 0x80])).toBe(0); // finished
    expect(incompleteTail([0xe2])).toBe(1);
    expect(incompleteTail([0xe0, 0x80])).toBe(0); // can never finish (overlong)
    expect(incompleteTail([0xed, 0xa0])).toBe(2); // WTF-8: a lone surrogate on its way
    expect(incompleteTail([0x80, 0x80])).toBe(0);
    expect(incompleteTail([])).toBe(0);
  });
});
