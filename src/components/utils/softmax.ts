// Plain-number softmax for views that must not load TF.js (widgets on text-only pages).

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
