// `npm run llm -- logits`: the model's raw scores for every position of a sequence of ids.

import { forward } from '../../src/llm/gpt.ts';
import { loadModelArg, parseIds } from './model-cli.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- logits --model DIR --ids 5,17,3 [--json] [--backend wasm|cpu]

  Runs the model on the ids and prints, for each position, the five highest-scoring next tokens.
  --json prints exactly one JSON array of T rows of V logits ([T][V]) and nothing else.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'ids', 'backend'], booleans: ['json'] });
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}".`);
    const idsText = single(args, 'ids');
    if (idsText === undefined) throw new UsageError('--ids is required, e.g. --ids 5,17,3.');
    const ids = parseIds(idsText);
    const model = await loadModelArg(args);
    const { logits } = await forward(model, ids);
    const [T, V] = logits.shape;
    const rows = Array.from({ length: T }, (_, t) => Array.from(logits.data.subarray(t * V, (t + 1) * V)));
    if (args.flags.has('json')) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return 0;
    }
    const show = (id: number) => (model.tokenizer ? JSON.stringify(model.tokenizer.decode([id])) : '');
    process.stdout.write(`logits [${T}, ${V}]\n`);
    rows.forEach((row, t) => {
      const top = row.map((v, id) => [v, id] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
      const cells = top.map(([v, id]) => `${id}${show(id) ? ` ${show(id)}` : ''} ${v.toFixed(3)}`);
      process.stdout.write(`t=${t} id=${ids[t]}  top: ${cells.join(' | ')}\n`);
    });
    return 0;
  });
}
