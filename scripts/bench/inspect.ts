// Inspection benchmark: one inspect() (attention of every head, logit lens, norms; with and
// without knock-outs) against one plain forward pass of the same 64-token prompt, book-small,
// WASM, warm. The target: inspection costs at most 2x the plain pass.

import { join } from 'node:path';
import { resetBackend } from '../../src/llm/backend.ts';
import { forward } from '../../src/llm/gpt.ts';
import { inspect } from '../../src/llm/inspect.ts';
import { initNodeBackend, loadModelFromDir } from '../../src/llm/io/node-fs.ts';
import { table, timeMs } from './measure.ts';
import type { BenchOptions } from './registry.ts';

export const title = 'Inspection: inspect() against a plain forward pass (src/llm/inspect.ts)';

const PROMPT_TOKENS = 64;

export async function run({ quick, log }: BenchOptions): Promise<string> {
  resetBackend();
  await initNodeBackend('wasm');
  const model = loadModelFromDir(join(process.cwd(), 'public', 'models', 'book-small'));
  const ids = Array.from({ length: PROMPT_TOKENS }, (_, i) => (i * 37 + 11) % model.config.vocab_size);
  const reps = quick ? 5 : 30;
  log(`inspect: book-small, ${PROMPT_TOKENS} tokens, wasm, best of ${reps}`);
  const cases: [string, () => Promise<unknown>][] = [
    ['plain forward (logits [T, V])', () => forward(model, ids)],
    ['inspect', () => inspect(model, ids)],
    ['inspect + one head in detail', () => inspect(model, ids, { focus: { layer: 1, head: 2 } })],
    ['inspect + knock-outs (2 heads, 1 MLP)', () => inspect(model, ids, { knockouts: { heads: [{ layer: 0, head: 1 }, { layer: 2, head: 3 }], mlps: [1] } })],
  ];
  const times: number[] = [];
  for (const [, fn] of cases) times.push(await timeMs(fn, reps, 3));
  const rows = cases.map(([name], i) => [name, times[i].toFixed(2), (times[i] / times[0]).toFixed(2)]);
  return [
    table(['book-small, 64 tokens, WASM (warm)', 'ms (best)', 'x plain forward'], rows),
    '',
    'Target: inspect at most 2x the plain forward pass (one pass for all heads and layers).',
  ].join('\n');
}
