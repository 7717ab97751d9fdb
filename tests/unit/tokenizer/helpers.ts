// Shared inputs for the tokenizer tests: a small fixed training text, arbitrary-string generators that
// include lone surrogates, and a table of nasty strings.

import fc from 'fast-check';

export const SMALL_TEXT = [
  'The jury further said in term-end presentments that the City Executive Committee, which had over-all',
  'charge of the election, deserves the praise and thanks of the City of Atlanta for the manner in which',
  "the election was conducted. It's the jury's view that they'll find the 1,234 ballots weren't lost.",
  'Café naïve résumé — 東京 and Ελληνικά, with emoji 👋🏽 and tabs\tand\r\nnewlines.\n\n   Indented.',
].join('\n');

/** Any UTF-16 code unit, so lone surrogates, NUL and controls show up often. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Any code point (U+0000..U+10FFFF, pairs for astral ones), grapheme pieces, and tricky fragments. */
const mixedUnit = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 1 }),
  codeUnit,
  fc.constantFrom(' ', '  ', '\n', '\t', "'s", "'ll", '<|endoftext|>', '\uD83D', '\uDE00', '😀', 'e\u0301', '\u0000', 'ab', ' the'),
);

/** Arbitrary JavaScript strings: full Unicode, raw code units (lone surrogates) and a mix of both. */
export const anyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: codeUnit }),
  fc.string({ unit: mixedUnit, maxLength: 60 }),
  fc.string({ unit: 'grapheme' }),
);

/** Hand-picked strings that have broken tokenizers before. */
export const NASTY: [string, string][] = [
  ['empty', ''],
  ['one space', ' '],
  ['spaces only', '     '],
  ['newlines and spaces', '\n\n  \n \t\r\n'],
  ['NUL', '\u0000'],
  ['NUL inside', 'a\u0000b\u0000\u0000'],
  ['C0 and DEL controls', '\u0001\u0002\u001b[31m\u007f'],
  ['C1 controls', '\u0080\u0085\u009f'],
  ['lone high surrogate', '\uD800'],
  ['lone low surrogate', '\uDFFF'],
  ['reversed pair', '\uDE00\uD83D'],
  ['lone surrogate between letters', 'ab\uD83Dcd'],
  ['high surrogate then pair', '\uD83D\uD83D\uDE00'],
  ['surrogate at end after space', 'word \uDBFF'],
  ['emoji', 'hello 👋 world 🌍'],
  ['emoji with skin tone and ZWJ', '👩🏽‍💻👨‍👩‍👧‍👦'],
  ['flags', '🇪🇸🇰🇷'],
  ['CJK', '我非常渴望与人工智能一起工作'],
  ['Japanese with full-width punctuation', 'こんにちは、世界！'],
  ['Tamil (tokens that split characters)', 'நடிகர் சூர்யா'],
  ['combining marks', 'e\u0301 a\u0300\u0316 Z\u0351\u036b\u0343\u036a'],
  ['zero-width characters', 'a\u200bb\u200dc\ufeff'],
  ['BOM and replacement char', '\ufeff\ufffd'],
  ['RTL', 'שלום עולם مرحبا'],
  ['astral plane letters', '𝕳𝖊𝖑𝖑𝖔 𐍈'],
  ['max code point', '\u{10FFFF}'],
  ['end-of-text literal', 'a<|endoftext|>b'],
  ['contractions', "I'm you're he'll we'd they've it's don't"],
  ['uppercase contraction (not special-cased in GPT-2)', "I'M DON'T"],
  ['numbers', '3.14159 1,000,000 2026-11-22'],
  ['long run of one letter', 'a'.repeat(300)],
  ['long whitespace run', ' '.repeat(200) + 'x'],
  ['Ġ and Ċ as real characters', 'ĠĊ Ġhello'],
];
