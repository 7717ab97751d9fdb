// Stage 5, sample: logits for the next token -> probabilities -> one id.
// Temperature divides the logits (low = sharper, 0 = always the top token), top-k keeps the k
// likeliest tokens, top-p keeps the smallest set whose probabilities add up to p. Then one
// seeded draw. Plain JavaScript on one row of V numbers; knows nothing about tensors. Also the plain
// softmax the views and chapter 2 use.

import { mulberry32 } from './random.ts';

export interface SampleSettings {
  temperature?: number; // >= 0; 0 means greedy (always the likeliest token). Default 1.
  topK?: number | null; // integer >= 1: keep only the k likeliest tokens. Default: all.
  topP?: number | null; // in (0, 1]: keep the smallest set with total probability >= p. Default 1.
  seed?: number; // seeds the draws, so a run can be repeated exactly. Default 0.
}

export interface CheckedSettings {
  temperature: number;
  topK: number | null;
  topP: number;
  seed: number;
}

/** Checks sampling settings; anything out of range throws an error that says what is allowed. */
export function validateSampling(s: SampleSettings = {}): CheckedSettings {
  const temperature = s.temperature ?? 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError(`temperature must be a number >= 0 (0 means greedy), got ${String(temperature)}.`);
  }
  const topK = s.topK ?? null;
  if (topK !== null && (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1)) {
    throw new RangeError(`top-k must be an integer >= 1, got ${String(topK)}.`);
  }
  const topP = s.topP ?? 1;
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) {
    throw new RangeError(`top-p must be a number with 0 < p <= 1, got ${String(topP)}.`);
  }
  const seed = s.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(seed)}.`);
  return { temperature, topK, topP, seed };
}

/** Index of the largest value (the lowest index on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The distribution sampling draws from: softmax(logits / T), cut to top-k, then to top-p,
 * renormalised. Greedy (T = 0) puts all mass on the argmax. Returns probabilities for all V ids.
 */
export function samplingDistribution(logits: ArrayLike<number>, settings: SampleSettings = {}): Float64Array {
  const { temperature, topK, topP } = validateSampling(settings);
  const V = logits.length;
  const probs = new Float64Array(V);
  if (temperature === 0) {
    probs[argmax(logits)] = 1;
    return probs;
  }
  // Candidates sorted by logit, likeliest first (ties: lower id first), cut to top-k.
  let order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  if (topK !== null && topK < V) order = order.slice(0, topK);
  const max = logits[order[0]];
  let z = 0;
  for (const i of order) z += probs[i] = Math.exp((logits[i] - max) / temperature);
  for (const i of order) probs[i] /= z;
  if (topP < 1) {
    // Keep the likeliest tokens until their total reaches p (always at least one).
    let total = 0;
    let keep = 0;
    while (keep < order.length && (keep === 0 || total < topP)) total += probs[order[keep++]];
    for (const i of order.slice(keep)) probs[i] = 0;
    for (const i of order.slice(0, keep)) probs[i] /= total;
  }
  return probs;
}

/** One draw from a distribution with a uniform u in [0, 1). */
export function drawFrom(probs: ArrayLike<number>, u: number): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    acc += probs[i];
    last = i;
    if (u < acc) return i;
  }
  return last; // rounding left u just above the total: the last token with mass
}

/** A reproducible sampler: the same settings and seed give the same sequence of ids. */
export function createSampler(settings: SampleSettings = {}): (logits: ArrayLike<number>) => { id: number; probability: number } {
  const checked = validateSampling(settings);
  const rng = mulberry32(checked.seed);
  return (logits) => {
    if (checked.temperature === 0) return { id: argmax(logits), probability: 1 };
    const probs = samplingDistribution(logits, checked);
    const id = drawFrom(probs, rng());
    return { id, probability: probs[id] };
  };
}

// Plain-number softmax for views that must not load TF.js (the explorer and figures on text-only pages);
// chapter 2 shows this function as it is written here.

/** Softmax of scores / temperature. Temperature 0 puts all probability on the first largest score. */
export function softmax(scores: readonly number[], temperature = 1): number[] {
  if (scores.length === 0) return [];
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new Error(`temperature must be a finite number >= 0, got ${temperature}`);
  }
  const max = Math.max(...scores);
  if (temperature === 0) {
    const best = scores.indexOf(max);
    return scores.map((_, i) => (i === best ? 1 : 0));
  }
  // Subtracting the max changes nothing mathematically but keeps exp() from overflowing.
  const exps = scores.map((s) => Math.exp((s - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
