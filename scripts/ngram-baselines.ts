// `npx node scripts/ngram-baselines.ts`: the counting baselines chapter 7 compares the transformer with.
// Reads the token streams the trainer caches (runs/brown-bpe-<V>/train.u16 and heldout.u16, made by
// `npm run train`), fits unigram, bigram and trigram models on the training stream by counting, and
// scores the held-out stream with each. Writes src/components/diagrams/ch07-ngram-baselines.json.
// Knows nothing about transformers; the models are counts plus interpolated absolute discounting.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../src/llm/config.ts';

/** Discount subtracted from every seen n-gram count and handed to the shorter context (Ney et al.'s usual 0.75). */
const DISCOUNT = 0.75;

export interface NgramScore {
  order: 1 | 2 | 3;
  name: string;
  loss: number; // mean cross-entropy on the held-out stream, nats per token
  perplexity: number;
}

/**
 * Fits unigram (add-one), bigram and trigram models on `train` and returns the held-out loss of each.
 * Every held-out token after the first is scored; the trigram falls back to the bigram for the
 * second token and for unseen two-token contexts, the bigram to the unigram likewise.
 */
export function ngramBaselines(train: ArrayLike<number>, heldOut: ArrayLike<number>, V: number): NgramScore[] {
  const uni = new Float64Array(V);
  const bi = new Map<number, number>(); // a*V+b -> count
  const tri = new Map<number, number>(); // (x*V+a)*V+b -> count
  const ctx1 = new Map<number, { total: number; types: number }>(); // a -> bigrams starting with a
  const ctx2 = new Map<number, { total: number; types: number }>(); // x*V+a -> trigrams starting with x a
  const bump = (m: Map<number, number>, ctx: Map<number, { total: number; types: number }>, key: number, c: number) => {
    const seen = m.get(key) ?? 0;
    m.set(key, seen + 1);
    const e = ctx.get(c) ?? { total: 0, types: 0 };
    e.total++;
    if (seen === 0) e.types++;
    ctx.set(c, e);
  };
  for (let i = 0; i < train.length; i++) {
    const b = train[i];
    if (b >= V) throw new Error(`token id ${b} at position ${i} is outside the vocabulary of ${V}`);
    uni[b]++;
    if (i >= 1) bump(bi, ctx1, train[i - 1] * V + b, train[i - 1]);
    if (i >= 2) bump(tri, ctx2, (train[i - 2] * V + train[i - 1]) * V + b, train[i - 2] * V + train[i - 1]);
  }
  const N = train.length;
  const p1 = (b: number) => (uni[b] + 1) / (N + V);
  const p2 = (a: number, b: number) => {
    const c = ctx1.get(a);
    if (c === undefined) return p1(b);
    const seen = bi.get(a * V + b) ?? 0;
    return (Math.max(seen - DISCOUNT, 0) + DISCOUNT * c.types * p1(b)) / c.total;
  };
  const p3 = (x: number, a: number, b: number) => {
    const c = ctx2.get(x * V + a);
    if (c === undefined) return p2(a, b);
    const seen = tri.get((x * V + a) * V + b) ?? 0;
    return (Math.max(seen - DISCOUNT, 0) + DISCOUNT * c.types * p2(a, b)) / c.total;
  };
  const sums = [0, 0, 0];
  for (let i = 1; i < heldOut.length; i++) {
    const b = heldOut[i];
    const a = heldOut[i - 1];
    sums[0] -= Math.log(p1(b));
    sums[1] -= Math.log(p2(a, b));
    sums[2] -= Math.log(i >= 2 ? p3(heldOut[i - 2], a, b) : p2(a, b));
  }
  const n = heldOut.length - 1;
  const names = ['unigram', 'bigram', 'trigram'];
  return sums.map((s, k) => ({ order: (k + 1) as 1 | 2 | 3, name: names[k], loss: s / n, perplexity: Math.exp(s / n) }));
}

/** The trainer's cached token streams for a vocabulary size, or undefined when `npm run train` has not made them. */
export function readTokenStreams(root: string, V: number): { train: Uint16Array; heldOut: Uint16Array } | undefined {
  const dir = join(root, 'runs', `brown-bpe-${V}`);
  if (!existsSync(join(dir, 'train.u16')) || !existsSync(join(dir, 'heldout.u16'))) return undefined;
  const read = (f: string) => new Uint16Array(new Uint8Array(readFileSync(join(dir, f))).buffer);
  return { train: read('train.u16'), heldOut: read('heldout.u16') };
}

if (import.meta.main) {
  const root = join(import.meta.dirname, '..');
  const V = getPreset('book-small').vocab_size;
  const streams = readTokenStreams(root, V);
  if (streams === undefined) {
    throw new Error(`No cached token streams in runs/brown-bpe-${V}/. Run \`npm run train\` (it writes them before training starts).`);
  }
  const scores = ngramBaselines(streams.train, streams.heldOut, V);
  const out = {
    vocabSize: V,
    trainTokens: streams.train.length,
    heldOutTokens: streams.heldOut.length,
    smoothing: `unigram add-one; bigram and trigram interpolated absolute discounting, D = ${DISCOUNT}`,
    scores: scores.map((s) => ({ ...s, loss: +s.loss.toFixed(4), perplexity: +s.perplexity.toFixed(1) })),
  };
  const path = join(root, 'src', 'components', 'diagrams', 'ch07-ngram-baselines.json');
  writeFileSync(path, JSON.stringify(out, null, 2) + '\n');
  for (const s of out.scores) process.stdout.write(`${s.name.padEnd(8)} loss ${s.loss.toFixed(3)}  perplexity ${s.perplexity}\n`);
  process.stdout.write(`wrote ${path}\n`);
}
