// `npm run train [-- options]`: trains the book's own GPT on the Brown Corpus, reproducibly.
//   1. data: Brown's tagged files -> natural text; fixed held-out documents (scripts/lib/brown.ts)
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
//   npm run train -- --data-only --vocab 8192              # just the split and the tokenizer

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingRecord } from '../src/llm/training-record.ts';
import {
  ADAMW_DEFAULTS,
  adamWStep,
  batchOffsets,
  clipByGlobalNorm,
  coverOffsets,
  decayMask,
  evalOffsets,
  flatLayout,
  learningRate,
  type Schedule,
} from '../src/llm/train.ts';
import { loadState, saveCheckpoint, type LogRow, type TrainState } from './lib/train-checkpoint.ts';
import { prepareData, type TrainingData } from './lib/train-data.ts';
import { helpRequested, trainOptions } from './lib/train-options.ts';
import { sharedCopy, WorkerPool } from './lib/train-pool.ts';

if (helpRequested) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).join('\n') + '\n');
  process.exit(0);
}

const opts = trainOptions();
const { preset, config, recipe, runDir } = opts;
mkdirSync(runDir, { recursive: true });
const log = (line: string) => process.stderr.write(`${line}\n`);
const tokensPerStep = recipe.batch * recipe.context;

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

/** The progress line: on a terminal redrawn every step, in a log every 10 steps; speed over the last 20 steps. */
class Progress {
  private readonly tty = process.stderr.isTTY;
  private windowStart = performance.now();
  private windowSteps = 0;
  lastHeld: number | null;
  constructor(rows: LogRow[]) {
    this.lastHeld = rows.findLast((r) => r.heldOut !== null)?.heldOut ?? null;
  }
  stepDone(): void {
    this.windowSteps++;
  }
  show(row: LogRow): void {
    const tokPerS = (this.windowSteps * tokensPerStep) / ((performance.now() - this.windowStart) / 1000);
    const eta = (recipe.steps - row.step) * (tokensPerStep / tokPerS);
    const line = progressLine(row.step, recipe.steps, row.loss, tokPerS, row.seconds, eta, this.lastHeld);
    if (this.tty) process.stderr.write(`\r${line}`);
    else if (row.step % 10 === 0 || row.heldOut !== null || row.step === recipe.steps) log(line);
    if (this.windowSteps >= 20) {
      this.windowStart = performance.now();
      this.windowSteps = 0;
    }
  }
  end(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

/** The run's state, resumed from the run folder or freshly initialised (GPT-2's init, the recipe's seed). */
async function startState(size: number): Promise<TrainState> {
  const { state, resumed } = loadState(runDir, opts.resume, config, recipe, opts.workers, size);
  if (resumed) {
    log(`resume: from step ${state.ckpt.step} (${formatTime(state.ckpt.seconds)} of training so far)`);
    return state;
  }
  const { initWeights } = await import('../src/llm/weights.ts');
  const { flattenWeights } = await import('../src/llm/train.ts');
  const { setupTraining } = await import('./lib/train-env.ts');
  await setupTraining();
  state.params.set(flattenWeights(config, initWeights(config, recipe.seed)));
  writeFileSync(join(runDir, 'log.csv'), 'step,tokens,lr,loss,grad_norm,held_out,seconds\n');
  return state;
}

/** Steps 3-4: optimizer steps until the recipe's last (or --stop-after), with evaluations and checkpoints. */
async function trainSteps(st: TrainState, pool: WorkerPool, data: TrainingData): Promise<void> {
  const { params, ckpt } = st;
  const size = params.length;
  const mask = decayMask(config);
  const schedule: Schedule = { lr: recipe.lr, minLr: recipe.minLr, warmupSteps: recipe.warmup, steps: recipe.steps };
  const sum = new Float32Array(size);
  const evalSet = evalOffsets(data.heldOut.length, recipe.context, recipe.evalWindows);
  const startStep = ckpt.step;
  const t0 = performance.now() - ckpt.seconds * 1000;
  const progress = new Progress(ckpt.rows);
  for (let step = ckpt.step; step < recipe.steps && step - startStep < opts.stopAfter; step++) {
    const lr = learningRate(step, schedule);
    const offsets = batchOffsets(recipe.seed, step, data.train.length, recipe.batch, recipe.context);
    const replies = await pool.all(offsets, (part, i) => ({
      kind: 'step',
      offsets: part,
      share: part.length / offsets.length,
      seed: (recipe.seed * 100_003 + step * 17 + i) >>> 0,
    }));
    pool.sumGrads(sum);
    const gradNorm = clipByGlobalNorm(sum, recipe.clip);
    adamWStep(params, sum, st.adam, lr, mask, { ...ADAMW_DEFAULTS, weightDecay: recipe.weightDecay });
    const loss = replies.reduce((s, r) => s + (r.kind === 'step' ? r.lossSum : 0), 0) / offsets.length;
    const done = step + 1;
    progress.stepDone();
    const avg = recipe.average;
    if (avg && done >= avg.from && (done - avg.from) % avg.every === 0) {
      for (let i = 0; i < size; i++) st.avgSum[i] += params[i];
      ckpt.averaged = (ckpt.averaged ?? 0) + 1;
    }
    let held: number | null = null;
    if (done % recipe.evalEvery === 0 || done === recipe.steps) {
      held = await pool.evaluate(evalSet);
      progress.lastHeld = held;
    }
    const seconds = (performance.now() - t0) / 1000;
    const row: LogRow = { step: done, tokens: done * tokensPerStep, lr, loss, gradNorm, heldOut: held, seconds };
    ckpt.rows.push(row);
    appendFileSync(join(runDir, 'log.csv'), `${done},${row.tokens},${lr.toExponential(4)},${loss.toFixed(5)},${gradNorm.toFixed(4)},${held === null ? '' : held.toFixed(5)},${seconds.toFixed(1)}\n`);
    progress.show(row);
    ckpt.step = done;
    ckpt.seconds = seconds;
    if (done % recipe.checkpointEvery === 0 || done === recipe.steps || done - startStep >= opts.stopAfter) saveCheckpoint(runDir, st);
  }
  progress.end();
}

interface FinalScores {
  heldOut: number; // the exported weights' loss on the whole held-out stream
  lastStep: number | null; // the last step's own weights, when the export is an average
  tokens: number;
}

/** The whole held-out stream; with tail averaging, first the last step's weights, then the mean (left in params). */
async function finalEvaluation({ params, avgSum, ckpt }: TrainState, pool: WorkerPool, heldOutLength: number): Promise<FinalScores> {
  const finalStart = performance.now();
  const fullEval = coverOffsets(heldOutLength, recipe.context);
  let lastStep: number | null = null;
  if ((ckpt.averaged ?? 0) > 0) {
    lastStep = await pool.evaluate(fullEval);
    log(`last step's weights: held-out loss ${lastStep.toFixed(4)}; exporting the mean of ${ckpt.averaged} snapshots`);
    for (let i = 0; i < params.length; i++) params[i] = avgSum[i] / ckpt.averaged!; // the workers read params: evaluate the mean
  }
  const heldOut = await pool.evaluate(fullEval);
  const tokens = fullEval.length * recipe.context;
  log(`final held-out loss ${heldOut.toFixed(4)} nats/token (ppl ${Math.exp(heldOut).toFixed(1)}) over ${tokens} tokens, ${((performance.now() - finalStart) / 1000).toFixed(0)} s`);
  return { heldOut, lastStep, tokens };
}

/** training.json: everything about the run (src/llm/training-record.ts). */
function trainingRecord({ info, heldOut }: TrainingData, { ckpt, params }: TrainState, scores: FinalScores): TrainingRecord {
  const heldRows = ckpt.rows.filter((r) => r.heldOut !== null);
  return {
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
    parameters: params.length,
    recipe: { ...recipe, optimizer: 'AdamW', beta1: ADAMW_DEFAULTS.beta1, beta2: ADAMW_DEFAULTS.beta2, eps: ADAMW_DEFAULTS.eps, schedule: 'linear warm-up, cosine decay to minLr' },
    workers: opts.workers,
    backend: 'tfjs-backend-wasm 4.22.0 (Node, one thread per worker)',
    steps: ckpt.step,
    tokensSeen: ckpt.step * tokensPerStep,
    epochs: (ckpt.step * tokensPerStep) / info.trainTokens,
    wallSeconds: Math.round(ckpt.seconds),
    finalHeldOutLoss: scores.heldOut,
    finalHeldOutPerplexity: Math.exp(scores.heldOut),
    finalHeldOutTokens: scores.tokens,
    ...(scores.lastStep === null ? {} : { averagedSnapshots: ckpt.averaged, lastStepHeldOutLoss: scores.lastStep }),
    evalProtocol: `non-overlapping windows of ${recipe.context} tokens over the held-out stream; every token scored once, with the window's earlier tokens as context`,
    bestPeriodicHeldOutLoss: Math.min(...heldRows.map((r) => r.heldOut!)),
    periodicEvalWindows: evalOffsets(heldOut.length, recipe.context, recipe.evalWindows).length,
    curve: ckpt.rows.filter((r, i) => r.heldOut !== null || i % 10 === 9).map((r) => ({ step: r.step, tokens: r.tokens, lr: +r.lr.toPrecision(4), loss: +r.loss.toFixed(4), heldOut: r.heldOut === null ? null : +r.heldOut.toFixed(4), seconds: +r.seconds.toFixed(1) })),
  };
}

/** Step 5: the model folder (config.json, model.safetensors in F16, tokenizer.json, training.json). */
async function exportModel(params: Float32Array, tokenizerJson: string, record: TrainingRecord): Promise<void> {
  const { setupTraining } = await import('./lib/train-env.ts');
  await setupTraining();
  const { unflatten, weightsFromList } = await import('../src/llm/train.ts');
  const { saveModelToDir } = await import('../src/llm/io/node-fs.ts');
  const tensors = unflatten(config, params);
  await saveModelToDir(opts.exportDir, config, weightsFromList(config, tensors), { dtype: 'F16', tokenizerJson });
  for (const t of tensors) t.dispose();
  writeFileSync(join(opts.exportDir, 'training.json'), JSON.stringify(record, null, 2) + '\n');
  log(`exported ${opts.exportDir} (config.json, model.safetensors F16, tokenizer.json, training.json)`);
}

async function main(): Promise<void> {
  const data = await prepareData(opts.root, preset, config);
  const { info } = data;
  if (opts.dataOnly) {
    log(`data ready: ${JSON.stringify({ ...info, heldOutFiles: info.heldOutFiles.length })}`);
    return;
  }
  const { size } = flatLayout(config);
  log(`model: ${preset} C=${config.n_embd} L=${config.n_layer} H=${config.n_head} T=${recipe.context} V=${config.vocab_size}, ${size.toLocaleString('en-US')} parameters`);
  log(`data: ${info.trainTokens.toLocaleString('en-US')} training tokens, ${info.heldOutTokens.toLocaleString('en-US')} held-out tokens`);
  log(`recipe: ${JSON.stringify(recipe)}, ${opts.workers} worker thread(s)`);

  const st = await startState(size);
  const pool = new WorkerPool(
    { config, params: st.params.buffer as SharedArrayBuffer, train: sharedCopy(data.train), heldOut: sharedCopy(data.heldOut), T: recipe.context, dropout: recipe.dropout },
    opts.workers,
    size,
  );
  await pool.ready();
  await trainSteps(st, pool, data);
  if (st.ckpt.step < recipe.steps) {
    log(`stopped at step ${st.ckpt.step}/${recipe.steps}; continue with --resume`);
    await pool.stop();
    return;
  }
  const scores = await finalEvaluation(st, pool, data.heldOut.length);
  await pool.stop();
  const record = trainingRecord(data, st, scores);
  writeFileSync(join(runDir, 'summary.json'), JSON.stringify(record, null, 2));
  if (opts.export) await exportModel(st.params, data.tokenizerJson, record);
}

await main();
