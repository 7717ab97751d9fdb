// `npm run llm -- train-tokenizer`: learn a byte-level BPE vocabulary from text files, write tokenizer.json.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { train } from '../../src/llm/tokenizer/bpe-train.ts';
import { displaySymbols } from '../../src/llm/tokenizer/token-display.ts';
import { parseArgs, runCommand, single, UsageError } from './tokenizer-cli.ts';

export const usage = `Usage: npm run llm -- train-tokenizer --input FILES --vocab-size N --out tokenizer.json [--quiet]

  --input      text files (comma-separated or repeated); "brown" = the Brown Corpus training split
  --vocab-size ids in the result: 256 bytes + merges + <|endoftext|> (e.g. 4096)
  --out        where to write the Hugging Face tokenizer.json
  Progress goes to stderr (merge k of n, with the pair merged); --quiet turns it off.`;

async function readInputs(inputs: string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const input of inputs) {
    if (input === 'brown') {
      const { joinDocuments, readBrown, splitBrown } = await import('../lib/brown.ts');
      texts.push(joinDocuments(splitBrown(readBrown()).train));
    } else texts.push(readFileSync(input, 'utf8'));
  }
  return texts;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(usage, async () => {
    const args = parseArgs(argv, { values: ['input', 'vocab-size', 'out'], booleans: ['quiet'] });
    const inputs = [...(args.flags.get('input') ?? []).flatMap((v) => v.split(',')), ...args.positional].filter((s) => s !== '');
    if (inputs.length === 0) throw new UsageError('Give the training text with --input FILES.');
    const sizeText = single(args, 'vocab-size');
    const out = single(args, 'out');
    if (sizeText === undefined || !/^\d+$/.test(sizeText)) throw new UsageError(`--vocab-size needs a whole number; got ${sizeText ?? 'nothing'}.`);
    if (out === undefined) throw new UsageError('Give the output file with --out tokenizer.json.');
    const quiet = args.flags.has('quiet');

    const texts = await readInputs(inputs);
    const chars = texts.reduce((n, t) => n + t.length, 0);
    const start = performance.now();
    const log = (line: string) => quiet || process.stderr.write(`${line}\n`);
    log(`Training on ${inputs.length} input(s), ${(chars / 1e6).toFixed(2)} M characters, for ${sizeText} ids...`);
    const tokenizer = train(texts, Number(sizeText), {
      onMerge: (e) => {
        if (e.step <= 10 || e.step % 250 === 0 || e.step === e.total) {
          log(`merge ${e.step} of ${e.total}: ${displaySymbols(e.pair[0])} + ${displaySymbols(e.pair[1])} -> ${displaySymbols(e.token)} (${e.count} times)`);
        }
      },
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(tokenizer));
    const seconds = (performance.now() - start) / 1000;
    log(`Wrote ${out}: ${tokenizer.vocabSize} ids (${tokenizer.merges.length} merges) in ${seconds.toFixed(1)} s.`);
    if (tokenizer.vocabSize < Number(sizeText)) log(`Note: the text ran out of pairs to merge before reaching ${sizeText} ids.`);
    return 0;
  });
}
