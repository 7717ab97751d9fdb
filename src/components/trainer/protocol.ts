// Messages between the trainer island and its worker (trainer.worker.ts). Types only.
import type { BackendInfo } from '../../llm/backend.ts';
import type { GPTConfig } from '../../llm/config.ts';
import type { ModelFiles } from '../../worker/model-store.ts';

/** What to train on: the counting task, one of the built-in Brown Corpus samples (a URL), or pasted text. */
export type TextSource = { kind: 'counting' } | { kind: 'sample'; url: string; label: string } | { kind: 'pasted'; text: string };

export interface TrainRequest {
  source: TextSource;
  preset: string; // a key of TRAINER_PRESETS
  learningRate: number;
  batch: number;
  steps: number;
  seed: number;
  threads: number; // trainer threads sharing each batch (1 = this worker alone)
}

export type ToTrainer =
  | { type: 'start'; request: TrainRequest; wasmPaths: string; backend: string | null }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'reset' }
  | { type: 'export' }; // the model as it stands: answered with 'exported'

export interface LossPoint {
  step: number;
  loss: number;
}

/** One attention head's weights over a fixed text, as the run stands at `step`. */
export interface HeadPattern {
  step: number;
  layer: number; // 0-based
  head: number; // 0-based
  tokens: string[]; // as displayed ('␣the')
  weights: number[][]; // [query][key], rows sum to 1
}

export interface RunInfo {
  backend: BackendInfo;
  parameters: number;
  vocab: number;
  trainTokens: number;
  heldOutTokens: number;
  prompt: string;
  threads: number; // threads actually training (1 on a GPU backend, where the batch is not shared)
}

export type FromTrainer =
  | { type: 'preparing'; message: string }
  | { type: 'started'; info: RunInfo }
  | {
      type: 'progress';
      step: number;
      steps: number;
      train: LossPoint[]; // new points since the last message
      heldOut: LossPoint[];
      tokensPerSecond: number;
      elapsed: number; // seconds of training, pauses excluded
      sample: { step: number; text: string } | null;
      pattern: HeadPattern | null; // new since the last message
      paused: boolean;
      done: boolean;
    }
  | { type: 'exported'; files: ModelFiles; step: number } // config.json, model.safetensors, tokenizer.json
  | { type: 'export-failed'; message: string }
  | { type: 'error'; message: string };

/** What a helper thread (gradient.worker.ts) needs once, before its first part of a batch. */
export interface HelperSetup {
  config: GPTConfig;
  train: Int32Array; // the training text's token ids
  T: number;
  wasmPaths: string;
  backend: string; // the trainer worker's backend, so every part runs on the same kind of arithmetic
}

/** The trainer worker to one of its helper threads. */
export type ToHelper =
  | ({ type: 'init' } & HelperSetup)
  | { type: 'gradients'; id: number; params: Float32Array; offsets: number[]; share: number };

export type FromHelper =
  | { type: 'ready' }
  | { type: 'gradients'; id: number; lossSum: number; grads: Float32Array }
  | { type: 'error'; message: string };
