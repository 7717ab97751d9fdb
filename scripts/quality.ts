// `node scripts/quality.ts --model public/models/book-small [--write]`: does the model predict words, and does it
// repeat itself? Two measures (scripts/lib/word-share.ts), printed as JSON; --write merges them into DIR/training.json
// under "quality", where the model card, chapter 7 and docs/benchmarks.md read them.
//   whole words: over everyday prompts that end at a word boundary, the share of the top-5 next tokens that are
//     whole words (a leading space and a word seen at least 3 times in the training documents) or punctuation.
//   repetition: the share of repeated 4-grams (of token ids) in 200-token continuations of the model card's
//     prompts, greedy and sampled (temperature 0.8, top-k 40, seed 1961), by the real generate loop; and, since
//     token 4-grams do not compare across vocabularies, the share of repeated word 4-grams in the first 100
//     words of continuations of all 34 prompts, greedy and sampled with five seeds, beside the same share in
//     100-word stretches of the held-out text (how much real English repeats itself).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readBrown, splitBrown } from './lib/brown.ts';
import { isWordOrPunctuation, repeatedNgramShare, topIds, wordCounts, wordsOf } from './lib/word-share.ts';
import { completeText } from '../src/llm/generate-text.ts';
import { initNodeBackend, loadModelFromDir } from '../src/llm/io/node-fs.ts';
import { nextToken } from '../src/llm/next-token.ts';
import type { Quality, TrainingRecord } from '../src/llm/training-record.ts';

/** Everyday prompts that end at a word boundary: the next token starts a new word (or is punctuation). */
export const WORD_PROMPTS = [
  'The jury said that the', 'She opened the door and', 'The cat sat on the', 'He said that he would',
  'It was the first time that', 'They walked down the', 'I do not know what', 'We went to the',
  'At the end of the', 'There was a long', 'The children played in the', 'He put the book on the',
  'After dinner, we', 'The old man looked at', 'In the morning, she', 'The city council voted to',
  'It is important to', 'My father was a', 'The water was', 'One of the most',
  'She wanted to', 'The company announced that', 'When the war was over,', 'He had never seen such a',
  'The students were asked to', 'The house was built in', 'On Sunday morning the', 'You can see the',
  'The doctor told him that', 'Most of the people in the',
];
export const REPETITION_PROMPTS = ['The jury said', 'It was a dark night, and', 'The President of the United States', 'She looked at him and'];
const TOP = 5;
const SAMPLE_TOKENS = 200;
const SAMPLED = { temperature: 0.8, topK: 40, seed: 1961 };
const WORD_SAMPLE = 100; // words per continuation for the word measure
const WORD_SEEDS = [1961, 1962, 1963, 1964, 1965];
// Enough tokens for 100 words with either vocabulary (a 2,048-token model writes about 3 characters a token).
// The first SAMPLE_TOKENS of these are the token measure's continuation: generation does not look ahead.
const LONG_TOKENS = 320;

const { values } = parseArgs({ options: { model: { type: 'string' }, write: { type: 'boolean', default: false } } });
if (!values.model) throw new Error('Usage: node scripts/quality.ts --model DIR [--write]');
await initNodeBackend('wasm');
const model = loadModelFromDir(values.model);
const tokenizer = model.tokenizer;
if (!tokenizer) throw new Error(`${values.model} has no tokenizer.json.`);
const split = splitBrown(readBrown());
const words = wordCounts(split.train.map((d) => d.text).join('\n'));

const perPrompt: Quality['wholeWords']['perPrompt'] = [];
for (const prompt of WORD_PROMPTS) {
  const { logits } = await nextToken(model, tokenizer.encode(prompt));
  const top = topIds(logits, TOP).map((id) => tokenizer.decode([id]));
  perPrompt.push({ prompt, top, words: top.filter((t) => isWordOrPunctuation(t, words)).length });
}
const wordShare = perPrompt.reduce((s, p) => s + p.words, 0) / (perPrompt.length * TOP);

const samples: Quality['repetition']['samples'] = [];
const wordSamples: Quality['repetition']['words']['samples'] = [];
// Four greedy continuations are too few to compare two models (the share ranges from 15 % to 93 % from one
// prompt to the next), so the word measure also continues every whole-word prompt; the token measure keeps
// the card's four.
for (const prompt of [...REPETITION_PROMPTS, ...WORD_PROMPTS]) {
  const runs: { mode: 'greedy' | 'sampled'; seed?: number }[] = [{ mode: 'greedy' }, ...WORD_SEEDS.map((seed) => ({ mode: 'sampled' as const, seed }))];
  for (const { mode, seed } of runs) {
    const settings = mode === 'greedy' ? { temperature: 0 } : { ...SAMPLED, seed };
    const { ids, text } = await completeText(model, prompt, { ...settings, maxNewTokens: LONG_TOKENS });
    if (REPETITION_PROMPTS.includes(prompt) && (seed === undefined || seed === SAMPLED.seed)) {
      samples.push({ prompt, mode, repeated4gramShare: repeatedNgramShare(ids.slice(0, SAMPLE_TOKENS), 4) });
    }
    const words = wordsOf(text).slice(0, WORD_SAMPLE);
    wordSamples.push({ prompt, mode, ...(seed === undefined ? {} : { seed }), words: words.length, repeated4gramShare: repeatedNgramShare(words, 4) });
  }
}
const mean = (of: readonly { mode: string; repeated4gramShare: number }[], mode: string) => {
  const picked = of.filter((s) => s.mode === mode);
  return picked.reduce((s, x) => s + x.repeated4gramShare, 0) / picked.length;
};

// Real English: the same share over consecutive 100-word stretches of the held-out documents.
const stretches = split.heldOut.flatMap((d) => {
  const all = wordsOf(d.text);
  return Array.from({ length: Math.floor(all.length / WORD_SAMPLE) }, (_, i) => all.slice(i * WORD_SAMPLE, (i + 1) * WORD_SAMPLE));
});
const textShare = stretches.reduce((s, w) => s + repeatedNgramShare(w, 4), 0) / stretches.length;

const quality: Quality = {
  wholeWords: {
    rule: `top-${TOP} next tokens after each prompt that are a leading space and a word seen at least 3 times in the training documents (of single letters only "a" and "I"), or punctuation`,
    share: wordShare,
    perPrompt,
  },
  repetition: {
    rule: `share of repeated 4-grams of token ids in ${SAMPLE_TOKENS}-token continuations; sampled: temperature ${SAMPLED.temperature}, top-k ${SAMPLED.topK}, seed ${SAMPLED.seed}`,
    tokens: SAMPLE_TOKENS,
    greedy: mean(samples, 'greedy'),
    sampled: mean(samples, 'sampled'),
    samples,
    words: {
      rule: `share of repeated word 4-grams (lower-cased, punctuation skipped) in the first ${WORD_SAMPLE} words of each continuation of ${REPETITION_PROMPTS.length + WORD_PROMPTS.length} prompts; greedy, and sampled with seeds ${WORD_SEEDS.join(', ')}`,
      words: WORD_SAMPLE,
      heldOutText: { stretches: stretches.length, share: textShare },
      greedy: mean(wordSamples, 'greedy'),
      sampled: mean(wordSamples, 'sampled'),
      samples: wordSamples,
    },
  },
};
process.stdout.write(`${JSON.stringify(quality, null, 2)}\n`);
process.stderr.write(`whole words or punctuation in the top ${TOP}: ${(wordShare * 100).toFixed(1)}%; repeated 4-grams: greedy ${(quality.repetition.greedy * 100).toFixed(1)}%, sampled ${(quality.repetition.sampled * 100).toFixed(1)}%; repeated word 4-grams: greedy ${(quality.repetition.words.greedy * 100).toFixed(1)}%, sampled ${(quality.repetition.words.sampled * 100).toFixed(2)}% (held-out text: ${(textShare * 100).toFixed(2)}%)\n`);
if (values.write) {
  const path = join(values.model, 'training.json');
  const training = (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}) as Partial<TrainingRecord>;
  training.quality = quality;
  writeFileSync(path, `${JSON.stringify(training, null, 2)}\n`);
}
