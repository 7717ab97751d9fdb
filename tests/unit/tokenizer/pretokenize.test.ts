import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { countChunks, pretokenize } from '../../../src/llm/tokenizer/pretokenize.ts';
import { anyString } from './helpers.ts';

describe('pretokenize', () => {
  test('splits like GPT-2: contractions, letters with their leading space, numbers, punctuation', () => {
    expect(pretokenize("Hello world's 42 cats!!")).toEqual(['Hello', ' world', "'s", ' 42', ' cats', '!!']);
    expect(pretokenize("they'll I'M")).toEqual(['they', "'ll", ' I', "'", 'M']);
    expect(pretokenize('abc123def')).toEqual(['abc', '123', 'def']);
  });

  test('leaves the last space of a run for the next word', () => {
    expect(pretokenize('a   b')).toEqual(['a', '  ', ' b']);
    expect(pretokenize('end.  \n')).toEqual(['end', '.', '  \n']);
  });

  test('chunks always join back to the input', () => {
    fc.assert(fc.property(anyString, (s) => pretokenize(s).join('') === s), { numRuns: 500 });
  });

  test('counts chunks across texts', () => {
    expect([...countChunks(['the cat', ' the dog the'])]).toEqual([
      ['the', 1],
      [' cat', 1],
      [' the', 2],
      [' dog', 1],
    ]);
  });
});
