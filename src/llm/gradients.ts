// Gradients for the kernels a GPT's forward pass and its cross-entropy loss use.
// tfjs-core alone registers no gradients (the `@tensorflow/tfjs` bundle does, and we do not ship
// it), so autodiff would fail with "gradient function not found". These follow tfjs-core's own
// definitions, except that matMul gradients transpose explicitly: matMul(a, b, transposeA,
// transposeB) is 15-30x slower than transpose + matMul on WASM (scripts/bench/train-grads.ts).
// They register when this module is first imported (src/llm/ops.ts imports it), the one place that does;
// a gradient someone registered before that is left alone.

import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;

/** Sums dy over the axes that broadcasting added, so the gradient has the input's shape. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

/** Swaps the last two axes (explicitly, never via matMul's transpose flags). */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm);
}

/** Expands a reduced dy back over the reduced axes of x. */
function expandReduced(dy: tf.Tensor, x: tf.Tensor, axis: unknown): { dy: tf.Tensor; axes: number[] } {
  const axes = tf.util.parseAxisParam(axis as number | number[], x.shape);
  const shape = x.shape.slice();
  for (const a of axes) shape[a] = 1;
  return { dy: tf.mul(tf.reshape(dy, shape), tf.ones(x.shape)), axes };
}

/**
 * BatchMatMul, written for the forward's own use (no transpose flags): dA = dy·Bᵀ, dB = Aᵀ·dy, each an explicit
 * transpose then a plain matMul. Flags, if a caller uses them, are handled by transposing first.
 * Exported for scripts/bench/train-grads.ts, which times it against TF.js's own flag-based gradient.
 */
export const batchMatMulGrad: tf.GradConfig = {
  kernelName: 'BatchMatMul', inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]: Saved, attrs: Attrs) => {
    const A = attrs.transposeA ? swapLast(a) : a;
    const B = attrs.transposeB ? swapLast(b) : b;
    const d = dy as tf.Tensor;
    const dA = () => unbroadcast(tf.matMul(d, swapLast(B)), A.shape);
    const dB = () => unbroadcast(tf.matMul(swapLast(A), d), B.shape);
    return {
      a: attrs.transposeA ? () => swapLast(dA()) : dA,
      b: attrs.transposeB ? () => swapLast(dB()) : dB,
    };
  },
};

const grads: tf.GradConfig[] = [
  { kernelName: 'Add', inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]: Saved) => ({
    a: () => unbroadcast(dy as tf.Tensor, a.shape), b: () => unbroadcast(dy as tf.Tensor, b.shape) }) },
  { kernelName: 'Sub', inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]: Saved) => ({
    a: () => unbroadcast(dy as tf.Tensor, a.shape), b: () => tf.neg(unbroadcast(dy as tf.Tensor, b.shape)) }) },
  { kernelName: 'Multiply', inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]: Saved) => ({
    a: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(b, 'float32')), a.shape),
    b: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(a, 'float32')), b.shape) }) },
  { kernelName: 'RealDiv', inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]: Saved) => ({
    a: () => unbroadcast(tf.div(dy as tf.Tensor, b), a.shape),
    b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy as tf.Tensor, a), tf.square(b))), b.shape) }) },
  { kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  { kernelName: 'Square', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(x, 2)) }) },
  { kernelName: 'Sqrt', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved) => ({ x: () => tf.div(dy as tf.Tensor, tf.mul(tf.sqrt(x), 2)) }) },
  { kernelName: 'Rsqrt', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved) => ({
    x: () => tf.neg(tf.div(dy as tf.Tensor, tf.mul(tf.pow(x, 1.5), 2))) }) },
  { kernelName: 'Exp', outputsToSave: [true], gradFunc: (dy, [y]: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, y) }) },
  { kernelName: 'Log', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved) => ({ x: () => tf.div(dy as tf.Tensor, x) }) },
  { kernelName: 'Tanh', outputsToSave: [true], gradFunc: (dy, [y]: Saved) => ({
    x: () => tf.mul(tf.sub(1, tf.square(y)), dy as tf.Tensor) }) },
  { kernelName: 'Sigmoid', outputsToSave: [true], gradFunc: (dy, [y]: Saved) => ({
    x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))) }) },
  { kernelName: 'Cast', gradFunc: (dy) => ({ x: () => (dy as tf.Tensor).clone() }) },
  { kernelName: 'Identity', gradFunc: (dy) => ({ x: () => tf.cast(dy as tf.Tensor, 'float32') }) },
  { kernelName: 'Reshape', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved) => ({ x: () => tf.reshape(dy as tf.Tensor, x.shape) }) },
  { kernelName: 'Transpose', gradFunc: (dy, _s, attrs: Attrs) => ({
    x: () => tf.transpose(dy as tf.Tensor, tf.backend_util.getUndoAxesPermutation(attrs.perm as number[])) }) },
  { kernelName: 'Sum', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved, attrs: Attrs) => ({
    x: () => expandReduced(dy as tf.Tensor, x, attrs.axis).dy }) },
  { kernelName: 'Mean', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved, attrs: Attrs) => ({
    x: () => {
      const { dy: expanded, axes } = expandReduced(dy as tf.Tensor, x, attrs.axis);
      return tf.div(expanded, axes.reduce((n, a) => n * x.shape[a], 1));
    } }) },
  { kernelName: 'Max', inputsToSave: ['x'], outputsToSave: [true], gradFunc: (dy, [x, y]: Saved, attrs: Attrs) => ({
    x: () => {
      const axes = tf.util.parseAxisParam(attrs.reductionIndices as number[], x.shape);
      const keep = tf.backend_util.expandShapeToKeepDim(y.shape, axes);
      const yk = y.rank < x.rank ? tf.reshape(y, keep) : y;
      const dyk = (dy as tf.Tensor).rank < x.rank ? tf.reshape(dy as tf.Tensor, keep) : (dy as tf.Tensor);
      return tf.mul(dyk, tf.cast(tf.equal(x, yk), 'float32'));
    } }) },
  { kernelName: 'Softmax', outputsToSave: [true], gradFunc: (dy, [y]: Saved, attrs: Attrs) => ({
    logits: () => {
      const dyTimesY = tf.mul(dy as tf.Tensor, y);
      return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [attrs.dim as number], true), y));
    } }) },
  { kernelName: 'LogSoftmax', outputsToSave: [true], gradFunc: (dy, [value]: Saved, attrs: Attrs) => ({
    logits: () => tf.sub(dy as tf.Tensor, tf.mul(tf.sum(dy as tf.Tensor, attrs.axis as number, true), tf.exp(value))) }) },
  batchMatMulGrad,
  { kernelName: 'Slice', inputsToSave: ['x'], gradFunc: (dy, [x]: Saved, attrs: Attrs) => ({
    x: () => {
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]);
      return tf.pad(dy as tf.Tensor, begin.map((b, i) => [b, x.shape[i] - b - size[i]] as [number, number]));
    } }) },
  { kernelName: 'SplitV', gradFunc: (dy, _s, attrs: Attrs) => ({ x: () => tf.concat(dy as tf.Tensor[], attrs.axis as number) }) },
  { kernelName: 'Concat', saveAllInputs: true, gradFunc: (dy, saved: Saved, attrs: Attrs) => {
    const axis = tf.util.parseAxisParam(attrs.axis as number, saved[0].shape)[0];
    const parts = tf.split(dy as tf.Tensor, saved.map((t) => t.shape[axis]), axis);
    return parts.map((t) => () => t) as unknown as Record<string, () => tf.Tensor>;
  } },
];

// Runs once, when the module is first evaluated.
for (const g of grads) {
  if (!tf.getGradient(g.kernelName)) tf.registerGradient(g);
}
