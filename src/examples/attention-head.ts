// Chapter 4: one attention head, by hand, on three tokens with four numbers each.
// Change: the numbers in X or in the weight matrices, or drop the mask and see tokens look ahead.
// Look for: each row of `weights` adds up to 1 and has zeros above the diagonal (a token may only look
// at itself and earlier tokens); each output row is a weighted mix of the value rows.
const X = tf.tensor2d([
  [1, 0, 1, 0], // token 0
  [0, 2, 0, 2], // token 1
  [1, 1, 1, 1], // token 2
]); // [T, C] = [3, 4]

// One head's learned maps from C = 4 numbers down to D = 2 (normally learned; here picked by hand).
const Wq = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]); // [C, D]
const Wk = tf.tensor2d([[0, 1], [1, 0], [0, 1], [1, 0]]); // [C, D]
const Wv = tf.tensor2d([[1, 0], [0, 0], [0, 1], [1, 1]]); // [C, D]

const Q = tf.matMul(X, Wq); // [T, D] what each token is looking for
const K = tf.matMul(X, Wk); // [T, D] what each token offers
const V = tf.matMul(X, Wv); // [T, D] what each token passes on

const D = 2;
const scores = tf.matMul(Q, K.transpose()).div(Math.sqrt(D)); // [T, T] query i · key j, scaled

// Causal mask: add a huge negative number where j > i, so softmax gives those positions zero weight.
const mask = tf.tensor2d([
  [0, -1e9, -1e9],
  [0, 0, -1e9],
  [0, 0, 0],
]);
const weights = tf.softmax(scores.add(mask)); // [T, T] each row adds up to 1
console.log('attention weights (row = query token, column = key token):', weights);

const out = tf.matMul(weights, V); // [T, D] each row: a weighted average of the rows of V
out
