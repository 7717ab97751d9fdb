// `npm run train -- --resume` continues an interrupted run without losing or changing anything:
// 3 steps + resume for 3 more must give bit-identical weights and optimizer state to 6 steps in one go.

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
});
