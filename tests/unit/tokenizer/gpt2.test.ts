// Known GPT-2 encodings. The expected ids come from outside our code: gpt-tokenizer's own test data
// (data/TestPlans.txt in the package, r50k_base entries) and its GptEncoding.test.ts, which lists
// e.g. 'This is some text' -> [1212, 318, 617, 2420] for r50k_base.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as reference from 'gpt-tokenizer/encoding/r50k_base';
import { GPT2_EOT_ID, GPT2_VOCAB_SIZE, loadGpt2Tokenizer } from '../../../src/llm/tokenizer/gpt2-tokenizer.ts';
import type { BpeTokenizer } from '../../../src/llm/tokenizer/tokenizer.ts';

let gpt2: BpeTokenizer;
beforeAll(async () => {
  gpt2 = await loadGpt2Tokenizer();
});

function testPlans(): [string, number[]][] {
  const pkg = dirname(createRequire(import.meta.url).resolve('gpt-tokenizer/package.json'));
  const text = readFileSync(join(pkg, 'data', 'TestPlans.txt'), 'utf8');
  const plans: [string, number[]][] = [];
  for (const m of text.matchAll(/EncodingName: r50k_base\nSample: ([\s\S]*?)\nEncoded: (\[[^\]]*\])/g)) {
    plans.push([m[1], JSON.parse(m[2])]);
  }
  return plans;
}

describe('GPT-2 tokenizer (r50k_base)', () => {
  test('has 50,257 ids with <|endoftext|> last, and 50,000 merges', () => {
    expect(gpt2.vocabSize).toBe(GPT2_VOCAB_SIZE);
    expect(gpt2.eotId).toBe(GPT2_EOT_ID);
    expect(gpt2.merges.length).toBe(50000);
    expect(reference.vocabularySize).toBe(GPT2_VOCAB_SIZE);
  });

  test.each([
    ['Hello world', [15496, 995]],
    [' ', [220]],
    ['\t', [197]],
    ['This is some text', [1212, 318, 617, 2420]],
    ['indivisible', [521, 452, 12843]],
    ['hello 👋 world 🌍', [31373, 50169, 233, 995, 12520, 234, 235]],
    ['toString constructor hasOwnProperty valueOf', [1462, 10100, 23772, 468, 23858, 21746, 1988, 5189]],
  ])('encodes %j as documented by gpt-tokenizer', (text, ids) => {
    expect(gpt2.encode(text)).toEqual(ids);
  });

  test("matches every r50k_base sample in gpt-tokenizer's TestPlans.txt", () => {
    const plans = testPlans();
    expect(plans.length).toBeGreaterThan(50);
    for (const [text, ids] of plans) expect(gpt2.encode(text), JSON.stringify(text)).toEqual(ids);
  });

  test("matches gpt-tokenizer's own encoder on arbitrary well-formed text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.lorem({ maxCount: 30 })), (s) => {
        expect(gpt2.encode(s)).toEqual(reference.encode(s, { disallowedSpecial: new Set() }));
      }),
      { numRuns: 300 },
    );
  });

  test('shows tokens with visible spaces and partial characters as bytes', () => {
    expect(gpt2.displayToken(995)).toBe('␣world');
    expect(gpt2.displayToken(198)).toBe('↵');
    expect(gpt2.displayToken(12520)).toBe('␣<0xF0><0x9F>'); // ' ' + the first two bytes of 🌍
    expect(gpt2.tokenText(995)).toBe(' world');
  });
});
