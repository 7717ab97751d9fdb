// The sand simulation's state and its one move, the tap: a noisy gradient step for every grain.
// Seeded and pure (a state in, a new state out), so the same seed and settings give the same run
// in the build, in the browser and in the tests.
import { EXTENT, gradient, loss, SAGS, sagOf, type Point } from './surface.ts';

export interface Settings {
  /** Step size: how far one tap moves a grain per unit of slope. */
  learningRate: number;
  /** Texts per batch: larger batches give a truer slope, so less noise (noise ∝ 1/√batch). */
  batchSize: number;
  /** Grains sprinkled by "Start again". */
  grains: number;
}

export interface SandState {
  grains: Point[];
  taps: number;
  /** The seed of this sprinkle (shown to the reader, so a sprinkle can be named). */
  seed: number;
  /** PRNG state for the taps' noise, carried from tap to tap. */
  rng: number;
}

export const DEFAULT_SETTINGS: Settings = { learningRate: 0.05, batchSize: 16, grains: 40 };
export const LIMITS = {
  learningRate: { min: 0.005, max: 0.5 },
  batchSize: [1, 4, 16, 64, 256],
  grains: { min: 5, max: 200 },
} as const;

/** Standard deviation of one grain's gradient error with a batch of one text. */
const NOISE_AT_BATCH_1 = 2;

/** mulberry32: a tiny seeded PRNG. Returns [value in [0, 1), next state]. */
function nextRandom(state: number): [number, number] {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, s];
}

/** A seeded source of standard normal numbers (Box–Muller) over a carried PRNG state. */
class Normal {
  state: number;
  constructor(state: number) {
    this.state = state;
  }
  uniform(): number {
    const [u, s] = nextRandom(this.state);
    this.state = s;
    return u;
  }
  next(): number {
    const u = 1 - this.uniform(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}

/** A fresh random sprinkle of `count` grains over the whole fabric. */
export function sprinkle(seed: number, count: number): SandState {
  const rand = new Normal(seed >>> 0);
  const grains = Array.from({ length: count }, () => ({
    x: (rand.uniform() * 2 - 1) * EXTENT,
    y: (rand.uniform() * 2 - 1) * EXTENT,
  }));
  return { grains, taps: 0, seed, rng: rand.state };
}

/** Noise scale of one tap for a batch size: the error of an average of `batch` noisy slopes. */
export function noiseScale(batchSize: number): number {
  return NOISE_AT_BATCH_1 / Math.sqrt(batchSize);
}

/**
 * One tap: every grain moves against the slope, p ← p − lr·(∇loss(p) + noise). The noise has a part
 * shared by all grains (one batch's quirk, the tap's direction) and a smaller part of each grain's own.
 */
export function tap(state: SandState, settings: Settings, noise = noiseScale(settings.batchSize)): SandState {
  const rand = new Normal(state.rng);
  const shared = { x: rand.next() * noise, y: rand.next() * noise };
  const own = noise / 2;
  const grains = state.grains.map((p) => {
    const g = gradient(p);
    const x = p.x - settings.learningRate * (g.x + shared.x + rand.next() * own);
    const y = p.y - settings.learningRate * (g.y + shared.y + rand.next() * own);
    return { x: clamp(x), y: clamp(y) };
  });
  return { grains, taps: state.taps + 1, seed: state.seed, rng: rand.state };
}

/** `n` taps in a row. */
export function tapMany(state: SandState, settings: Settings, n: number): SandState {
  let s = state;
  for (let i = 0; i < n; i++) s = tap(s, settings);
  return s;
}

export interface Summary {
  taps: number;
  /** Grains in each sag, in SAGS order. */
  perSag: number[];
  /** Grains not in any sag: still rolling, or flung out by too large a step. */
  between: number;
  meanLoss: number;
}

export function summarize(state: SandState): Summary {
  const perSag = SAGS.map(() => 0);
  let between = 0;
  let total = 0;
  for (const p of state.grains) {
    const i = sagOf(p);
    if (i < 0) between++;
    else perSag[i]++;
    total += loss(p);
  }
  return { taps: state.taps, perSag, between, meanLoss: state.grains.length ? total / state.grains.length : NaN };
}

/** The live description, e.g. "After 100 taps: 23 grains in the deep sag, …; mean loss 0.41." */
export function describe(summary: Summary): string {
  const where = SAGS.map((s, i) => `${plural(summary.perSag[i], 'grain')} in the ${s.name}`);
  where.push(`${summary.between} still moving`);
  const when = summary.taps === 0 ? 'Fresh sprinkle, no taps yet' : `After ${plural(summary.taps, 'tap')}`;
  return `${when}: ${where.join(', ')}; mean loss ${summary.meanLoss.toFixed(2)}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clamp(v: number): number {
  return Math.max(-EXTENT, Math.min(EXTENT, v));
}
