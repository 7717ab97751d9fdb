// `npx node scripts/ngram-baselines.ts`: the counting baselines chapter 7 shows before the book's
// model has finished training. It runs scripts/baselines.ts's computeBaselines (the same code, the same
// tokenizer and the same split that later write "baselines" into training.json) on the token streams
// the trainer caches in runs/brown-bpe-<V>/ for the book-small preset's vocabulary, and writes
// src/components/diagrams/ch07-ngram-baselines.json. Once public/models/book-small/training.json has
// its own "baselines", chapter 7 uses those instead; the two agree because the inputs are identical.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOK_MODEL, getPreset } from '../src/llm/config.ts';
import { BpeTokenizer } from '../src/llm/tokenizer/tokenizer.ts';
import type { Baselines } from '../src/llm/training-record.ts';
import { computeBaselines } from './baselines.ts';

/** The trainer's cached tokenizer and token streams for a vocabulary size, or undefined before `npm run train` made them. */
export function readCachedData(root: string, V: number): { tokenizer: BpeTokenizer; train: Uint16Array; heldOut: Uint16Array; heldOutCharacters: number } | undefined {
  const dir = join(root, 'runs', `brown-bpe-${V}`);
  const files = ['tokenizer.json', 'train.u16', 'heldout.u16', 'data.json'].map((f) => join(dir, f));
  if (!files.every(existsSync)) return undefined;
  const read = (f: string) => new Uint16Array(new Uint8Array(readFileSync(f)).buffer);
  const { heldOutChars } = JSON.parse(readFileSync(files[3], 'utf8')) as { heldOutChars: number };
  return { tokenizer: BpeTokenizer.fromJSON(readFileSync(files[0], 'utf8')), train: read(files[1]), heldOut: read(files[2]), heldOutCharacters: heldOutChars };
}

export function baselinesFromCache(root: string, V: number): Baselines | undefined {
  const data = readCachedData(root, V);
  return data === undefined ? undefined : computeBaselines(data.tokenizer, data.train, data.heldOut, data.heldOutCharacters);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(import.meta.dirname, '..');
  const V = getPreset(BOOK_MODEL).vocab_size;
  const baselines = baselinesFromCache(root, V);
  if (baselines === undefined) {
    throw new Error(`No cached data in runs/brown-bpe-${V}/. Run \`npm run train -- --data-only\` first (it writes the tokenizer and token streams).`);
  }
  const path = join(root, 'src', 'components', 'diagrams', 'ch07-ngram-baselines.json');
  writeFileSync(path, `${JSON.stringify(baselines, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(baselines, null, 2)}\nwrote ${path}\n`);
}
