// Model sizes the reader can train in the tab, and the defaults of a run. The default is book-tiny's shape
// (read from src/llm's presets, never retyped); the others are one step smaller and one step larger.
import { PRESETS, type GPTConfig } from '../../llm/config.ts';
import { trainingMemory } from '../../llm/train-memory.ts';
import type { TrainRequest } from './protocol.ts';

export interface TrainerPreset {
  label: string;
  config: GPTConfig; // vocab_size is the most the tokenizer may learn; n_positions is the window T
}

const tiny = PRESETS['book-tiny'];

export const TRAINER_PRESETS: Record<string, TrainerPreset> = {
  micro: { label: 'Micro (1 layer, 16 wide)', config: { ...tiny, n_embd: 16, n_layer: 1, n_head: 2 } },
  tiny: { label: `Tiny, like book-tiny (${tiny.n_layer} layers, ${tiny.n_embd} wide)`, config: tiny },
  small: { label: 'Small (2 layers, 64 wide)', config: { ...tiny, n_embd: 64, n_layer: 2, n_head: 4, vocab_size: 1024 } },
};

export const DEFAULT_REQUEST: Omit<TrainRequest, 'source'> = { preset: 'tiny', learningRate: 0.003, batch: 8, steps: 2000, seed: 1, threads: 1 };

export const LIMITS = {
  learningRate: { min: 0.0001, max: 0.05 },
  batch: { min: 1, max: 64 },
  steps: { min: 10, max: 100_000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  threads: { min: 1, max: 4 }, // each thread holds its own WASM backend and a copy of the weights
} as const;

/** Trainer threads to offer first: one per logical core the browser reports, at most LIMITS.threads.max. */
export function defaultThreads(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  return Number.isInteger(cores) && cores! > 0 ? Math.min(cores!, LIMITS.threads.max) : 1;
}

const MiB = 2 ** 20;
/** The most a run may use: the WASM heap of a 32-bit build, with room to spare. */
const MAX_BUDGET = 1024 * MiB;

/**
 * Bytes a training run in this tab may use: a quarter of the device's memory as the browser reports it (Chromium's
 * navigator.deviceMemory, in GB, rounded and capped at 8), at most 1 GiB; 1 GiB when the browser does not say.
 */
export function memoryBudget(deviceMemoryGB: number | undefined = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory): number {
  if (deviceMemoryGB === undefined || !Number.isFinite(deviceMemoryGB) || deviceMemoryGB <= 0) return MAX_BUDGET;
  return Math.min(MAX_BUDGET, (deviceMemoryGB * 1024 * MiB) / 4);
}

/** Estimated bytes to train a preset with this batch (at its full vocabulary; the tokenizer may learn fewer). */
export function presetMemory(preset: string, batch: number): number {
  return trainingMemory(TRAINER_PRESETS[preset].config, batch).total;
}

/** Bytes as the page writes them: "37 MB" (MiB, rounded). */
export function formatMB(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / MiB)).toLocaleString('en-US')} MB`;
}

/** The reader's message for a setting out of range or a run too big for the memory budget, or null when all are fine. */
export function checkRequest(r: Omit<TrainRequest, 'source'>, budget: number = memoryBudget()): string | null {
  if (!Object.hasOwn(TRAINER_PRESETS, r.preset)) return `Unknown model size "${r.preset}".`;
  const bad = (name: keyof typeof LIMITS, v: number, integer: boolean) => {
    const { min, max } = LIMITS[name];
    return !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)) ? `${name} must be ${integer ? 'a whole number ' : ''}from ${min} to ${max}, got ${v}.` : null;
  };
  const range = bad('learningRate', r.learningRate, false) ?? bad('batch', r.batch, true) ?? bad('steps', r.steps, true) ?? bad('seed', r.seed, true) ?? bad('threads', r.threads, true);
  if (range) return range;
  const need = presetMemory(r.preset, r.batch);
  if (need > budget) {
    return `Training this model with batch ${r.batch} needs about ${formatMB(need)} of memory (estimated), more than this device allows a tab (about ${formatMB(budget)}). Choose a smaller model size or batch.`;
  }
  return null;
}
