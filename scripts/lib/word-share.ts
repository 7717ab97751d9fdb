// What "the model predicts words" means, measured: the share of a model's top-5 next tokens that are whole
// words or punctuation, after prompts that end at a word boundary; and how repetitive its continuations are.
// Pure functions (no TF.js); scripts/quality.ts runs them against a model folder.

/** A token that is punctuation, a line break or a quote mark, with or without a leading space. */
const PUNCTUATION = /^\s?[.,;:!?'"“”‘’()[\]\-—–…]+$|^\s*\n\s*$/;
/** A token that could be a whole word: a leading space, then letters (an apostrophe inside is fine). */
const WORD_SHAPE = /^ ([A-Za-z]+(?:'[A-Za-z]+)?)$/;
/** Single letters that are words on their own; " p" or " b" is the start of a word, not a word. */
const ONE_LETTER_WORDS = new Set(['a', 'i']);

/** Every word of a text with how often it occurs, as written: letters and inner apostrophes, not touching a digit,
 * and not part of a hyphenated compound ("20th" holds no word "th", "re-enter" no word "re"). */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/(?<![A-Za-z0-9'-])[A-Za-z]+(?:'[A-Za-z]+)?(?!-?[A-Za-z0-9])/g)) {
    const word = match[0];
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/**
 * Whether a token's text is a whole word (a leading space and a word that occurs, spelled the same way, at least
 * `minCount` times in the training text; of single letters only "a" and "I") or punctuation.
 */
export function isWordOrPunctuation(tokenText: string, words: ReadonlyMap<string, number>, minCount = 3): boolean {
  if (PUNCTUATION.test(tokenText)) return true;
  const word = WORD_SHAPE.exec(tokenText)?.[1];
  if (word === undefined) return false;
  if (word.length === 1) return ONE_LETTER_WORDS.has(word.toLowerCase());
  return (words.get(word) ?? 0) >= minCount;
}

/** The ids of the k largest scores, largest first (ties: the lower id first). */
export function topIds(scores: ArrayLike<number>, k: number): number[] {
  const ids = Array.from({ length: scores.length }, (_, i) => i);
  return ids.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
}

/** The words of a text, lower-cased, in order (letters with inner apostrophes; numbers and punctuation skipped). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
}

/**
 * The share of a sequence's n-grams that already occurred earlier in it (0: no repeats; near 1: a loop).
 * Token ids or words: repeats of words compare across tokenizers, repeats of ids do not (four word tokens
 * span more text than four fragments).
 */
export function repeatedNgramShare(ids: readonly (number | string)[], n = 4): number {
  const seen = new Set<string>();
  let total = 0;
  let repeated = 0;
  for (let i = 0; i + n <= ids.length; i++) {
    const key = ids.slice(i, i + n).join('\u0000');
    total++;
    if (seen.has(key)) repeated++;
    else seen.add(key);
  }
  return total === 0 ? 0 : repeated / total;
}
