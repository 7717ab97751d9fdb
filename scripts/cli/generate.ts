// `npm run llm -- generate`: continue a prompt, token by token, with the KV cache.

import { generateText, promptIds } from '../../src/llm/generate-text.ts';
import { validateSampling } from '../../src/llm/sample.ts';
import { loadModelArg, numberFlag, parseIds } from './model-cli.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- generate --model DIR (--prompt TEXT | --ids LIST) --max-new-tokens N
         [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json] [--backend wasm|cpu]

  Streams the new tokens as text (ids when the model has no tokenizer).
  --temperature 0 is greedy; defaults: temperature 1, no top-k, top-p 1, seed 0.
  --json prints {"ids": [new ids], "text": "..."} ("text" only when the model has a tokenizer).`;

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, {
      values: ['model', 'prompt', 'ids', 'max-new-tokens', 'temperature', 'top-k', 'top-p', 'seed', 'backend'],
      booleans: ['json'],
    });
    if (args.positional.length > 0) throw new UsageError(`Unexpected argument "${args.positional[0]}" (the prompt goes after --prompt).`);
    const prompt = single(args, 'prompt');
    const idsText = single(args, 'ids');
    if ((prompt === undefined) === (idsText === undefined)) throw new UsageError('Give exactly one of --prompt TEXT or --ids LIST.');
    const maxNewTokens = numberFlag(args, 'max-new-tokens', true);
    if (maxNewTokens === undefined || maxNewTokens < 1) throw new UsageError('--max-new-tokens N (an integer >= 1) is required.');
    let settings;
    try {
      settings = validateSampling({
        temperature: numberFlag(args, 'temperature'),
        topK: numberFlag(args, 'top-k'),
        topP: numberFlag(args, 'top-p'),
        seed: numberFlag(args, 'seed', true),
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const model = await loadModelArg(args);
    const tokenizer = model.tokenizer;
    if (prompt !== undefined && !tokenizer) throw new UsageError('This model has no tokenizer.json: give --ids instead of --prompt.');
    const ids = promptIds(model, idsText !== undefined ? parseIds(idsText) : prompt!);
    const json = args.flags.has('json');
    const newIds: number[] = [];
    let printed = '';
    const onTruncate = (n: number) => process.stderr.write(`(prompt cut: the first ${n} tokens do not fit the ${model.config.n_positions}-token context)\n`);
    for await (const t of generateText(model, ids, { ...settings, maxNewTokens, onTruncate })) {
      newIds.push(t.id);
      printed = t.textSoFar;
      // Whole characters only: a character split across tokens is printed once it is complete.
      if (!json) process.stdout.write(tokenizer ? t.newText : `${newIds.length > 1 ? ',' : ''}${t.id}`);
    }
    if (json) {
      const out: { ids: number[]; text?: string } = { ids: newIds };
      if (tokenizer) out.text = tokenizer.decode(newIds);
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else {
      // Bytes of an unfinished character at the very end print as U+FFFD, as decode() writes them.
      if (tokenizer) process.stdout.write(tokenizer.decode(newIds).slice(printed.length));
      process.stdout.write('\n');
    }
    return 0;
  });
}
