// `npm run train -- --resume` continues an interrupted run without losing or changing anything:
// 3 steps + resume for 3 more must give bit-identical weights and optimizer state to 6 steps in one go,
// with and without tail averaging.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

function train(out: string, extra: string[]): void {
  const args = ['scripts/train.ts', '--preset', 'book-tiny', '--steps', '6', '--eval-every', '3', '--checkpoint-every', '100', '--no-export', '--out', out, ...extra];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`train ${extra.join(' ')} failed:\n${r.stderr.slice(-3000)}`);
}

describe('train --resume', () => {
  test('an interrupted run resumed gives exactly the uninterrupted result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resume-'));
    try {
      train(join(dir, 'whole'), []);
      train(join(dir, 'split'), ['--stop-after', '3']);
      const mid = JSON.parse(readFileSync(join(dir, 'split', 'checkpoint.json'), 'utf8'));
      expect(mid.step).toBe(3);
      train(join(dir, 'split'), ['--resume']);
      const a = readFileSync(join(dir, 'whole', 'checkpoint.bin'));
      const b = readFileSync(join(dir, 'split', 'checkpoint.bin'));
      expect(b.length).toBe(a.length);
      expect(b.equals(a)).toBe(true);
      const logA = readFileSync(join(dir, 'whole', 'log.csv'), 'utf8').trim().split('\n');
      const logB = readFileSync(join(dir, 'split', 'log.csv'), 'utf8').trim().split('\n');
      expect(logB.length).toBe(7); // header + 6 steps: nothing repeated, nothing lost
      expect(logB.map((l) => l.split(',').slice(0, 6).join())).toEqual(logA.map((l) => l.split(',').slice(0, 6).join()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  test('tail averaging: the exported mean is the sum of the snapshots, and survives --resume exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'average-'));
    const avg = ['--average-from', '2', '--average-every', '2']; // snapshots after steps 2, 4, 6
    const params = (bytes: Buffer, size: number) => new Float32Array(new Uint8Array(bytes).buffer, 0, size);
    try {
      train(join(dir, 'whole'), avg);
      const split = join(dir, 'split');
      const snaps: Float32Array[] = [];
      for (const extra of [['--stop-after', '2'], ['--resume', '--stop-after', '2'], ['--resume']]) {
        train(split, [...avg, ...extra]);
        const bin = readFileSync(join(split, 'checkpoint.bin'));
        snaps.push(params(bin, bin.length / 20)); // params, m, v as float32 + the running sum as float64
      }
      const a = readFileSync(join(dir, 'whole', 'checkpoint.bin'));
      const b = readFileSync(join(split, 'checkpoint.bin'));
      expect(b.equals(a)).toBe(true);
      const size = a.length / 20;
      const sum = new Float64Array(new Uint8Array(a).buffer, 12 * size, size);
      let worst = 0;
      for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(sum[i] - (snaps[0][i] + snaps[1][i] + snaps[2][i])));
      expect(worst).toBe(0);
      expect(snaps[0].some((x, i) => x !== snaps[2][i])).toBe(true); // the snapshots differ: the mean is not the last step
      const summary = JSON.parse(readFileSync(join(dir, 'whole', 'summary.json'), 'utf8'));
      expect(summary.averagedSnapshots).toBe(3);
      expect(summary.lastStepHeldOutLoss).toBeGreaterThan(0);
      expect(summary.finalHeldOutLoss).not.toBe(summary.lastStepHeldOutLoss);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
