// The trainer's texts: the synthetic counting task, checks on the reader's pasted text, and the
// tokenized train / held-out split. Pure and browser-safe (runs in the trainer worker and in tests).
import { train as trainTokenizer } from '../../llm/tokenizer/bpe-train.ts';
import type { BpeTokenizer } from '../../llm/tokenizer/tokenizer.ts';

/** Largest pasted text, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 1_000_000;

/**
 * The synthetic task: lines of consecutive numbers from random starts ("417 418 419 420 ..."). A tiny
 * model soon learns to count on, so its samples go from gibberish to sequences within a minute.
 */
export function countingText(seed: number, lines = 3000): string {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // a small LCG is plenty for a data set
    return s / 4294967296;
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const start = Math.floor(rand() * 990);
    out.push(Array.from({ length: 8 }, (_, k) => start + k).join(' '));
  }
  return out.join('\n') + '\n';
}

/** Why a text cannot be trained on, in the reader's words, or null when it can. */
export function checkText(text: string, minChars: number): string | null {
  if (text.trim() === '') return 'The text is empty. Paste some text to train on (a few pages at least).';
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_TEXT_BYTES) {
    return `The text is ${bytes.toLocaleString('en-US')} bytes; the limit is ${MAX_TEXT_BYTES.toLocaleString('en-US')}. Paste a shorter part.`;
  }
  if (text.length < minChars) {
    return `The text has ${text.length.toLocaleString('en-US')} characters; this model needs at least ${minChars.toLocaleString('en-US')} (a few batches for training plus a held-out part).`;
  }
  if (junkShare(text) > 0.1) return 'This looks like binary data, not text: over a tenth of it is control characters or undecodable bytes.';
  return null;
}

/** Share of characters that are control characters (except tab, newline, return) or U+FFFD. */
function junkShare(text: string): number {
  let junk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) junk++;
  }
  return junk / text.length;
}

export interface Corpus {
  tokenizer: BpeTokenizer;
  train: Int32Array;
  heldOut: Int32Array;
}

/**
 * Learns a tokenizer of (at most) `vocabSize` ids on the text, then splits the ids: the first 90% train,
 * the last 10% held out. Throws with the reader's message when either part is too short for windows of T.
 */
export function prepareCorpus(text: string, vocabSize: number, T: number): Corpus {
  const problem = checkText(text, 0);
  if (problem) throw new Error(problem);
  const tokenizer = trainTokenizer(text, vocabSize);
  const ids = tokenizer.encode(text);
  const cut = Math.floor(ids.length * 0.9);
  const train = Int32Array.from(ids.slice(0, cut));
  const heldOut = Int32Array.from(ids.slice(cut));
  if (heldOut.length < T + 2 || train.length < 4 * (T + 1)) {
    throw new Error(`The text is too short for this model: it makes ${ids.length.toLocaleString('en-US')} tokens and needs at least ${(10 * (T + 2)).toLocaleString('en-US')}. Paste more text or pick a smaller model.`);
  }
  return { tokenizer, train, heldOut };
}
