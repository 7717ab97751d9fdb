// Training-step time per model shape, measured in one process with the variants interleaved
// (A B C A B C ...) so that machine load hits them alike. One thread, WASM, batch 8 x T.
//   node scripts/bench/train-shapes.ts [--reps 3] [--shapes 128x4x4,96x4x4]  (C x L x H[@V])

import { parseArgs } from 'node:util';
import { setupTraining } from '../lib/train-env.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, shapes: { type: 'string', default: '128x4x4,192x4x6,128x6x4,96x4x4,128x4x4@2048' }, batch: { type: 'string', default: '8' } } });
await setupTraining();
const tf = await import('@tensorflow/tfjs-core');
const { BOOK_MODEL, getPreset } = await import('../../src/llm/config.ts');
const { initWeights } = await import('../../src/llm/weights.ts');
const { flattenWeights, gradientStep } = await import('../../src/llm/train.ts');

const B = Number(values.batch);
const variants = values.shapes!.split(',').map((spec) => {
  const [shape, vocab] = spec.split('@');
  const [C, L, H] = shape.split('x').map(Number);
  const config = { ...getPreset(BOOK_MODEL), n_embd: C, n_layer: L, n_head: H, vocab_size: vocab ? Number(vocab) : 4096 };
  const params = flattenWeights(config, initWeights(config, 1));
  const tokens = Uint16Array.from({ length: 50_000 }, (_, i) => (i * 7919) % config.vocab_size);
  return { spec, config, params, tokens, grads: new Float32Array(params.length), ms: [] as number[] };
});
const T = 128;
const offsets = Array.from({ length: B }, (_, i) => i * 5000);
for (let rep = -1; rep < Number(values.reps); rep++) {
  for (const v of variants) {
    const t0 = performance.now();
    gradientStep(v.config, v.params, v.tokens, offsets, 1, v.grads, { T, training: true, dropout: 0.1, seed: rep });
    if (rep >= 0) v.ms.push(performance.now() - t0); // rep -1 warms up
  }
}
console.log(`| shape (C x L x H, V) | parameters | step ms (median, B=${B}, T=${T}) | tokens/s, one thread |`);
console.log('|---|---|---|---|');
for (const v of variants) {
  const med = median(v.ms);
  console.log(`| ${v.spec} | ${v.params.length.toLocaleString('en-US')} | ${med.toFixed(0)} | ${Math.round((B * T) / (med / 1000)).toLocaleString('en-US')} |`);
}
console.log(`tensors alive: ${tf.memory().numTensors}`);
