// The tokenizer lab's pure logic: text -> the numbers and chips one list shows ("N tokens", characters
// per token, chips with ids). Shared by the lab's worker and the build-time first render; no DOM.
import { wtf8DecodePieces } from '../../llm/tokenizer/bytes.ts';
import type { Tokenizer } from '../../llm/tokenizer/tokenizer.ts';

/** Chips drawn per list; the counts always cover the whole text. */
export const CHIP_LIMIT = 400;
/** Characters tokenized at most (a 100 KB paste is fine; a 10 MB one is cut, with a note). */
export const TEXT_LIMIT = 200_000;

export interface Chip {
  id: number;
  display: string; // visible form: '␣the', '<0xE2><0x82>' for bytes that are only part of a character
  partial: boolean; // holds at least one byte that is not a whole character on its own
}

export interface TokenList {
  count: number; // tokens in the whole text
  chars: number; // characters (Unicode code points) in the whole text
  chips: Chip[]; // the first CHIP_LIMIT tokens
}

/** One token as a chip. */
function chipFor(tokenizer: Tokenizer, id: number): Chip {
  const partial = wtf8DecodePieces(tokenizer.tokenBytes(id)).some((piece) => 'invalid' in piece);
  return { id, display: tokenizer.displayToken(id), partial };
}

/** Characters as a reader counts them: code points, so an emoji is one (a lone surrogate is one too). */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The text the lab tokenizes: all of it up to TEXT_LIMIT UTF-16 units, never splitting a surrogate pair. */
export function clipText(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const high = text.charCodeAt(limit - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit);
}

/** Tokenizes `text` and keeps what the view needs: the full counts and the first `chipLimit` chips. */
export function tokenList(tokenizer: Tokenizer, text: string, chipLimit = CHIP_LIMIT): TokenList {
  const ids = tokenizer.encode(text);
  const chips = ids.slice(0, chipLimit).map((id) => chipFor(tokenizer, id));
  return { count: ids.length, chars: countChars(text), chips };
}

/** "1 token", "12 tokens", "1,234 tokens". */
export function tokenCountText(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'token' : 'tokens'}`;
}

/** Characters per token with one decimal ("4.2"), or "–" for an empty text. */
export function charsPerToken(chars: number, count: number): string {
  return count === 0 ? '–' : (chars / count).toFixed(1);
}

/** The line under each list: "12 tokens · 4.2 characters per token". */
export function summaryText(list: TokenList): string {
  return `${tokenCountText(list.count)} · ${charsPerToken(list.chars, list.count)} characters per token`;
}

/**
 * Roving tabindex: the chip index a key moves focus to, or null for keys the list does not handle.
 * Arrows move by one (Up/Down too, since chips wrap into lines), Home/End jump to the ends.
 */
export function rovingIndex(key: string, index: number, length: number): number | null {
  if (length === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(index + 1, length - 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}

/** A short fingerprint of a text (FNV-1a over UTF-16 units): tells tests which text a result is for. */
export function textKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}-${(h >>> 0).toString(16)}`;
}
