// The main thread's side of data-parallel training: worker threads (train-worker.ts) that share the parameters,
// their gradients and the token streams through SharedArrayBuffers. A batch's windows are split into one
// contiguous part per worker.

import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerReply, WorkerRequest } from './train-worker.ts';

export function sharedFloat32(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}

export function sharedCopy(a: Uint16Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint16Array(sab).set(a);
  return sab;
}

export class WorkerPool {
  readonly workers: Worker[] = [];
  readonly grads: Float32Array[] = [];
  constructor(init: Omit<WorkerInit, 'grads'>, n: number, size: number) {
    for (let i = 0; i < n; i++) {
      const grads = sharedFloat32(size);
      this.grads.push(grads);
      const data: WorkerInit = { ...init, grads: grads.buffer as SharedArrayBuffer };
      this.workers.push(new Worker(new URL('./train-worker.ts', import.meta.url), { workerData: data }));
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
  /** Mean loss (nats/token) of the windows at `offsets`, evaluated without dropout by the workers. */
  async evaluate(offsets: number[]): Promise<number> {
    const replies = await this.all(offsets, (part) => ({ kind: 'eval', offsets: part }));
    return replies.reduce((s, r) => s + (r.kind === 'eval' ? r.lossSum : 0), 0) / offsets.length;
  }
  /** The workers' gradient shares added into `out`. */
  sumGrads(out: Float32Array): void {
    out.set(this.grads[0]);
    for (let w = 1; w < this.grads.length; w++) {
      const g = this.grads[w];
      for (let i = 0; i < out.length; i++) out[i] += g[i];
    }
  }
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
