// Small timing helpers shared by benchmark sections (Node).

import * as tf from '@tensorflow/tfjs-core';

/**
 * Best (shortest) wall time in ms of fn over `reps` runs after `warmup` runs; fn must await its
 * results. The best run is the one least disturbed by other processes on a shared machine.
 */
export async function timeMs(fn: () => Promise<unknown>, reps: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

/** FLOP/s of an n x n x n float32 matMul on the current backend (2 n^3 FLOPs per product). */
export async function matMulRate(n: number, reps: number): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const ms = await timeMs(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }, reps);
  tf.dispose([a, b]);
  return (2 * n ** 3) / (ms / 1000);
}

export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M`;
  return perSecond.toFixed(1);
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
