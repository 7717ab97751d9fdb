// `node scripts/baselines.ts --model public/models/book-small [--write]`: n-gram baselines on the
// same split and tokenizer as the model, as perplexity per token and bits per character (total nats / ln 2 /
// the held-out documents' characters, which does not depend on the tokenizer) on the held-out documents.
//   unigram  p(w) = (c(w) + 1) / (N + V)                       (add-one, so nothing is impossible)
//   bigram   p(w | v) = l2 pML(w | v) + l1 p(w)
//   trigram  p(w | u, v) = l3 pML(w | u, v) + l2 pML(w | v) + l1 p(w)
// An order whose context was never seen drops out and the other weights are renormalised.
// The weights l are tuned by grid search (steps of 0.02) on a slice of the training data: the
// last 10 % of the training stream is held back, counts come from the first 90 %, the weights
// that give the slice the lowest loss are kept, then counts are redone on all training tokens.
// The token stream is built exactly as scripts/train.ts builds it: each document's tokens, then
// <|endoftext|>. Every held-out token after the first is scored.
// When DIR also holds the model (model.safetensors), the model is scored on the same held-out
// stream twice: in non-overlapping windows of n_positions tokens (the protocol scripts/train.ts
// uses for its final number) and in sliding windows with stride n_positions / 2, where every
// token is scored once and every token after the first window sees at least half a window of
// context, as the n-gram models always see theirs (`npm run llm -- eval --stride`).
// --write merges the results into DIR/training.json under "baselines" and "heldOutScores".

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readBrown, splitBrown } from './lib/brown.ts';
import { initNodeBackend, loadModelFromDir } from '../src/llm/io/node-fs.ts';
import { BpeTokenizer } from '../src/llm/tokenizer/tokenizer.ts';
import { bitsPerChar, scoreTokens } from '../src/llm/train.ts';
import type { Baselines, HeldOutScore, TrainingRecord } from '../src/llm/training-record.ts';
import { encodeDocuments } from './lib/train-data.ts';

export interface NgramCounts {
  V: number;
  total: number;
  uni: Float64Array; // [V]
  bi: Map<number, number>; // v * V + w -> count
  biCtx: Float64Array; // [V] count of v as a context
  tri: Map<number, number>; // (u * V + v) * V + w -> count
  triCtx: Map<number, number>; // u * V + v -> count as a context
}

export function countNgrams(ids: ArrayLike<number>, V: number): NgramCounts {
  const c: NgramCounts = { V, total: ids.length, uni: new Float64Array(V), bi: new Map(), biCtx: new Float64Array(V), tri: new Map(), triCtx: new Map() };
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i];
    c.uni[w]++;
    if (i >= 1) {
      const v = ids[i - 1];
      c.bi.set(v * V + w, (c.bi.get(v * V + w) ?? 0) + 1);
      c.biCtx[v]++;
    }
    if (i >= 2) {
      const ctx = ids[i - 2] * V + ids[i - 1];
      c.tri.set(ctx * V + w, (c.tri.get(ctx * V + w) ?? 0) + 1);
      c.triCtx.set(ctx, (c.triCtx.get(ctx) ?? 0) + 1);
    }
  }
  return c;
}

/** For each scored position i >= 1 of ids: [p_uni, p_bi or NaN, p_tri or NaN] (NaN: unseen context). */
export function orderProbabilities(c: NgramCounts, ids: ArrayLike<number>): Float64Array {
  const { V } = c;
  const out = new Float64Array((ids.length - 1) * 3);
  for (let i = 1; i < ids.length; i++) {
    const w = ids[i];
    const v = ids[i - 1];
    const k = (i - 1) * 3;
    out[k] = (c.uni[w] + 1) / (c.total + V);
    out[k + 1] = c.biCtx[v] > 0 ? (c.bi.get(v * V + w) ?? 0) / c.biCtx[v] : NaN;
    if (i >= 2) {
      const ctx = ids[i - 2] * V + v;
      const n = c.triCtx.get(ctx) ?? 0;
      out[k + 2] = n > 0 ? (c.tri.get(ctx * V + w) ?? 0) / n : NaN;
    } else out[k + 2] = NaN;
  }
  return out;
}

/** Mean negative log-probability (nats) of the positions, mixing orders with weights [l1, l2, l3]. */
export function mixtureLoss(probs: Float64Array, weights: number[]): number {
  let sum = 0;
  const n = probs.length / 3;
  for (let i = 0; i < n; i++) {
    let p = 0;
    let norm = 0;
    for (let k = 0; k < 3; k++) {
      const q = probs[i * 3 + k];
      if (weights[k] > 0 && !Number.isNaN(q)) {
        p += weights[k] * q;
        norm += weights[k];
      }
    }
    sum -= Math.log(p / norm);
  }
  return sum / n;
}

/** Grid search over weights on the simplex (step 0.02) for the given orders (2: bigram, 3: trigram). */
export function tuneWeights(probs: Float64Array, orders: 2 | 3): { weights: number[]; loss: number } {
  let best = { weights: [1, 0, 0], loss: Infinity };
  const steps = 50;
  for (let a = 1; a <= steps; a++) {
    for (let b = 0; b <= steps - a; b++) {
      const c = steps - a - b;
      if (orders === 2 && b !== 0) continue; // bigram: l1 = a, l2 = c, no trigram
      const weights = orders === 2 ? [a / steps, c / steps, 0] : [a / steps, b / steps, c / steps];
      const loss = mixtureLoss(probs, weights);
      if (loss < best.loss) best = { weights, loss };
    }
  }
  return best;
}

export function computeBaselines(tokenizer: BpeTokenizer, train: Uint16Array, heldOut: Uint16Array, heldOutCharacters: number): Baselines {
  const V = tokenizer.vocabSize;
  const cut = Math.floor(train.length * 0.9);
  const tuneCounts = countNgrams(train.subarray(0, cut), V);
  const tuneProbs = orderProbabilities(tuneCounts, train.subarray(cut - 2)).subarray(3); // context from before the cut
  const bi = tuneWeights(tuneProbs, 2);
  const tri = tuneWeights(tuneProbs, 3);
  const counts = countNgrams(train, V);
  const probs = orderProbabilities(counts, heldOut);
  const result = (weights: number[]) => {
    const loss = mixtureLoss(probs, weights);
    return { loss, ppl: Math.exp(loss), bitsPerChar: bitsPerChar(loss * (heldOut.length - 1), heldOutCharacters) };
  };
  return {
    tokenizerVocab: V,
    trainTokens: train.length,
    heldOutTokensScored: heldOut.length - 1,
    heldOutCharacters,
    tuning: 'weights grid-searched (step 0.02) on the last 10 % of the training stream with counts from the first 90 %',
    unigram: result([1, 0, 0]),
    bigram: { ...result(bi.weights), weights: bi.weights },
    trigram: { ...result(tri.weights), weights: tri.weights },
  };
}

/** The model in DIR on the held-out stream, non-overlapping and sliding (stride = context / 2). */
export async function scoreModel(dir: string, heldOut: Uint16Array, characters: number): Promise<{ nonOverlapping: HeldOutScore; sliding: HeldOutScore }> {
  await initNodeBackend('wasm');
  const model = loadModelFromDir(dir);
  const T = model.config.n_positions;
  const score = (stride: number, protocol: string): HeldOutScore => {
    const { lossSum, tokens } = scoreTokens(model.config, model.weights, heldOut, T, { stride });
    return { protocol, context: T, stride, loss: lossSum / tokens, ppl: Math.exp(lossSum / tokens), tokens, bitsPerChar: bitsPerChar(lossSum, characters), characters };
  };
  return {
    nonOverlapping: score(T, `non-overlapping windows of ${T} tokens (a window's first tokens have little context)`),
    sliding: score(T / 2, `sliding windows of ${T} tokens, stride ${T / 2}: every token scored once, with at least ${T / 2} tokens of context after the first window`),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, write: { type: 'boolean', default: false } } });
  if (!values.model) throw new Error('Usage: node scripts/baselines.ts --model DIR [--write]  (DIR holds tokenizer.json)');
  const tokPath = join(values.model, 'tokenizer.json');
  if (!existsSync(tokPath)) throw new Error(`No tokenizer.json in ${values.model}.`);
  const tokenizer = BpeTokenizer.fromJSON(readFileSync(tokPath, 'utf8'));
  const split = splitBrown(readBrown());
  const t0 = performance.now();
  const heldOut = encodeDocuments(tokenizer, split.heldOut);
  const characters = split.heldOut.reduce((sum, d) => sum + d.text.length, 0);
  const b = computeBaselines(tokenizer, encodeDocuments(tokenizer, split.train), heldOut, characters);
  process.stderr.write(`baselines in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const hasModel = existsSync(join(values.model, 'model.safetensors'));
  const scores = hasModel ? await scoreModel(values.model, heldOut, characters) : undefined;
  if (scores) process.stderr.write(`model scored in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${JSON.stringify({ baselines: b, heldOutScores: scores }, null, 2)}\n`);
  if (values.write) {
    const path = join(values.model, 'training.json');
    const training = (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}) as Partial<TrainingRecord>;
    training.baselines = b;
    if (scores) training.heldOutScores = scores;
    writeFileSync(path, `${JSON.stringify(training, null, 2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
