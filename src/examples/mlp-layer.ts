// Chapter 5: the MLP of a block: widen each vector 4x, bend it with GELU, narrow it back.
// Change: the input vector x, the seed that picks the weights, or the width F.
// Look for: GELU leaves large positive numbers almost as they are and squashes negative ones to near
// zero; the output has the same size as the input, so it can be added back to the residual stream.
const C = 4; // vector width
const F = 4 * C; // hidden width: 4 x C, as in GPT-2
const seed = 42;

const x = tf.tensor2d([[0.5, -1, 2, 0]]); // [1, C] one token's vector
const Wup = tf.randomNormal([C, F], 0, 0.5, 'float32', seed); // [C, F]
const bUp = tf.zeros([F]); // [F]
const Wdown = tf.randomNormal([F, C], 0, 0.5, 'float32', seed + 1); // [F, C]
const bDown = tf.zeros([C]); // [C]

// GPT-2's GELU (the tanh approximation): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
function gelu(h: tf.Tensor): tf.Tensor {
  const inner = h.add(h.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return h.mul(0.5).mul(inner.tanh().add(1));
}

const h = tf.matMul(x, Wup).add(bUp); // [1, F] up
const a = gelu(h); // [1, F] bend
const out = tf.matMul(a, Wdown).add(bDown); // [1, C] down

console.log('before GELU:', Array.from(await h.data(), (v) => v.toFixed(2)).join(' '));
console.log('after GELU: ', Array.from(await a.data(), (v) => v.toFixed(2)).join(' '));
console.log('x + mlp(x), the residual add:', x.add(out));
out
