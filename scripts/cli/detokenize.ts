// `npm run llm -- detokenize`: token ids -> text, printed exactly (no newline added).

import { chooseTokenizer, parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- detokenize (--model DIR | --tokenizer gpt2|FILE.json) --ids LIST [--json]

  LIST: ids separated by commas and/or spaces, brackets allowed: "15496,995" or "[15496, 995]".
  Prints exactly the decoded text, with no newline added; --json prints {"text": "..."} and a newline.`;

/** "[15496, 995]" / "15496 995" -> [15496, 995]; anything that is not a whole number is an error. */
export function parseIds(list: string): number[] {
  const parts = list.replace(/^\s*\[|\]\s*$/g, '').split(/[\s,]+/).filter((p) => p !== '');
  return parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new UsageError(`--ids: "${p}" is not a token id (a whole number).`);
    return Number(p);
  });
}

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'tokenizer', 'ids'], booleans: ['json'] });
    const list = single(args, 'ids') ?? (args.positional.length > 0 ? args.positional.join(' ') : undefined);
    if (list === undefined) throw new UsageError('Give the ids with --ids LIST.');
    const ids = parseIds(list);
    const tokenizer = await chooseTokenizer(args);
    const text = tokenizer.decode(ids);
    process.stdout.write(args.flags.has('json') ? `${JSON.stringify({ text })}\n` : text);
    return 0;
  });
}
