// One training worker thread: its own TF.js WASM backend computing loss and gradients for its
// share of each batch. Parameters, gradients and token streams live in SharedArrayBuffers, so a
// step costs one small message each way; the main thread (scripts/train.ts) adds the gradients
// and runs AdamW. Knows nothing about schedules, checkpoints or logging.

import { parentPort, workerData } from 'node:worker_threads';
import { setupTraining } from './train-env.ts';
import type { GPTConfig } from '../../src/llm/config.ts';

export interface WorkerInit {
  config: GPTConfig;
  params: SharedArrayBuffer; // Float32 [P], all weights in weightShapes order (main updates it)
  grads: SharedArrayBuffer; // Float32 [P], this worker's share of the batch gradient
  train: SharedArrayBuffer; // Uint16 token stream
  heldOut: SharedArrayBuffer; // Uint16 token stream
  T: number; // training window length
  dropout: number;
}

export type WorkerRequest =
  | { kind: 'step'; offsets: number[]; share: number; seed: number }
  | { kind: 'eval'; offsets: number[] }
  | { kind: 'stop' };

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'step'; lossSum: number; ms: number }
  | { kind: 'eval'; lossSum: number }
  | { kind: 'error'; message: string };

const init = workerData as WorkerInit;
await setupTraining();
const { gradientStep, evalLossSum } = await import('../../src/llm/train.ts');
const params = new Float32Array(init.params);
const grads = new Float32Array(init.grads);
const train = new Uint16Array(init.train);
const heldOut = new Uint16Array(init.heldOut);

parentPort!.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.kind === 'step') {
      const t0 = performance.now();
      const o = { T: init.T, training: true, dropout: init.dropout, seed: msg.seed };
      const lossSum = gradientStep(init.config, params, train, msg.offsets, msg.share, grads, o);
      parentPort!.postMessage({ kind: 'step', lossSum, ms: performance.now() - t0 } satisfies WorkerReply);
    } else if (msg.kind === 'eval') {
      const lossSum = evalLossSum(init.config, params, heldOut, msg.offsets, init.T);
      parentPort!.postMessage({ kind: 'eval', lossSum } satisfies WorkerReply);
    } else {
      parentPort!.close();
      process.exit(0);
    }
  } catch (err) {
    parentPort!.postMessage({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply);
  }
});
parentPort!.postMessage({ kind: 'ready' } satisfies WorkerReply);
