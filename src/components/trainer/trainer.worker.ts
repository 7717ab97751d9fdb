// The trainer's own worker: owns TF.js for one training run at a time. Start prepares the text and the
// model, then steps until done, yielding to messages between steps so Pause, Resume and Reset act at once.
// Progress goes out at most every UPDATE_MS, so the page redraws at most 5 times a second. With more than one
// thread on WASM (or CPU), helper threads (gradient.worker.ts) compute the gradients of parts of each batch, and
// this worker runs the held-out checks and samples while they do.
import { initBackend, type BackendInfo } from '../../llm/backend.ts';
import '../../llm/gradients.ts'; // registers the training gradients (once, on import)
import { countingText, prepareCorpus } from './data.ts';
import { startHelpers } from './gradient-pool.ts';
import { TRAINER_PRESETS } from './presets.ts';
import type { FromTrainer, HeadPattern, HelperSetup, LossPoint, RunInfo, TextSource, ToTrainer, TrainRequest } from './protocol.ts';
import { TrainingRun, type GradientHelper } from './run.ts';

const UPDATE_MS = 200; // 5 updates a second: smooth enough, and little work for the page
const EVAL_EVERY_MS = 1500; // held-out loss about this often (it costs a few forward passes)
const SAMPLE_EVERY_MS = 3000;
const SAMPLE_TOKENS = 24;
const PATTERN_TOKENS = 16; // tokens of the head's pattern (a 16 x 16 grid)

let generation = 0; // bumped by Reset and Start: an older loop sees it and stops
let current: TrainingRun | null = null; // the run of this generation, kept after it ends for "Use this model"
let paused = false;
let wake: (() => void) | null = null;
let closeHelpers: (() => void) | null = null; // the helper threads of the current run

function stopHelpers(): void {
  closeHelpers?.();
  closeHelpers = null;
}

const post = (m: FromTrainer) => postMessage(m);

self.onmessage = (event: MessageEvent<ToTrainer>) => {
  const m = event.data;
  if (m.type === 'start') {
    stopHelpers();
    const mine = ++generation;
    paused = false;
    train(m.request, m.wasmPaths, m.backend, mine).catch((err: unknown) => {
      if (mine === generation) post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    });
  } else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume') {
    paused = false;
    wake?.();
  } else if (m.type === 'export') {
    void exportRun();
  } else if (m.type === 'reset') {
    stopHelpers();
    current = null;
    generation++;
    paused = false;
    wake?.();
  }
};

async function loadText(source: TextSource, seed: number): Promise<string> {
  if (source.kind === 'counting') return countingText(seed);
  if (source.kind === 'pasted') return source.text;
  const res = await fetch(source.url);
  if (!res.ok) throw new Error(`Could not load the sample "${source.label}" (HTTP ${res.status}).`);
  return res.text();
}

async function train(request: TrainRequest, wasmPaths: string, backendOverride: string | null, mine: number): Promise<void> {
  post({ type: 'preparing', message: 'Starting TF.js…' });
  // With helper threads, each thread runs one XNNPACK thread: the batch parts are the parallelism.
  const backend = await initBackend({ wasmPaths, override: backendOverride, wasmThreads: request.threads > 1 ? 1 : undefined });
  post({ type: 'preparing', message: 'Reading the text and learning a tokenizer…' });
  const text = await loadText(request.source, request.seed);
  const base = TRAINER_PRESETS[request.preset].config;
  // Counting has a dozen characters: bytes alone (no merges) keep every digit its own token.
  const corpus = prepareCorpus(text, request.source.kind === 'counting' ? 257 : base.vocab_size, base.n_positions);
  const config = { ...base, vocab_size: corpus.tokenizer.vocabSize };
  const run = new TrainingRun(config, corpus, request);
  if (mine === generation) current = run;
  const helpers = await helpersFor(request, backend, { config, train: corpus.train, T: run.T, wasmPaths, backend: backend.name }, mine);
  if (mine !== generation) return;
  const prompt = request.source.kind === 'counting' ? '100 101 102 ' : 'The ';
  const threads = Math.max(1, helpers.length);
  const info: RunInfo = { backend: threads > 1 ? withThreads(backend, threads) : backend, threads, parameters: run.parameterCount, vocab: config.vocab_size, trainTokens: corpus.train.length, heldOutTokens: corpus.heldOut.length, prompt };
  post({ type: 'started', info });
  // The head's pattern is drawn over a fixed text: more of the count, or the start of the held-out text.
  const patternText = request.source.kind === 'counting' ? '100 101 102 103 104 105 106 107' : corpus.tokenizer.decode(Array.from(corpus.heldOut.subarray(0, PATTERN_TOKENS)));
  await loop(run, helpers, request.steps, prompt, patternText, mine);
}

/**
 * Helper threads for a run: one per thread (at most one per window of the batch); none for one thread, where this
 * worker computes the steps itself, or on a GPU backend, where one thread already keeps the device busy. With
 * helpers, this worker only adds their gradients, updates, and checks: in Chromium on this 2-core machine, a batch
 * shared between two helpers trained faster than one shared between a helper and this worker (docs/benchmarks.md).
 */
async function helpersFor(request: TrainRequest, backend: BackendInfo, setup: HelperSetup, mine: number): Promise<GradientHelper[]> {
  const count = Math.min(request.threads, request.batch);
  if (count < 2 || (backend.name !== 'wasm' && backend.name !== 'cpu')) return [];
  post({ type: 'preparing', message: `Starting ${count} training threads…` });
  const pool = await startHelpers(count, setup);
  if (mine !== generation) {
    pool.close();
    return [];
  }
  closeHelpers = pool.close;
  return pool.helpers;
}

/** "SIMD, 4 threads" for the run: one WASM thread in each of the trainer's threads. */
function withThreads(backend: BackendInfo, threads: number): BackendInfo {
  const simd = backend.name === 'wasm' ? `${backend.detail?.split(', ')[0] ?? 'WASM'}, ` : '';
  return { ...backend, detail: `${simd}${threads} threads` };
}

async function loop(run: TrainingRun, helpers: GradientHelper[], steps: number, prompt: string, patternText: string, mine: number): Promise<void> {
  const trainPts: LossPoint[] = [];
  const heldPts: LossPoint[] = [{ step: 0, loss: run.heldOutLoss() }];
  let sample: { step: number; text: string } | null = { step: 0, text: run.sample(prompt, SAMPLE_TOKENS) };
  let pattern: HeadPattern | null = run.attentionPattern(patternText, PATTERN_TOKENS);
  let elapsed = 0; // ms of training, pauses excluded
  let lastPost = 0;
  let lastEval = performance.now();
  let lastSample = lastEval;
  let heldStep = 0; // the step of the newest held-out point and sample
  let sampleStep = 0;
  let rate = { t: performance.now(), step: 0, value: 0 };
  const flush = (done: boolean) => {
    post({ type: 'progress', step: run.step, steps, train: trainPts.splice(0), heldOut: heldPts.splice(0), tokensPerSecond: rate.value, elapsed: elapsed / 1000, sample, pattern, paused, done });
    sample = null;
    pattern = null;
    lastPost = performance.now();
  };
  /** The held-out check and the sample when due (`final`: now, unless already done at this step), on the weights as
   * they stand after run.step steps. */
  const checks = (final: boolean) => {
    const now = performance.now();
    if (final ? heldStep !== run.step : now - lastEval > EVAL_EVERY_MS) {
      heldPts.push({ step: run.step, loss: run.heldOutLoss() });
      heldStep = run.step;
      lastEval = performance.now();
    }
    if (final ? sampleStep !== run.step : now - lastSample > SAMPLE_EVERY_MS) {
      sample = { step: run.step, text: run.sample(prompt, SAMPLE_TOKENS) };
      pattern = run.attentionPattern(patternText, PATTERN_TOKENS);
      sampleStep = run.step;
      lastSample = performance.now();
    }
  };
  flush(false);
  while (!run.done) {
    if (mine !== generation) return;
    if (paused) {
      flush(false);
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      rate = { t: performance.now(), step: run.step, value: rate.value };
      continue;
    }
    const t0 = performance.now();
    let loss: number;
    if (helpers.length) {
      const stepping = run.trainStepWith(helpers); // the helpers start on this step's batch at once,
      checks(false); // while this worker checks the weights they started from
      loss = await stepping;
    } else {
      loss = run.trainStep();
      checks(false);
    }
    if (mine !== generation) return;
    trainPts.push({ step: run.step, loss });
    const now = performance.now();
    if (now - rate.t > 1000) rate = { t: now, step: run.step, value: ((run.step - rate.step) * run.tokensPerStep * 1000) / (now - rate.t) };
    elapsed += performance.now() - t0;
    if (performance.now() - lastPost >= UPDATE_MS) flush(false);
    await yieldToMessages();
  }
  if (mine === generation) {
    checks(true);
    flush(true);
    stopHelpers();
  }
}

/** The three files of the model as it stands (between two steps: messages run only while the loop yields). */
async function exportRun(): Promise<void> {
  const run = current;
  if (!run || run.step === 0) return post({ type: 'export-failed', message: 'Train for a few steps first: there is no trained model to use yet.' });
  const step = run.step;
  const files = await run.files();
  postMessage({ type: 'exported', files, step } satisfies FromTrainer, [files.weights.buffer]);
}

/** Lets queued messages (Pause, Reset) run between steps; a MessageChannel is not throttled like timers. One channel
 * for the worker's life: a new one per step would be two new ports every step. */
const turn = new MessageChannel();
let turnDone: (() => void) | null = null;
turn.port1.onmessage = () => turnDone?.();
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    turnDone = resolve;
    turn.port2.postMessage(null);
  });
}
