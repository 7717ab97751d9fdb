// Built-in texts for "Watch BPE learn": each shows something different about how merges are chosen.

export interface Sample {
  name: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = [
  { name: 'The toy text worked by hand above', text: 'the cat sat on the mat the cat ate that hat' },
  {
    name: 'A paragraph of English',
    text:
      'A tokenizer cuts text into pieces from a fixed list. The list is learned from a training text: ' +
      'start from single bytes, count which two neighbouring pieces occur together most often, glue that ' +
      'pair into a new piece, and repeat. Frequent words end up as single pieces; rare words are built ' +
      'from several. The same text is then cut the same way every time.',
  },
  { name: 'Words that share endings', text: 'low low low low low lower lower newest newest newest newest newest newest widest widest widest' },
  {
    name: 'A little Python',
    text: 'def add(a, b):\n    return a + b\n\n\ndef add_all(items):\n    total = 0\n    for item in items:\n        total = add(total, item)\n    return total\n',
  },
  { name: 'Japanese (three bytes a character)', text: '東京は日本の首都です。東京には多くの人が住んでいます。日本の人は東京が好きです。' },
];
