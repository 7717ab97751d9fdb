// Shared bits of the tokenizer commands (tokenize, detokenize, train-tokenizer): a tiny flag parser and
// "which tokenizer?" (--model DIR | --tokenizer gpt2 | --tokenizer FILE.json). Node only.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadGpt2Tokenizer } from '../../src/llm/tokenizer/gpt2-tokenizer.ts';
import { BpeTokenizer, type Tokenizer } from '../../src/llm/tokenizer/tokenizer.ts';

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  flags: Map<string, string[]>; // --name value (repeatable); boolean flags get ['true']
  positional: string[];
}

/** `--name value`, `--name=value` and boolean `--name` (when `booleans` lists it). */
export function parseArgs(argv: string[], known: { values: string[]; booleans: string[] }): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (known.booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value.`);
      add(name, 'true');
    } else if (known.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      add(name, value);
    } else {
      throw new UsageError(`Unknown option --${name}. Known: ${[...known.values, ...known.booleans].map((n) => `--${n}`).join(', ')}.`);
    }
  }
  return { flags, positional };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} given ${values.length} times; give it once.`);
  return values?.[0];
}

/** --model DIR (its tokenizer.json), --tokenizer gpt2, or --tokenizer path/to/tokenizer.json. */
export async function chooseTokenizer(args: ParsedArgs): Promise<Tokenizer> {
  const model = single(args, 'model');
  const tokenizer = single(args, 'tokenizer');
  if ((model === undefined) === (tokenizer === undefined)) {
    throw new UsageError('Give exactly one of --model DIR or --tokenizer gpt2|FILE.json.');
  }
  if (tokenizer === 'gpt2') return loadGpt2Tokenizer();
  let file = tokenizer as string;
  if (model !== undefined) {
    if (!existsSync(model) || !statSync(model).isDirectory()) throw new Error(`Model folder not found: ${model}`);
    file = join(model, 'tokenizer.json');
    if (!existsSync(file)) throw new Error(`Model folder ${model} has no tokenizer.json.`);
  }
  if (!existsSync(file)) throw new Error(`Tokenizer file not found: ${file} (use --tokenizer gpt2 for GPT-2's).`);
  return BpeTokenizer.fromJSON(readFileSync(file, 'utf8'), file);
}

/** Runs a command body: usage errors -> exit 2 with the usage text, other errors -> exit 1. */
export async function runCommand(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage}\n`);
      return 2;
    }
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return 1;
  }
}
