import { describe, expect, test } from 'vitest';
import { argmax, createSampler, drawFrom, samplingDistribution, validateSampling } from '../../../src/llm/sample.ts';
import { mulberry32 } from '../../../src/llm/random.ts';

const LOGITS = [2.0, 1.0, 0.5, 3.0, -1.0, 0.0, 2.5, 1.5];

/** Chi-square statistic of observed counts against expected probabilities (cells with p > 0). */
function chiSquare(counts: number[], probs: ArrayLike<number>, n: number): { stat: number; dof: number } {
  let stat = 0;
  let cells = 0;
  for (let i = 0; i < counts.length; i++) {
    if (probs[i] === 0) continue;
    stat += (counts[i] - n * probs[i]) ** 2 / (n * probs[i]);
    cells++;
  }
  return { stat, dof: cells - 1 };
}

describe('validateSampling', () => {
  test('accepts the documented ranges and fills defaults', () => {
    expect(validateSampling({})).toEqual({ temperature: 1, topK: null, topP: 1, seed: 0 });
    expect(validateSampling({ temperature: 0, topK: 1, topP: 1e-6, seed: 7 })).toEqual({ temperature: 0, topK: 1, topP: 1e-6, seed: 7 });
  });
  test.each([
    [{ temperature: -0.1 }, /temperature must be a number >= 0/],
    [{ temperature: NaN }, /temperature/],
    [{ topK: 0 }, /top-k must be an integer >= 1, got 0/],
    [{ topK: 2.5 }, /top-k must be an integer/],
    [{ topP: 0 }, /top-p must be a number with 0 < p <= 1, got 0/],
    [{ topP: 1.01 }, /top-p/],
    [{ seed: 1.5 }, /seed/],
  ])('rejects %o', (settings, message) => {
    expect(() => validateSampling(settings)).toThrow(message);
  });
});

describe('samplingDistribution', () => {
  test('temperature 1 is the softmax; temperature 0 is greedy', () => {
    const p = samplingDistribution(LOGITS);
    const z = LOGITS.reduce((a, l) => a + Math.exp(l), 0);
    LOGITS.forEach((l, i) => expect(p[i]).toBeCloseTo(Math.exp(l) / z, 12));
    expect(Array.from(samplingDistribution(LOGITS, { temperature: 0 }))).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    expect(argmax(LOGITS)).toBe(3);
  });
  test('top-k keeps exactly the k likeliest tokens', () => {
    const p = samplingDistribution(LOGITS, { topK: 3 });
    expect([...p.keys()].filter((i) => p[i] > 0).sort()).toEqual([0, 3, 6]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  test('top-p keeps the smallest set reaching p', () => {
    const full = samplingDistribution(LOGITS);
    const p = samplingDistribution(LOGITS, { topP: 0.5 });
    // Tokens 3 (0.37) and 6 (0.22) reach 0.5; nothing else.
    expect(full[3]).toBeLessThan(0.5);
    expect(full[3] + full[6]).toBeGreaterThanOrEqual(0.5);
    expect([...p.keys()].filter((i) => p[i] > 0).sort()).toEqual([3, 6]);
    expect(p[3]).toBeCloseTo(full[3] / (full[3] + full[6]), 12);
  });
});

describe('createSampler', () => {
  test('the same seed gives the same draws; another seed gives others', () => {
    const draw = (seed: number) => {
      const s = createSampler({ temperature: 1.3, seed });
      return Array.from({ length: 50 }, () => s(LOGITS).id);
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  test.each([
    [{ temperature: 1 }],
    [{ temperature: 0.7 }],
    [{ temperature: 2, topK: 4 }],
    [{ temperature: 1, topP: 0.8 }],
  ])('empirical frequencies match the distribution (chi-square, %o)', (settings) => {
    const n = 40_000;
    const sampler = createSampler({ ...settings, seed: 42 });
    const counts = new Array(LOGITS.length).fill(0);
    for (let i = 0; i < n; i++) counts[sampler(LOGITS).id]++;
    const probs = samplingDistribution(LOGITS, settings);
    const { stat, dof } = chiSquare(counts, probs, n);
    // 99.9th percentile of chi-square for dof <= 7 is 24.3; a wrong distribution gives hundreds.
    expect(dof).toBeGreaterThan(0);
    expect(stat).toBeLessThan(24.3);
    counts.forEach((c, i) => {
      if (probs[i] === 0) expect(c).toBe(0); // never outside the top-k / top-p set
    });
  });

  test('the chi-square check would catch a wrong distribution', () => {
    const n = 40_000;
    const rng = mulberry32(1);
    const counts = new Array(LOGITS.length).fill(0);
    const tooFlat = samplingDistribution(LOGITS, { temperature: 1.2 });
    for (let i = 0; i < n; i++) counts[drawFrom(tooFlat, rng())]++;
    expect(chiSquare(counts, samplingDistribution(LOGITS), n).stat).toBeGreaterThan(24.3);
  });

  test('top-k and top-p never pick outside their set on random logits', () => {
    const rng = mulberry32(9);
    for (let trial = 0; trial < 200; trial++) {
      const logits = Array.from({ length: 30 }, () => (rng() - 0.5) * 8);
      const k = 1 + Math.floor(rng() * 5);
      const p = 0.05 + rng() * 0.9;
      const sampler = createSampler({ topK: k, topP: p, seed: trial });
      const allowedK = new Set([...logits.keys()].sort((a, b) => logits[b] - logits[a]).slice(0, k));
      const dist = samplingDistribution(logits, { topK: k, topP: p });
      for (let i = 0; i < 20; i++) {
        const { id } = sampler(logits);
        expect(allowedK.has(id)).toBe(true);
        expect(dist[id]).toBeGreaterThan(0);
      }
    }
  });
});
