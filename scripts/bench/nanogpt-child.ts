// Runs the engine benchmark's workload on @genai-fi/nanogpt (1.3.0) in its own process, so its
// bundled TF.js copy and kernel registrations cannot touch our measurements.
// Usage: node scripts/bench/nanogpt-child.ts '{"backend":"cpu","config":{...},"prefillT":..,"decodeN":..,"promptT":..,"reps":..}'
// Prints one JSON line: {"prefillTokS", "decodeCacheTokS", "decodeNoCacheTokS"} or {"error"}.
// nanogpt bundles a browser build of tfjs-core whose Node platform set-up throws at import
// ("this.util.TextEncoder is not a constructor"), so IS_BROWSER is set while importing it.

console.log = console.info = console.warn = console.error;
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../src/llm/backend.ts';
import { initNodeBackend } from '../../src/llm/io/node-fs.ts';
import { timeMs } from './measure.ts';

const job = JSON.parse(process.argv[2]) as {
  backend: string;
  config: { vocab_size: number; n_positions: number; n_embd: number; n_layer: number; n_head: number };
  prefillT: number;
  promptT: number;
  decodeN: number;
  reps: number;
};

try {
  tf.env().set('IS_BROWSER', true);
  const nano = await import('@genai-fi/nanogpt');
  tf.env().set('IS_BROWSER', false);
  const info = await initNodeBackend(job.backend as BackendName); // the same backend set-up as ours
  if (info.name !== job.backend) throw new Error(`backend ${job.backend} failed to start`);
  const c = job.config;
  const NanoGPTV1 = (nano.models as unknown as { NanoGPTV1: new (c: object) => NanoModel }).NanoGPTV1;
  // The closest nanogpt model to GPT-2: learned positions (no RoPE), MLP 4C. It uses RMSNorm, not LayerNorm.
  const model = new NanoGPTV1({
    modelType: 'GenAI_NanoGPT_v1', useRope: false, mlpFactor: 4,
    vocabSize: c.vocab_size, blockSize: c.n_positions, nLayer: c.n_layer, nHead: c.n_head, nEmbed: c.n_embd,
  });
  const V = c.vocab_size;
  const ids = (n: number) => Array.from({ length: n }, (_, i) => (i * 7 + 3) % V);

  const prefillMs = await timeMs(async () => {
    const x = tf.tensor2d([ids(job.prefillT)], [1, job.prefillT], 'int32');
    const y = model.forward({ training: false }, x);
    await y.data();
    tf.dispose([x, y]);
  }, job.reps);

  // The same loop as ours: run, read the last row of logits, pick the argmax in JS, append.
  const decode = async (useCache: boolean) => {
    let context = ids(job.promptT);
    const cache = useCache ? Array.from({ length: c.n_layer }, () => ({ length: 0, cumulativeLength: 0 })) : undefined;
    let pending = context;
    for (let i = 0; i < job.decodeN; i++) {
      const feed = useCache ? pending : context;
      const x = tf.tensor2d([feed], [1, feed.length], 'int32');
      const y = model.forward({ training: false, cache }, x);
      const last = tf.slice(y, [0, feed.length - 1, 0], [1, 1, V]);
      const row = await last.data();
      tf.dispose([x, y, last]);
      let best = 0;
      for (let j = 1; j < V; j++) if (row[j] > row[best]) best = j;
      context = [...context, best];
      pending = [best];
    }
    if (cache) for (const kv of cache as { k?: tf.Tensor; v?: tf.Tensor }[]) tf.dispose([kv.k!, kv.v!].filter(Boolean));
  };
  const cacheMs = await timeMs(() => decode(true), job.reps);
  const noCacheMs = await timeMs(() => decode(false), Math.max(2, Math.floor(job.reps / 2)));
  process.stdout.write(JSON.stringify({
    prefillTokS: job.prefillT / (prefillMs / 1000),
    decodeCacheTokS: job.decodeN / (cacheMs / 1000),
    decodeNoCacheTokS: job.decodeN / (noCacheMs / 1000),
  }) + '\n');
} catch (err) {
  process.stdout.write(JSON.stringify({ error: String((err as Error).message ?? err).split('\n')[0] }) + '\n');
}

interface NanoModel {
  forward(attrs: object, idx: tf.Tensor): tf.Tensor;
}
