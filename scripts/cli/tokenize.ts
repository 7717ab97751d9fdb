// `npm run llm -- tokenize`: text -> token ids, with each token shown.

import { readFileSync } from 'node:fs';
import { chooseTokenizer, parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- tokenize (--model DIR | --tokenizer gpt2|FILE.json) (--text TEXT | --text-file FILE) [--json]

  Prints each token's id and text ('␣' = space, '↵' = newline, <0xE2> = part of a character).
  --json prints {"ids": [...], "tokens": [...], "display": [...]}: "tokens" is each token's own text
  (U+FFFD where a token holds only part of a character), "display" the visible form.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'tokenizer', 'text', 'text-file'], booleans: ['json'] });
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}" (text goes after --text).`);
    const text = single(args, 'text');
    const file = single(args, 'text-file');
    if ((text === undefined) === (file === undefined)) throw new UsageError('Give exactly one of --text TEXT or --text-file FILE.');
    const tokenizer = await chooseTokenizer(args);
    const input = text ?? readFileSync(file as string, 'utf8');
    const ids = tokenizer.encode(input);
    if (args.flags.has('json')) {
      const tokens = ids.map((id) => tokenizer.tokenText(id));
      const display = ids.map((id) => tokenizer.displayToken(id));
      process.stdout.write(`${JSON.stringify({ ids, tokens, display })}\n`);
      return 0;
    }
    const width = String(tokenizer.vocabSize - 1).length;
    for (const id of ids) process.stdout.write(`${String(id).padStart(width)}  ${tokenizer.displayToken(id)}\n`);
    process.stdout.write(`${ids.length} tokens, ${input.length} characters (${tokenizer.name}, vocabulary ${tokenizer.vocabSize})\n`);
    return 0;
  });
}
