// A training run's state and its checkpoints in the run folder: checkpoint.json (step, log rows, config,
// recipe) and checkpoint.bin (parameters, AdamW's m and v as float32, then the tail-averaging sum as float64).
// The .json names the step of the .bin, so it is written last; --resume continues exactly where it stopped.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GPTConfig } from '../../src/llm/config.ts';
import { adamWState, type AdamWState } from '../../src/llm/train.ts';
import type { Recipe } from './train-options.ts';
import { sharedFloat32 } from './train-pool.ts';

export interface LogRow {
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

/** Everything a run updates: the shared parameters, the optimizer, the averaging sum and the checkpoint record. */
export interface TrainState {
  params: Float32Array; // [P], shared with the workers
  adam: AdamWState;
  avgSum: Float64Array; // tail averaging: sum of the snapshots so far
  ckpt: Checkpoint;
}

const files = (runDir: string) => ({ json: join(runDir, 'checkpoint.json'), bin: join(runDir, 'checkpoint.bin') });

/** The saved state when resuming and one exists, else a fresh one (parameters still zero). */
export function loadState(runDir: string, resume: boolean, config: GPTConfig, recipe: Recipe, workers: number, size: number): { state: TrainState; resumed: boolean } {
  const state: TrainState = {
    params: sharedFloat32(size),
    adam: adamWState(size),
    avgSum: new Float64Array(size),
    ckpt: { step: 0, seconds: 0, rows: [], config, recipe, workers },
  };
  const { json, bin } = files(runDir);
  if (!resume || !existsSync(json)) return { state, resumed: false };
  state.ckpt = JSON.parse(readFileSync(json, 'utf8'));
  if (JSON.stringify(state.ckpt.config) !== JSON.stringify(config)) throw new Error(`--resume: ${json} holds a different model config.`);
  const bytes = new Uint8Array(readFileSync(bin));
  const saved = new Float32Array(bytes.buffer, 0, 3 * size);
  state.params.set(saved.subarray(0, size));
  state.adam = { m: saved.slice(size, 2 * size), v: saved.slice(2 * size, 3 * size), t: state.ckpt.step };
  if ((state.ckpt.averaged ?? 0) > 0) state.avgSum.set(new Float64Array(bytes.buffer, 12 * size, size));
  return { state, resumed: true };
}

export function saveCheckpoint(runDir: string, { params, adam, avgSum, ckpt }: TrainState): void {
  const size = params.length;
  const averaging = (ckpt.averaged ?? 0) > 0;
  const bytes = new Uint8Array(12 * size + (averaging ? 8 * size : 0)); // params, m, v (float32) [, avgSum (float64)]
  const bin = new Float32Array(bytes.buffer, 0, 3 * size);
  bin.set(params, 0);
  bin.set(adam.m, size);
  bin.set(adam.v, 2 * size);
  if (averaging) new Float64Array(bytes.buffer, 12 * size, size).set(avgSum);
  const f = files(runDir);
  writeFileSync(`${f.bin}.tmp`, bytes);
  writeFileSync(`${f.json}.tmp`, JSON.stringify(ckpt));
  renameSync(`${f.bin}.tmp`, f.bin); // the .json names the step of the .bin: written last
  renameSync(`${f.json}.tmp`, f.json);
}
