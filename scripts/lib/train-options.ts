// The training run's settings: the recipe per book model (what the shipped models used) and the command
// line that can change it. Knows nothing about data, workers or checkpoints.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BOOK_MODEL, getPreset, type BookModelName, type GPTConfig } from '../../src/llm/config.ts';

/** Training recipe per model preset. The defaults are what the shipped models used. */
export interface Recipe {
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

const RECIPES: Record<BookModelName, Recipe> = {
  'book-tiny': {
    steps: 300, batch: 16, context: 64, lr: 3e-3, minLr: 3e-4, warmup: 30, dropout: 0.0, weightDecay: 0.1,
    clip: 1.0, evalEvery: 50, evalWindows: 64, checkpointEvery: 50, seed: 1961,
  },
  // Chosen by measurement (docs/benchmarks.md, "Retraining book-small to predict words"). An 8,192-token
  // vocabulary makes 82.5% of held-out words one token (2,048: 62%), and costs only ~14% in characters
  // trained per second (the unembedding grows, but each token covers more text). On this 2-core machine a
  // step is compute-bound: 8,000 steps (about 6.1 passes over the data) fit the 150-minute budget. A 7,000-step
  // run's held-out loss was still falling at its end, so the longer schedule won (benchmarks.md: 0.032 nats);
  // the held-out loss stays close to the training loss, so no dropout, and small batches (more updates per
  // token). The exported weights are the mean of the last 7 snapshots, 200 steps apart.
  'book-small': {
    steps: 8000, batch: 8, context: 128, lr: 2e-3, minLr: 2e-4, warmup: 50, dropout: 0.0, weightDecay: 0.1,
    clip: 1.0, evalEvery: 100, evalWindows: 64, checkpointEvery: 25, seed: 1961, average: { from: 6800, every: 200 },
  },
};

export interface TrainOptions {
  preset: BookModelName;
  config: GPTConfig;
  recipe: Recipe;
  workers: number;
  root: string; // the repository
  runDir: string; // checkpoints, log.csv, summary.json
  exportDir: string; // the model folder written at the end
  resume: boolean;
  export: boolean;
  dataOnly: boolean;
  stopAfter: number; // stop (with a checkpoint) after this many steps in this process
}

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: BOOK_MODEL },
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
    'stop-after': { type: 'string' }, // stop (with a checkpoint) after this many steps in this process
    'average-from': { type: 'string' }, // tail averaging: mean of the weights after this step, every --average-every steps
    'average-every': { type: 'string' },
    'data-only': { type: 'boolean', default: false }, // prepare the split and tokenizer, then stop
    'n-embd': { type: 'string' },
    'n-layer': { type: 'string' },
    'n-head': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

/** --help: print the usage and stop, before anything else is checked. */
export const helpRequested = args.help!;

function num(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}".`);
  return n;
}

function isBookModel(name: string): name is BookModelName {
  return Object.hasOwn(RECIPES, name);
}

/** The preset's config and recipe with the command line's changes. */
function recipeFor(preset: BookModelName): { config: GPTConfig; recipe: Recipe } {
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
  if (recipe.context > config.n_positions) throw new Error(`--context ${recipe.context} exceeds n_positions ${config.n_positions}.`);
  return { config, recipe };
}

/** This process's command line, checked. */
export function trainOptions(): TrainOptions {
  const preset = args.preset!;
  if (!isBookModel(preset)) throw new Error(`No training recipe for preset "${preset}". Known: ${Object.keys(RECIPES).join(', ')}.`);
  const { config, recipe } = recipeFor(preset);
  const root = join(import.meta.dirname, '..', '..');
  return {
    preset,
    config,
    recipe,
    workers: num(args.workers, 2, 'workers'),
    root,
    runDir: args.out ?? join(root, 'runs', preset),
    exportDir: args.export ?? join(root, 'public', 'models', preset),
    resume: args.resume!,
    export: !args['no-export'],
    dataOnly: args['data-only']!,
    stopAfter: num(args['stop-after'], Infinity, 'stop-after'),
  };
}
