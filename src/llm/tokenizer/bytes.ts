// Bytes under the tokenizer: JavaScript strings <-> bytes (UTF-8, extended to WTF-8 so lone surrogates
// survive), and GPT-2's byte <-> printable-symbol table. Knows nothing about merges or vocabularies.
//
// Lone surrogates: a JavaScript string may hold a UTF-16 surrogate that has no partner ("\uD800").
// Strict UTF-8 cannot express it, so we use WTF-8 (https://simonsapin.github.io/wtf-8/): a lone
// surrogate U+D800..U+DFFF is written as the 3-byte sequence it would have if it were a code point
// (ED A0..BF 80..BF). A proper pair is still written as one 4-byte sequence, so for every string without
// lone surrogates the bytes are exactly UTF-8. Decoding reads those 3-byte sequences back as the same
// code unit, so decode(encode(s)) === s for every JavaScript string.

/**
 * GPT-2's bytes_to_unicode: every byte 0..255 gets one printable character, so a byte sequence can be
 * stored as a readable string in vocab.json / tokenizer.json. Printable Latin-1 bytes map to themselves;
 * the other 68 (controls, space, 0x7F..0xA0, 0xAD) map to U+0100 onward, in byte order. Space becomes 'Ġ'
 * (U+0120) and newline 'Ċ' (U+010A), which is why GPT-2 vocabularies are full of them.
 *
 * The returned array is in GPT-2's *id order*: printable bytes first, then the shifted ones. Index i is
 * the byte of token id i in GPT-2 (and in our tokenizers): BYTE_ORDER[0] = 0x21 '!', BYTE_ORDER[188] = 0x00.
 */
export const BYTE_ORDER: readonly number[] = (() => {
  const printable: number[] = [];
  const push = (from: number, to: number) => {
    for (let b = from; b <= to; b++) printable.push(b);
  };
  push(0x21, 0x7e); // '!' .. '~'
  push(0xa1, 0xac); // '¡' .. '¬'
  push(0xae, 0xff); // '®' .. 'ÿ'
  const rest: number[] = [];
  for (let b = 0; b < 256; b++) if (!printable.includes(b)) rest.push(b);
  return [...printable, ...rest];
})();

/** BYTE_SYMBOL[b]: the printable character GPT-2 uses for byte b. */
export const BYTE_SYMBOL: readonly string[] = (() => {
  const symbol: string[] = new Array(256);
  let shifted = 0;
  for (const b of BYTE_ORDER) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    symbol[b] = String.fromCharCode(printable ? b : 256 + shifted++);
  }
  return symbol;
})();

/** The inverse of BYTE_SYMBOL: symbol character code -> byte, or undefined. */
const SYMBOL_BYTE = new Map<string, number>(BYTE_SYMBOL.map((s, b) => [s, b]));

/** Bytes as GPT-2 symbols: [0x20, 0x68, 0x69] -> "Ġhi". */
export function bytesToSymbols(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_SYMBOL[bytes[i]];
  return out;
}

/** GPT-2 symbols back to bytes; throws on a character that is not one of the 256 symbols. */
export function symbolsToBytes(symbols: string): Uint8Array {
  const bytes = new Uint8Array(symbols.length);
  for (let i = 0; i < symbols.length; i++) {
    const b = SYMBOL_BYTE.get(symbols[i]);
    if (b === undefined) {
      throw new Error(
        `"${symbols}" is not a byte-level token: character ${i} (U+${hex4(symbols.charCodeAt(i))}) ` +
          'is not one of GPT-2\'s 256 byte symbols.',
      );
    }
    bytes[i] = b;
  }
  return bytes;
}

/** String -> WTF-8 bytes (UTF-8, plus lone surrogates as 3-byte sequences). Never throws. */
export function wtf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3); // UTF-16 unit -> at most 3 bytes (a pair: 2 units -> 4)
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
        continue;
      }
    }
    // BMP character, or a lone surrogate written as if it were a code point (the WTF-8 rule)
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return out.subarray(0, n);
}

/** One piece of decoded bytes: text, or bytes that do not form a character (shown as <0xE2> by views). */
export type DecodedPiece = { text: string } | { invalid: number[] };

/**
 * WTF-8 bytes -> pieces of text and runs of invalid bytes. This is the WHATWG UTF-8 decoder (the one
 * behind TextDecoder, so invalid input is cut into the same "maximal subparts"), with one change:
 * ED A0..BF xx is accepted and yields a lone surrogate code unit.
 */
export function wtf8DecodePieces(bytes: ArrayLike<number>): DecodedPiece[] {
  const pieces: DecodedPiece[] = [];
  let units: number[] = [];
  const flushText = () => {
    if (units.length === 0) return;
    pieces.push({ text: unitsToString(units) });
    units = [];
  };
  const invalid = (run: number[]) => {
    flushText();
    pieces.push({ invalid: run });
  };
  let needed = 0; // continuation bytes still expected
  let lower = 0x80;
  let upper = 0xbf;
  let cp = 0;
  let start = 0; // where the current sequence began
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      start = i;
      if (b < 0x80) units.push(b);
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0; // no overlong 3-byte forms (WTF-8: ED keeps its full range)
        needed = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f; // nothing above U+10FFFF
        needed = 3;
        cp = b & 0x07;
      } else invalid([b]);
      continue;
    }
    if (b < lower || b > upper) {
      invalid(Array.from(slice(bytes, start, i)));
      needed = 0;
      lower = 0x80;
      upper = 0xbf;
      i--; // this byte may start a new character: read it again
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (i - start === needed) {
      needed = 0;
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else units.push(cp);
    }
  }
  if (needed !== 0) invalid(Array.from(slice(bytes, start, bytes.length)));
  flushText();
  return pieces;
}

/** WTF-8 bytes -> string; invalid bytes become U+FFFD, one per maximal subpart (as TextDecoder does). */
export function wtf8Decode(bytes: ArrayLike<number>): string {
  let out = '';
  for (const piece of wtf8DecodePieces(bytes)) out += 'text' in piece ? piece.text : '\uFFFD';
  return out;
}

/**
 * How many bytes at the end start a character that is not finished yet (0..3): the bytes a streaming
 * decoder should hold back until the next token brings the rest. [0x61, 0xF0, 0x9F] -> 2.
 */
export function incompleteTail(bytes: ArrayLike<number>): number {
  const n = bytes.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const lead = bytes[n - k];
    if (lead >= 0x80 && lead <= 0xbf) continue; // a continuation byte: the lead is further back
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length <= k) return 0; // complete, or not a lead byte at all
    if (k >= 2) {
      const second = bytes[n - k + 1];
      const lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const upper = lead === 0xf4 ? 0x8f : 0xbf;
      if (second < lower || second > upper) return 0;
    }
    return k;
  }
  return 0;
}

function unitsToString(units: number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

function slice(bytes: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  return Array.prototype.slice.call(bytes, from, to) as number[];
}

export function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

export function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}
