// Pre-tokenization: cut text into word-ish chunks before BPE sees it, so merges never cross a chunk
// boundary (" dog" and "." stay apart; no token ever spans "dog. The"). Knows nothing about bytes or merges.

/**
 * GPT-2's pattern (encoder.py in openai/gpt-2), written for JavaScript's `u` flag:
 * common English contractions, an optional space plus a run of letters, of digits, or of other symbols,
 * then whitespace. `\s+(?!\S)` leaves the last space of a run for the next word, so "a  b" becomes
 * "a", " ", " b": the space that starts a word stays glued to it.
 * Every character matches some branch, so the chunks always join back to the input (lone surrogates
 * included: with the `u` flag they are code points outside \s, \p{L} and \p{N}).
 */
export const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** "Hello world's" -> ["Hello", " world", "'s"]. Joining the chunks gives back the text. */
export function pretokenize(text: string): string[] {
  return text.match(new RegExp(GPT2_PATTERN)) ?? [];
}

/** Each distinct chunk with how often it occurs, in first-seen order (what BPE training counts). */
export function countChunks(texts: Iterable<string>, counts = new Map<string, number>()): Map<string, number> {
  for (const text of texts) {
    const pattern = new RegExp(GPT2_PATTERN);
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
  }
  return counts;
}
