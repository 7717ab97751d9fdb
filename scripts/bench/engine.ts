// Engine benchmark: prefill and decode speed of our GPT on every backend Node has (WASM, CPU),
// achieved FLOP/s as a fraction of a big matMul measured in the same run, and the same workload
// on @genai-fi/nanogpt (run in a child process) side by side.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { clearMaskCache } from '../../src/llm/attention.ts';
import { resetBackend, type BackendName } from '../../src/llm/backend.ts';
import { getPreset, mlpWidth, type GPTConfig } from '../../src/llm/config.ts';
import { generate } from '../../src/llm/generate.ts';
import { createModel, disposeModel, forward, type GPTModel } from '../../src/llm/gpt.ts';
import { initNodeBackend } from '../../src/llm/io/node-fs.ts';
import { initWeights } from '../../src/llm/weights.ts';
import { fmtRate, matMulRate, table, timeMs } from './measure.ts';
import type { BenchOptions } from './registry.ts';

export const title = 'Engine: forward pass and generation (src/llm)';

interface Workload {
  preset: string;
  prefillT: number; // tokens in one prefill (the full context for the book models)
  promptT: number; // prompt length before decoding
  decodeN: number; // new tokens per decode run
  backends: BackendName[];
  nanogpt: boolean;
}

/** FLOPs of one forward pass over T new tokens that attend to Tk keys (multiply-add = 2). */
export function forwardFlops(c: GPTConfig, T: number, Tk = T): number {
  const C = c.n_embd;
  const F = mlpWidth(c);
  const perTokenLayer = 2 * (C * 3 * C + C * C + 2 * C * F); // qkv, proj, mlp up + down
  const attention = 2 * 2 * T * Tk * C; // q·k and weights·v, all heads
  return c.n_layer * (T * perTokenLayer + attention) + 2 * T * C * c.vocab_size;
}

/**
 * The [m, k, n] products of one prefill over T tokens, in order: per layer qkv, each head's
 * scores and mix, attention output, MLP up and down; then the unembedding (in 4,096-column blocks).
 */
export function prefillMatMuls(c: GPTConfig, T: number): [m: number, k: number, n: number][] {
  const C = c.n_embd;
  const D = C / c.n_head;
  const F = mlpWidth(c);
  const layer: [number, number, number][] = [[T, C, 3 * C]];
  for (let h = 0; h < c.n_head; h++) layer.push([T, D, T], [T, T, D]);
  layer.push([T, C, C], [T, C, F], [T, F, C]);
  const out = Array.from({ length: c.n_layer }, () => layer).flat();
  for (let v = 0; v < c.vocab_size; v += 4096) out.push([T, C, Math.min(4096, c.vocab_size - v)]);
  return out;
}

/**
 * FLOP/s of the model's own matMuls run back to back with nothing in between (the same kernel
 * calls the fast path makes): the ceiling a prefill could reach at this model's shapes if every
 * other op were free. Small shapes run well below a big matMul's rate.
 */
async function ownMatMulRate(c: GPTConfig, T: number, reps: number): Promise<number> {
  const products = prefillMatMuls(c, T);
  const operands = new Map<string, [tf.Tensor3D, tf.Tensor3D]>();
  for (const [m, k, n] of products) {
    const key = `${m}x${k}x${n}`;
    if (!operands.has(key)) operands.set(key, [tf.randomNormal([1, m, k]), tf.randomNormal([1, k, n])]);
  }
  const attrs = { transposeA: false, transposeB: false };
  const ms = await timeMs(async () => {
    const outs = products.map(([m, k, n]) => {
      const [a, b] = operands.get(`${m}x${k}x${n}`)!;
      return tf.engine().runKernel('BatchMatMul', { a, b }, attrs) as tf.Tensor;
    });
    await outs[outs.length - 1].data();
    tf.dispose(outs);
  }, reps);
  for (const pair of operands.values()) tf.dispose(pair);
  const flops = products.reduce((sum, [m, k, n]) => sum + 2 * m * k * n, 0);
  return flops / (ms / 1000);
}

interface Result {
  prefillTokS: number;
  decodeCacheTokS: number;
  decodeNoCacheTokS: number;
}

async function measureOurs(model: GPTModel, w: Workload, reps: number): Promise<Result> {
  const V = model.config.vocab_size;
  const ids = (n: number) => Array.from({ length: n }, (_, i) => (i * 7 + 3) % V);
  const prefillMs = await timeMs(() => forward(model, ids(w.prefillT)), reps);
  const decode = async (useCache: boolean) => {
    for await (const _ of generate(model, ids(w.promptT), { maxNewTokens: w.decodeN, temperature: 0, useCache })) void _;
  };
  const cacheMs = await timeMs(() => decode(true), reps);
  const noCacheMs = await timeMs(() => decode(false), Math.max(2, Math.floor(reps / 2)));
  return {
    prefillTokS: w.prefillT / (prefillMs / 1000),
    decodeCacheTokS: w.decodeN / (cacheMs / 1000),
    decodeNoCacheTokS: w.decodeN / (noCacheMs / 1000),
  };
}

function measureNanogpt(backend: BackendName, config: GPTConfig, w: Workload, reps: number): Result | { error: string } {
  const job = { backend, config, prefillT: w.prefillT, promptT: w.promptT, decodeN: w.decodeN, reps };
  const child = spawnSync(process.execPath, [join(import.meta.dirname, 'nanogpt-child.ts'), JSON.stringify(job)], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return { error: `nanogpt child exited ${child.status}: ${child.stderr.trim().split('\n').pop()}` };
  }
}

export async function run({ quick, log }: BenchOptions): Promise<string> {
  const workloads: Workload[] = [
    { preset: 'book-tiny', prefillT: 64, promptT: 8, decodeN: 48, backends: ['wasm', 'cpu'], nanogpt: true },
    { preset: 'book-small', prefillT: 128, promptT: 8, decodeN: 64, backends: ['wasm', 'cpu'], nanogpt: true },
  ];
  if (!quick) workloads.push({ preset: 'gpt2', prefillT: 128, promptT: 8, decodeN: 16, backends: ['wasm'], nanogpt: false });
  const reps = quick ? 1 : 5; // best of `reps` (gpt2: fewer, it is slow)
  const out: string[] = [];
  const ours = new Map<string, Result>();

  for (const backend of ['wasm', 'cpu'] as BackendName[]) {
    resetBackend();
    const info = await initNodeBackend(backend);
    const n = backend === 'wasm' ? 1024 : 384;
    const mm = await matMulRate(n, quick ? 2 : 5);
    log(`${backend} (${info.detail}): ${n}^3 matMul ${fmtRate(mm)}FLOP/s`);
    const rows: (string | number)[][] = [];
    // The machine may be shared: the matMul rate is measured again before every workload, and each
    // prefill is compared with the best rate seen in this run (the conservative fraction).
    const rates = [mm];
    const measured: { w: Workload; config: GPTConfig; r: Result; own: number }[] = [];
    for (const w of workloads.filter((x) => x.backends.includes(backend))) {
      const config = getPreset(w.preset);
      const model = createModel(config, initWeights(config, 1));
      rates.push(await matMulRate(n, quick ? 2 : 3));
      const r = await measureOurs(model, w, w.preset === 'gpt2' ? Math.min(reps, 2) : reps);
      disposeModel(model);
      const own = await ownMatMulRate(config, w.prefillT, w.preset === 'gpt2' ? 2 : reps);
      ours.set(`${backend}/${w.preset}`, r);
      measured.push({ w, config, r, own });
      log(`${w.preset}: prefill ${r.prefillTokS.toFixed(0)} tok/s, decode ${r.decodeCacheTokS.toFixed(1)} tok/s (cache) / ${r.decodeNoCacheTokS.toFixed(1)} (no cache)`);
    }
    rates.push(await matMulRate(n, quick ? 2 : 3));
    const best = Math.max(...rates);
    for (const { w, config, r, own } of measured) {
      const achieved = (forwardFlops(config, w.prefillT) * r.prefillTokS) / w.prefillT;
      rows.push([
        w.preset, w.prefillT, r.prefillTokS.toFixed(0), `${fmtRate(achieved)}FLOP/s`, `**${((100 * achieved) / best).toFixed(0)}%**`,
        `${fmtRate(own)}FLOP/s = ${((100 * own) / best).toFixed(0)}%`, `${((100 * achieved) / own).toFixed(0)}%`,
        r.decodeCacheTokS.toFixed(1), r.decodeNoCacheTokS.toFixed(1), (r.decodeCacheTokS / r.decodeNoCacheTokS).toFixed(2),
      ]);
    }
    out.push(`### ${backend} (${info.detail})\n\n${n}×${n}×${n} matMul in this run: best **${fmtRate(best)}FLOP/s** (measured ${rates.length} times: ${rates.map((x) => `${fmtRate(x)}FLOP/s`).join(', ')}).\n`);
    out.push(table(
      [
        'model', 'prefill T', 'prefill tok/s', 'prefill FLOP/s', '% of best matMul', 'its own matMuls alone (ceiling)', 'prefill % of ceiling',
        'decode tok/s (KV cache)', 'decode tok/s (recompute)', 'cache speed-up',
      ],
      rows,
    ));
    out.push('');
    clearMaskCache(); // the only tensors that may outlive the models
    if (tf.memory().numTensors > 0) log(`warning: ${tf.memory().numTensors} tensors leaked on ${backend}`);
  }

  // nanogpt side by side. It has no WASM kernels for its custom ops (RMSNorm ...), so the only
  // Node backend where both run is CPU; its CPU numbers are also compared with our WASM ones.
  const cmp: (string | number)[][] = [];
  const notes: string[] = [];
  for (const w of workloads.filter((x) => x.nanogpt)) {
    const config = getPreset(w.preset);
    for (const backend of ['wasm', 'cpu'] as BackendName[]) {
      log(`nanogpt ${w.preset} on ${backend} ...`);
      const theirs = measureNanogpt(backend, config, w, Math.min(reps, 2)); // it is slow on CPU: best of 2
      if ('error' in theirs) {
        notes.push(`- nanogpt on ${backend} (${w.preset}): cannot run: \`${theirs.error}\``);
        continue;
      }
      for (const ourBackend of ['cpu', 'wasm'] as BackendName[]) {
        const mine = ours.get(`${ourBackend}/${w.preset}`);
        if (!mine || (ourBackend !== backend && ourBackend !== 'wasm')) continue;
        cmp.push([
          w.preset, `ours ${ourBackend} / theirs ${backend}`,
          `${mine.prefillTokS.toFixed(0)} / ${theirs.prefillTokS.toFixed(0)} = **${(mine.prefillTokS / theirs.prefillTokS).toFixed(2)}×**`,
          `${mine.decodeCacheTokS.toFixed(1)} / ${theirs.decodeCacheTokS.toFixed(1)} = **${(mine.decodeCacheTokS / theirs.decodeCacheTokS).toFixed(2)}×**`,
          `${mine.decodeNoCacheTokS.toFixed(1)} / ${theirs.decodeNoCacheTokS.toFixed(1)} = ${(mine.decodeNoCacheTokS / theirs.decodeNoCacheTokS).toFixed(2)}×`,
        ]);
      }
    }
  }
  out.push('### Side by side with @genai-fi/nanogpt 1.3.0 (ratio ours/theirs, tokens/s)\n');
  out.push('Same config (V, P, C, L, H; nanogpt `GenAI_NanoGPT_v1`, learned positions, MLP 4C; it uses RMSNorm where GPT-2 uses LayerNorm), same prompt, greedy decoding, logits read back every step.\n');
  if (cmp.length) out.push(table(['model', 'backends', 'prefill', 'decode (KV cache)', 'decode (recompute)'], cmp));
  out.push('', ...notes);
  return out.join('\n');
}
