// Chapter 2: softmax turns any list of scores into probabilities; temperature decides how sharp they are.
// Change: the scores, or the list of temperatures (try 0.1 and 10).
// Look for: low temperature piles the probability onto the top score; high temperature evens it out.
// The order of the words never changes.
const words = ['cat', 'dog', 'car'];
const scores = tf.tensor1d([2, 1, 0.1]);

for (const temperature of [0.5, 1, 2]) {
  const probs = tf.softmax(tf.div(scores, temperature)); // e^(z/T) / sum of e^(z/T)
  const p = await probs.data();
  const line = words.map((w, i) => `${w} ${(100 * p[i]).toFixed(1)}%`).join('   ');
  console.log(`T = ${temperature}:`, line);
}

// Softmax by hand, to check TF.js: subtract the max first so Math.exp never overflows.
function softmax(z: number[], temperature = 1): number[] {
  const max = Math.max(...z);
  const exps = z.map((s) => Math.exp((s - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
softmax([2, 1, 0.1]).map((p) => Number(p.toFixed(4)))
