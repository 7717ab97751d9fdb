// Chapter 6: four ways to pick the next token from the same scores.
// Change: the temperature, k, p, or the seed; or the logits themselves.
// Look for: greedy always picks ' mat'; temperature 1 picks each token about as often as its
// probability; top-k never picks outside the k best; top-p keeps just enough tokens to cover p.
const tokens = [' mat', ' floor', ' sofa', ' roof', ' moon'];
const logits = [3.5, 2.5, 2, 1, -0.5]; // fixed scores, as if from the model
const draws = 1000;

// A tiny seeded random number generator (mulberry32): the same seed gives the same draws.
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function softmax(z: number[], temperature = 1): number[] {
  const max = Math.max(...z);
  const exps = z.map((s) => Math.exp((s - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Keep the k largest probabilities, zero the rest, renormalise. */
function topK(probs: number[], k: number): number[] {
  const cutoff = [...probs].sort((a, b) => b - a)[k - 1];
  const kept = probs.map((p) => (p >= cutoff ? p : 0));
  const total = kept.reduce((a, b) => a + b, 0);
  return kept.map((p) => p / total);
}

/** Keep the most likely tokens until their probabilities add up to at least p, renormalise. */
function topP(probs: number[], p: number): number[] {
  const order = probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a]);
  const kept = new Array(probs.length).fill(0);
  let sum = 0;
  for (const i of order) {
    kept[i] = probs[i];
    sum += probs[i];
    if (sum >= p) break;
  }
  return kept.map((q) => q / sum);
}

/** Draw one index: walk along the probabilities until their running sum passes a random number. */
function sample(probs: number[], random: () => number): number {
  const r = random();
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    sum += probs[i];
    if (r < sum) return i;
  }
  return probs.length - 1;
}

function histogram(probs: number[], seed: number): string {
  const random = rng(seed);
  const counts = new Array(tokens.length).fill(0);
  for (let n = 0; n < draws; n++) counts[sample(probs, random)]++;
  return tokens.map((t, i) => `${t.trim()} ${counts[i]}`).join('  ');
}

const greedy = logits.indexOf(Math.max(...logits));
console.log('greedy:         ', tokens[greedy].trim(), '(every time)');
console.log('temperature 1:  ', histogram(softmax(logits, 1), 1));
console.log('temperature 0.5:', histogram(softmax(logits, 0.5), 1));
console.log('top-k, k = 2:   ', histogram(topK(softmax(logits), 2), 1));
console.log('top-p, p = 0.9: ', histogram(topP(softmax(logits), 0.9), 1));
softmax(logits).map((p) => Number(p.toFixed(3)))
