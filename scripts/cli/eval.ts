// `npm run llm -- eval`: how well a model predicts a text: mean loss in nats per token and perplexity.

import { readFileSync, existsSync } from 'node:fs';
import { bitsPerChar, scoreTokens } from '../../src/llm/train.ts';
import { loadModelArg, numberFlag } from './model-cli.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- eval --model DIR --text-file FILE [--context T] [--stride S] [--json] [--backend wasm|cpu]

  Scores every token of FILE after the first, once, from the tokens before it in its window
  of T tokens (default T = the model's n_positions). Windows do not overlap unless --stride S
  (1..T) is given: then they start every S tokens and each token is scored by the first window
  that holds it, so every token after the first window sees at least T - S earlier tokens.
  Prints loss (nats per token), perplexity (e^loss), bits per character (the nats of every
  scored token / ln 2 / the characters they spell: independent of the tokenizer, so models with
  different vocabularies compare fairly) and the number of tokens scored;
  --json prints {"loss": ..., "ppl": ..., "bitsPerChar": ..., "tokens": N, "characters": C}.`;

/** Characters spelled by the scored tokens: the last `scored` of ids (scoring skips only the first window's first
 * tokens). Counted in code points of the decoded text. */
function scoredCharacters(tokenizer: { decode(ids: number[]): string }, ids: number[], scored: number): number {
  return [...tokenizer.decode(ids.slice(ids.length - scored))].length;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['model', 'text-file', 'context', 'stride', 'backend'], booleans: ['json'] });
    const file = single(args, 'text-file');
    if (file === undefined) throw new UsageError('--text-file FILE is required.');
    if (!existsSync(file)) throw new UsageError(`Text file not found: ${file}`);
    const model = await loadModelArg(args);
    if (!model.tokenizer) throw new UsageError('This model folder has no tokenizer.json, so it cannot read text.');
    const T = numberFlag(args, 'context', true) ?? model.config.n_positions;
    if (T < 1 || T > model.config.n_positions) throw new UsageError(`--context must be 1..${model.config.n_positions}; got ${T}.`);
    const stride = numberFlag(args, 'stride', true) ?? T;
    if (stride < 1 || stride > T) throw new UsageError(`--stride must be 1..${T} (the context); got ${stride}.`);
    const text = readFileSync(file, 'utf8');
    const ids = model.tokenizer.encode(text);
    if (ids.length < 2) throw new UsageError(`${file} holds ${ids.length} token(s); at least 2 are needed to score one.`);
    const { lossSum, tokens } = scoreTokens(model.config, model.weights, ids, T, { stride });
    const loss = lossSum / tokens;
    const characters = scoredCharacters(model.tokenizer, ids, tokens);
    const result = { loss, ppl: Math.exp(loss), bitsPerChar: bitsPerChar(lossSum, characters), tokens, characters };
    if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`loss ${loss.toFixed(4)} nats/token, perplexity ${result.ppl.toFixed(2)}, ${result.bitsPerChar.toFixed(3)} bits/char, ${tokens} tokens (${characters} characters)\n`);
    return 0;
  });
}
