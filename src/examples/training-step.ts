// Chapter 7: training in miniature. A bigram model (one row of next-token scores per token) learns a
// tiny text by gradient descent on the cross-entropy loss.
// Change: the text, the learning rate, or the number of steps.
// Look for: the loss falls step by step; afterwards the model's favourite word after "the" is one that
// followed "the" in the text.
const text = 'the cat sat on the mat and the cat saw the dog';
const words = text.split(' ');
const vocab = [...new Set(words)];
const ids = words.map((w) => vocab.indexOf(w));
const V = vocab.length;

const inputs = tf.oneHot(tf.tensor1d(ids.slice(0, -1), 'int32'), V); // [N, V] each word
const targets = tf.oneHot(tf.tensor1d(ids.slice(1), 'int32'), V); // [N, V] the word after it

const W = tf.variable(tf.zeros([V, V])); // [V, V] row i: scores for the word after word i
const optimizer = tf.train.adam(0.1); // learning rate 0.1

function loss(): tf.Scalar {
  const logits = tf.matMul(inputs, W); // [N, V]
  return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar; // mean -log p(correct word)
}

for (let step = 0; step <= 60; step++) {
  const value = optimizer.minimize(loss, true) as tf.Scalar; // gradients, then one step downhill
  if (step % 10 === 0) console.log(`step ${String(step).padStart(2)}  loss ${(await value.data())[0].toFixed(4)}`);
  value.dispose();
}

// Before training every word was equally likely: loss = ln(V).
console.log(`ln(V) = ${Math.log(V).toFixed(4)} (the loss of a model that knows nothing)`);
const afterThe = tf.softmax(W.gather([vocab.indexOf('the')]).reshape([-1]));
const p = await afterThe.data();
vocab.map((w, i) => `${w} ${p[i].toFixed(2)}`).join('  ')
