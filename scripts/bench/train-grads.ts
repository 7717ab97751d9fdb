// What each WASM work-around in training buys, measured on one full training step (forward,
// backward, gradients read back) of book-small's shape, the variants interleaved A B A B ... so
// machine load hits them alike.
//   node scripts/bench/train-grads.ts [--reps 3] [--batch 4]
//  1. BatchMatMul gradient: TF.js's own (matMul with transposeA/transposeB flags) against ours
//     (src/llm/gradients.ts: explicit transpose, then a plain matMul).
//  2. Cross-entropy: ours (hand-written gradient, softmax - onehot) against plain autodiff through
//     logSumExp and a one-hot product.
// The other two gaps have no "before" to time: the gather gradient (UnsortedSegmentSum) is not
// registered on WASM at all (src/llm/embed.ts uses scatterND instead), and the causal mask is
// additive (src/llm/attention.ts), measured by the engine's benchmark.

import { parseArgs } from 'node:util';
import { setupTraining } from '../lib/train-env.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, batch: { type: 'string', default: '4' } } });
await setupTraining();
const tf = await import('@tensorflow/tfjs-core');
const { BOOK_MODEL, getPreset } = await import('../../src/llm/config.ts');
const { initWeights, disposeWeights } = await import('../../src/llm/weights.ts');
const T_ = await import('../../src/llm/train.ts');
const { batchMatMulGrad } = await import('../../src/llm/gradients.ts');
const { gptForward } = await import('../../src/llm/gpt.ts');

/** TF.js 4.22's own BatchMatMul gradient (tfjs-core/src/gradients/BatchMatMul_grad.ts). */
const tfjsBatchMatMulGrad: import('@tensorflow/tfjs-core').GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const g = dy as import('@tensorflow/tfjs-core').Tensor3D;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const mm = (x: unknown, y: unknown, ta: boolean, tb: boolean) => tf.matMul(x as never, y as never, ta, tb);
    if (!transposeA && !transposeB) return { a: () => mm(g, b, false, true), b: () => mm(a, g, true, false) };
    if (!transposeA && transposeB) return { a: () => mm(g, b, false, false), b: () => mm(g, a, true, false) };
    if (transposeA && !transposeB) return { a: () => mm(b, g, false, true), b: () => mm(a, g, false, false) };
    return { a: () => mm(b, g, true, true), b: () => mm(g, a, true, true) };
  },
};

/** Cross-entropy by plain autodiff: logsumexp minus the target logit picked by a one-hot product. */
function plainCrossEntropy(logits: import('@tensorflow/tfjs-core').Tensor, targets: import('@tensorflow/tfjs-core').Tensor) {
  const V = logits.shape[logits.rank - 1];
  const x = tf.reshape(logits, [-1, V]);
  const onehot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), V), 'float32');
  return tf.mean(tf.sub(tf.logSumExp(x, 1), tf.sum(tf.mul(x, onehot), 1))) as import('@tensorflow/tfjs-core').Scalar;
}

const config = getPreset(BOOK_MODEL);
const B = Number(values.batch);
const T = config.n_positions;
const w = initWeights(config, 1);
const params = T_.flattenWeights(config, w);
disposeWeights(w);
const tokens = Uint16Array.from({ length: 50_000 }, (_, i) => (i * 7919) % config.vocab_size);
const offsets = Array.from({ length: B }, (_, i) => i * 5000);

function stepWith(ce: typeof plainCrossEntropy): number {
  const t0 = performance.now();
  const tensors = T_.unflatten(config, params);
  const { x, y } = T_.windowBatch(tokens, offsets, T);
  const f = (...ps: import('@tensorflow/tfjs-core').Tensor[]) => {
    const { logits } = gptForward(config, T_.weightsFromList(config, ps), tf.tensor2d(x, [B, T], 'int32'), {});
    return ce(logits, tf.tensor2d(y, [B, T], 'int32'));
  };
  const { value, grads: g } = tf.valueAndGrads(f)(tensors);
  g.forEach((t) => t.dataSync());
  tf.dispose([value, ...g, ...tensors]);
  return performance.now() - t0;
}

const variants = [
  { name: 'TF.js BatchMatMul gradient (transpose flags), our cross-entropy', grad: tfjsBatchMatMulGrad, ce: T_.crossEntropy },
  { name: 'our BatchMatMul gradient (explicit transposes), our cross-entropy', grad: batchMatMulGrad, ce: T_.crossEntropy },
  { name: 'our BatchMatMul gradient, plain-autodiff cross-entropy', grad: batchMatMulGrad, ce: plainCrossEntropy },
].map((v) => ({ ...v, ms: [] as number[] }));

for (let rep = -1; rep < Number(values.reps); rep++) {
  for (const v of variants) {
    tf.unregisterGradient('BatchMatMul');
    tf.registerGradient(v.grad);
    const ms = stepWith(v.ce);
    if (rep >= 0) v.ms.push(ms);
  }
}
tf.unregisterGradient('BatchMatMul');
tf.registerGradient(batchMatMulGrad);
console.log(`book-small shape (V=${config.vocab_size}, C=${config.n_embd}, L=${config.n_layer}, T=${T}), batch ${B}; median of ${values.reps} interleaved steps.\n`);
console.log('| variant | step ms | tokens/s | vs TF.js gradient |\n|---|---:|---:|---:|');
const base = median(variants[0].ms);
for (const v of variants) {
  const m = median(v.ms);
  console.log(`| ${v.name} | ${m.toFixed(0)} | ${Math.round((B * T) / (m / 1000)).toLocaleString('en-US')} | ${(base / m).toFixed(2)}x |`);
}
