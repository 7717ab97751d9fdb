import { describe, expect, test } from 'vitest';
import { isWordOrPunctuation, repeatedNgramShare, topIds, wordCounts, wordsOf } from '../../../scripts/lib/word-share.ts';

describe('whole words', () => {
  const words = wordCounts('The jury said the jury was fair. The jury left on the 20th; re-enter, re-enter, re-enter. I saw a cat, a cat, a cat.');

  test('counts words as written, not inside numbers or hyphenated compounds', () => {
    expect(words.get('jury')).toBe(3);
    expect(words.get('The')).toBe(2);
    expect(words.get('th')).toBeUndefined();
    expect(words.get('re')).toBeUndefined();
    expect(words.get('enter')).toBeUndefined();
  });

  test('a word needs a leading space and enough occurrences; single letters only a and I; punctuation counts', () => {
    expect(isWordOrPunctuation(' jury', words)).toBe(true);
    expect(isWordOrPunctuation('jury', words)).toBe(false); // the middle of a word
    expect(isWordOrPunctuation(' cat', words)).toBe(true);
    expect(isWordOrPunctuation(' cat', words, 4)).toBe(false);
    expect(isWordOrPunctuation(' said', words)).toBe(false); // once only
    expect(isWordOrPunctuation(' a', words)).toBe(true);
    expect(isWordOrPunctuation(' I', words)).toBe(true);
    expect(isWordOrPunctuation(' p', new Map([['p', 99]]))).toBe(false);
    for (const p of ['.', ',', ' "', '\n', '\n\n', ' (', '?']) expect(isWordOrPunctuation(p, words)).toBe(true);
    expect(isWordOrPunctuation(' 20', words)).toBe(false);
  });

  test('topIds: the k largest, largest first, ties by id', () => {
    expect(topIds([0.1, 3, 2, 3, -1], 3)).toEqual([1, 3, 2]);
  });
});

describe('repetition', () => {
  test('share of 4-grams seen before in the same sequence', () => {
    expect(repeatedNgramShare([1, 2, 3, 4, 5, 6])).toBe(0);
    // 1 2 3 4 1 2 3 4: five 4-grams, the last one (1 2 3 4) repeats the first
    expect(repeatedNgramShare([1, 2, 3, 4, 1, 2, 3, 4])).toBeCloseTo(1 / 5, 12);
    expect(repeatedNgramShare([7, 7, 7, 7, 7, 7])).toBeCloseTo(2 / 3, 12);
    expect(repeatedNgramShare([1, 2])).toBe(0);
  });

  test('words: lower-cased, punctuation and numbers skipped, so a loop of words counts whatever the tokens', () => {
    const words = wordsOf('The United States, the United States; "the United States\u2019" don\'t 1961.');
    expect(words).toEqual(['the', 'united', 'states', 'the', 'united', 'states', 'the', 'united', 'states', "don't"]);
    // 7 word 4-grams; the 4th, 5th and 6th repeat the 1st, 2nd and 3rd
    expect(repeatedNgramShare(words, 4)).toBeCloseTo(3 / 7, 12);
    expect(wordsOf('... 12, 34!')).toEqual([]);
    // n-grams are keyed with a separator no text holds: "a,b" + "c" is not "a" + "b,c"
    expect(repeatedNgramShare(['a,b', 'c', 'a', 'b,c'], 2)).toBe(0);
  });
});
