// One core against two: the real trainer (scripts/train.ts, book-small, batch 8 x 128 tokens) with
// --workers 1 and --workers 2, alternating short runs (1 2 1 2 ...) so machine load hits both alike.
// Each run does `--steps` optimizer steps; the first 2 are warm-up and not counted.
//   node scripts/bench/train-workers.ts [--steps 12] [--rounds 2]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '12' }, rounds: { type: 'string', default: '2' } } });
const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'workers-'));
const perStep: Record<string, number[]> = { 1: [], 2: [] };
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const workers of [1, 2]) {
      const out = join(dir, `w${workers}-${round}`);
      const args = ['scripts/train.ts', '--workers', String(workers), '--steps', '100000', '--stop-after', values.steps!, '--eval-every', '100000', '--checkpoint-every', '100000', '--no-export', '--out', out];
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
      const seconds = readFileSync(join(out, 'log.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[6]));
      for (let i = 3; i < seconds.length; i++) perStep[workers].push(seconds[i] - seconds[i - 1]);
      process.stderr.write(`round ${round}, ${workers} worker(s): ${seconds.length} steps\n`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const tokens = 8 * 128;
console.log('| worker threads | step s (median) | training tokens/s | speed-up |\n|---|---:|---:|---:|');
for (const w of ['1', '2']) {
  const s = median(perStep[w]);
  console.log(`| ${w} | ${s.toFixed(2)} | ${Math.round(tokens / s).toLocaleString('en-US')} | ${(median(perStep['1']) / s).toFixed(2)}x |`);
}
