// Training throughput: our trainer against @genai-fi/nanogpt 1.3.0's, same model shape, same batch,
// same backend, in one run (each part in its own child process, so nanogpt's bundled TF.js copy
// cannot touch our measurements), plus each backend's same-run matMul rate.
//   node scripts/bench/train-nanogpt.ts [--steps 8] [--json]
//
// Backend: nanogpt's trainer needs its own kernels (RMSNorm, AdamW moments), which it registers for
// cpu, webgl and webgpu only; on WASM it stops with "Kernel 'RMSNorm' not registered for backend
// 'wasm'". So the matching backend in Node is CPU; our WASM number is reported beside it.
// A step = forward + backward + AdamW update on B windows of T tokens; the first 2 steps are
// warm-up and not counted.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { part: { type: 'string' }, steps: { type: 'string', default: '8' }, json: { type: 'boolean', default: false } } });
const steps = Number(values.steps);
export const SHAPE = { V: 512, T: 64, C: 64, L: 2, H: 2, B: 4 };
const { V, T, C, L, H, B } = SHAPE;

/** Training FLOPs per token: 6 x (matrix parameters incl. the unembedding) + attention's T x C products. */
export function trainFlopsPerToken(): number {
  return 6 * (L * 12 * C * C + V * C) + 3 * L * 4 * T * C;
}

interface PartResult {
  part: string;
  backend: string;
  tokensPerSecond: number;
  matMulGflops: number;
  stepMs: number[];
  parameters: number;
}

async function matMulRate(tf: typeof import('@tensorflow/tfjs-core')): Promise<number> {
  const n = 256;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  await tf.matMul(a, b).data();
  const reps = 5;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * n ** 3 * reps) / ((performance.now() - t0) / 1000) / 1e9;
}


async function ours(backend: 'wasm' | 'cpu'): Promise<PartResult> {
  const { setupTraining } = await import('../lib/train-env.ts');
  await setupTraining(backend);
  const tf = await import('@tensorflow/tfjs-core');
  const { getPreset } = await import('../../src/llm/config.ts');
  const { initWeights, disposeWeights } = await import('../../src/llm/weights.ts');
  const T_ = await import('../../src/llm/train.ts');
  const config = { ...getPreset('book-tiny'), vocab_size: V, n_positions: T, n_embd: C, n_layer: L, n_head: H };
  const w = initWeights(config, 1);
  const params = T_.flattenWeights(config, w);
  disposeWeights(w);
  const tokens = Uint16Array.from({ length: 50_000 }, (_, i) => (i * 7919) % V);
  const grads = new Float32Array(params.length);
  const state = T_.adamWState(params.length);
  const mask = T_.decayMask(config);
  const matMulGflops = await matMulRate(tf);
  const stepMs: number[] = [];
  for (let step = 0; step < steps; step++) {
    const t0 = performance.now();
    const offsets = T_.batchOffsets(1, step, tokens.length, B, T);
    T_.gradientStep(config, params, tokens, offsets, 1, grads, { T, training: true, dropout: 0, seed: step });
    T_.clipByGlobalNorm(grads, 1);
    T_.adamWStep(params, grads, state, 1e-3, mask);
    if (step >= 2) stepMs.push(performance.now() - t0);
  }
  return { part: `ours-${backend}`, backend, tokensPerSecond: (B * T) / (median(stepMs) / 1000), matMulGflops, stepMs, parameters: params.length };
}

async function nanogpt(): Promise<PartResult> {
  const tf = await import('@tensorflow/tfjs-core');
  // nanogpt bundles a browser build of TF.js whose Node set-up throws at import, and its dataset
  // code reads IS_BROWSER at run time, so it runs as if in a browser (on the CPU backend).
  tf.env().set('IS_BROWSER', true);
  const { TeachableLLM } = await import('@genai-fi/nanogpt');
  await TeachableLLM.selectBackend('cpu');
  const matMulGflops = await matMulRate(tf);
  // Their GPT-2-like variant: learned positions (no RoPE), MLP 4C; RMSNorm and no biases.
  const llm = TeachableLLM.create('char', { modelType: 'GenAI_NanoGPT_v1', vocabSize: V, blockSize: T, nLayer: L, nHead: H, nEmbed: C, mlpFactor: 4, useRope: false } as never);
  const tokens = Uint16Array.from({ length: B * (T + 1) * steps }, (_, i) => (i * 7919) % V);
  const stamps: number[] = [];
  const done = new Promise<void>((resolve, reject) => {
    llm.training.on('progress', () => stamps.push(performance.now()));
    llm.training.on('completed', () => resolve());
    llm.training.on('error', (_id: string, e: Error) => reject(e));
  });
  const opts = { method: { type: 'pretraining' }, batchSize: B, maxEpochs: 1, logInterval: 1, learningRate: 1e-3, dropout: 0, metrics: ['tokensPerSecond'] };
  await llm.training.job(opts as never, [tokens], [{ id: 'bench', name: 'bench', conversational: false }]);
  await done;
  const stepMs = stamps.slice(1).map((t, i) => t - stamps[i]).slice(1); // gaps between steps, first one dropped
  return { part: 'nanogpt-cpu', backend: 'cpu', tokensPerSecond: (B * T) / (median(stepMs) / 1000), matMulGflops, stepMs, parameters: llm.getNumParams() };
}

if (values.part) {
  console.log = console.info = console.warn = () => {}; // both libraries print notices; stdout carries the result
  const result = values.part === 'nanogpt-cpu' ? await nanogpt() : await ours(values.part === 'ours-cpu' ? 'cpu' : 'wasm');
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

const results: PartResult[] = [];
for (const part of ['ours-cpu', 'nanogpt-cpu', 'ours-wasm']) {
  process.stderr.write(`${part} ...\n`);
  const child = spawnSync(process.execPath, [import.meta.filename, '--part', part, '--steps', String(steps)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`${part} failed:\n${child.stderr.slice(-2000)}`);
  results.push(JSON.parse(line.slice(7)));
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const flops = trainFlopsPerToken();
  const nano = results.find((r) => r.part === 'nanogpt-cpu')!;
  process.stdout.write(`Shape: V=${V}, T=${T}, C=${C}, L=${L}, H=${H}, batch ${B} windows (${B * T} tokens/step); ${steps - 2} timed steps (median).\n\n`);
  process.stdout.write('| trainer | backend | parameters | training tokens/s | vs nanogpt (CPU) | same-run 256³ matMul | model FLOP/s as a fraction of it |\n|---|---|---:|---:|---:|---:|---:|\n');
  for (const r of results) {
    const frac = (r.tokensPerSecond * flops) / (r.matMulGflops * 1e9);
    process.stdout.write(`| ${r.part.startsWith('ours') ? 'ours (src/llm/train.ts)' : '@genai-fi/nanogpt 1.3.0'} | ${r.backend} | ${r.parameters.toLocaleString('en-US')} | ${Math.round(r.tokensPerSecond).toLocaleString('en-US')} | ${(r.tokensPerSecond / nano.tokensPerSecond).toFixed(2)}x | ${r.matMulGflops.toFixed(2)} GFLOP/s | ${(frac * 100).toFixed(1)} % |\n`);
  }
}
