// How a token looks in the views: invisible characters made visible, and pieces of characters (a token
// that holds only some bytes of a UTF-8 character) shown as hex bytes. Pure string functions, no DOM.

import { hex2, hex4, symbolsToBytes, wtf8DecodePieces } from './bytes.ts';

/** Whitespace and control characters as visible stand-ins. */
const VISIBLE: Record<string, string> = {
  ' ': '␣',
  '\n': '↵',
  '\t': '⇥',
  '\r': '␍',
  '\u00A0': '⍽', // no-break space
};

function visibleChar(ch: string): string {
  const mapped = VISIBLE[ch];
  if (mapped !== undefined) return mapped;
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x20) return String.fromCharCode(0x2400 + c); // C0 controls: ␀ ␁ ... ␟
  if (c === 0x7f) return '␡';
  if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return `<U+${hex4(c)}>`; // a lone surrogate
  if (/^[\p{Cc}\p{Cf}\p{Z}]$/u.test(ch)) return `<U+${hex4(ch.codePointAt(0)!)}>`; // other invisibles
  return ch;
}

/** Makes whitespace and control characters in ordinary text visible: " hi\n" -> "␣hi↵". */
export function visibleText(text: string): string {
  let out = '';
  for (const ch of text) out += visibleChar(ch); // for..of walks code points; lone surrogates stay alone
  return out;
}

/**
 * A token's bytes for display: whole characters as visible text, bytes that are only part of a character
 * as <0xE2>. Example: the first token of "€" in GPT-2 holds 0xE2 0x82 -> "<0xE2><0x82>".
 */
export function displayBytes(bytes: ArrayLike<number>): string {
  let out = '';
  for (const piece of wtf8DecodePieces(bytes)) {
    out += 'text' in piece ? visibleText(piece.text) : piece.invalid.map((b) => `<0x${hex2(b)}>`).join('');
  }
  return out;
}

/** The same for a token written in GPT-2's byte symbols ("Ġhello" -> "␣hello"), e.g. during training. */
export function displaySymbols(symbols: string): string {
  return displayBytes(symbolsToBytes(symbols));
}
