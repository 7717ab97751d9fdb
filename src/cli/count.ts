// `npm run llm -- count`: how many parameters a config has, by kind (no weights needed).

import { readFileSync } from 'node:fs';
import { getPreset, parseConfig, PRESETS } from '../llm/config.ts';
import { countParameters, formatCount } from '../llm/params.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- count (--preset NAME | --config FILE) [--json]

  Presets: ${Object.keys(PRESETS).join(', ')}.
  --json prints {"total": .., "weightsOnly": .., "breakdown": {..}}.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['preset', 'config'], booleans: ['json', 'help'] });
    if (args.flags.has('help')) return (process.stdout.write(`${usage}\n`), 0);
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
        throw new Error(`Could not read ${file} as JSON: ${(err as Error).message}`);
      }
      config = parseConfig(raw);
    }
    const c = countParameters(config);
    if (args.flags.has('json')) {
      process.stdout.write(`${JSON.stringify({ total: c.total, weightsOnly: c.weightsOnly, breakdown: c.breakdown })}\n`);
      return 0;
    }
    const width = Math.max(...c.rows.map((r) => r.label.length));
    for (const r of c.rows) {
      const note = r.stored ? '' : '  (tied: shared with the token embedding)';
      process.stdout.write(`${r.label.padEnd(width)}  ${r.count.toLocaleString('en-US').padStart(18)}  ${formatCount(r.count)}${note}\n`);
    }
    process.stdout.write(`${'Total (stored)'.padEnd(width)}  ${c.total.toLocaleString('en-US').padStart(18)}  ${formatCount(c.total)}\n`);
    process.stdout.write(`${'Weights only'.padEnd(width)}  ${c.weightsOnly.toLocaleString('en-US').padStart(18)}  ${formatCount(c.weightsOnly)}\n`);
    return 0;
  });
}
