// `npm run llm -- count`: how many parameters a config has, by kind (no weights needed).

import { readFileSync } from 'node:fs';
import { getPreset, parseConfig, PRESETS } from '../../src/llm/config.ts';
import { countParameters, formatCount } from '../../src/llm/params.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

/** 124439808 -> "124.4M": the size at a glance, next to the exact count. */
export function shortCount(n: number): string {
  for (const [unit, size] of [['B', 1e9], ['M', 1e6], ['k', 1e3]] as const) if (n >= size) return `${(n / size).toFixed(1)}${unit}`;
  return String(n);
}

export const usage = `Usage: npm run llm -- count (--preset NAME | --config FILE) [--json]

  Presets: ${Object.keys(PRESETS).join(', ')}.
  --json prints {"total": .., "weightsOnly": .., "breakdown": {..}}.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['preset', 'config'], booleans: ['json'] });
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}".`);
    const preset = single(args, 'preset');
    const file = single(args, 'config');
    if ((preset === undefined) === (file === undefined)) throw new UsageError('Give exactly one of --preset NAME or --config FILE.');
    let config;
    if (preset !== undefined) {
      try {
        config = getPreset(preset);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    } else {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file!, 'utf8'));
      } catch (err) {
        throw new Error(`Could not read ${file} as JSON: ${(err as Error).message}`, { cause: err });
      }
      config = parseConfig(raw);
    }
    const c = countParameters(config);
    if (args.flags.has('json')) {
      process.stdout.write(`${JSON.stringify({ total: c.total, weightsOnly: c.weightsOnly, breakdown: c.breakdown })}\n`);
      return 0;
    }
    const width = Math.max(32, ...c.rows.map((r) => r.label.length));
    for (const r of c.rows) {
      const note = r.stored ? '' : '  (tied: shared with the token embedding)';
      process.stdout.write(`${r.label.padEnd(width)}  ${formatCount(r.count).padStart(18)}  ${shortCount(r.count).padStart(7)}${note}\n`);
    }
    process.stdout.write(`${'Total (stored)'.padEnd(width)}  ${formatCount(c.total).padStart(18)}  ${shortCount(c.total).padStart(7)}\n`);
    process.stdout.write(`${'Weights only (3Blue1Brown tally)'.padEnd(width)}  ${formatCount(c.weightsOnly).padStart(18)}  ${shortCount(c.weightsOnly).padStart(7)}\n`);
    return 0;
  });
}
