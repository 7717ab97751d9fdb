// Learning a byte-level BPE vocabulary (GPT-2 style): count every pre-tokenized chunk, start from its
// bytes, and repeatedly merge the most frequent adjacent pair into a new token (bpe-merge.ts's mergePair,
// the same step encoding uses). Encoding with the result lives in tokenizer.ts; this file only learns merges.
//
// The standard speedups (as in Hugging Face's `tokenizers` trainer), so 4,096 tokens from ~6 MB take
// seconds, not hours:
//   - count unique chunks once ("the" 60,000 times is one word with frequency 60,000);
//   - keep pair counts and update them only for the words that contain the merged pair (pair -> words index);
//   - find the most frequent pair with a max-heap whose stale entries are skipped when popped.
// Ties are broken by the smallest (left id, right id), i.e. older tokens first, so training is deterministic.

import { mergePair } from './bpe-merge.ts';
import { BYTE_ORDER, wtf8Encode } from './bytes.ts';
import { countChunks } from './pretokenize.ts';
import { BpeTokenizer, END_OF_TEXT, byteSymbols } from './tokenizer.ts';

export interface TrainOptions {
  specialTokens?: string[]; // appended after the merges; default ['<|endoftext|>'] (it must be included)
  minFrequency?: number; // stop early when the best pair occurs fewer times than this (default 1: only
  // when no pair is left, so the vocabulary has exactly vocabSize ids whenever the text allows it)
  onMerge?: (event: MergeEvent) => void; // called after every merge: progress for the CLI, frames for the book
  name?: string;
}

/** One learned merge: "merge `step` of `total`: left + right -> token `id` (seen `count` times)". */
export interface MergeEvent {
  step: number; // 1-based
  total: number; // merges planned (vocabSize - 256 - special tokens)
  left: number;
  right: number;
  id: number;
  pair: [string, string]; // the two tokens in GPT-2 byte symbols ("Ġ", "t"); see displaySymbols()
  token: string; // the new token in byte symbols ("Ġt")
  count: number; // how often the pair occurred when it was merged
}

/**
 * Learns a tokenizer with `vocabSize` ids (256 bytes + merges + special tokens) from text. Pass several
 * documents as an array rather than joining them with "<|endoftext|>": the literal string would be
 * learned as ordinary text.
 */
export function train(text: string | Iterable<string>, vocabSize: number, options: TrainOptions = {}): BpeTokenizer {
  const run = learnMerges(text, vocabSize, options);
  for (let r = run.next(); ; r = run.next()) {
    if (r.done) return r.value;
    options.onMerge?.(r.value);
  }
}

/**
 * The same training as a generator that yields each merge as it is learned and returns the tokenizer:
 * the book steps through it one merge per animation frame.
 */
export function* learnMerges(
  text: string | Iterable<string>,
  vocabSize: number,
  options: TrainOptions = {},
): Generator<MergeEvent, BpeTokenizer> {
  const specialTokens = options.specialTokens ?? [END_OF_TEXT];
  const minFrequency = options.minFrequency ?? 1;
  if (!specialTokens.includes(END_OF_TEXT)) throw new Error(`specialTokens must include ${END_OF_TEXT}.`);
  const total = vocabSize - 256 - specialTokens.length;
  if (!Number.isInteger(vocabSize) || total < 0) {
    throw new Error(`vocabSize must be an integer of at least ${256 + specialTokens.length} (256 bytes + special tokens); got ${vocabSize}.`);
  }
  const V = vocabSize; // pair key = left * V + right
  const symbols = byteSymbols();
  const byteId = new Int32Array(256);
  BYTE_ORDER.forEach((b, id) => (byteId[b] = id));

  // 1. unique chunks with their frequencies, each as a list of byte ids
  const counts = countChunks(typeof text === 'string' ? [text] : text);
  const words: number[][] = [];
  const freq: number[] = [];
  for (const [chunk, n] of counts) {
    const bytes = wtf8Encode(chunk);
    if (bytes.length < 2) continue; // a single byte has no pair to merge
    words.push(Array.from(bytes, (b) => byteId[b]));
    freq.push(n);
  }

  // 2. pair counts and the pair -> words index (a word may be listed more than once or after it lost
  //    the pair; both are checked when the list is used)
  const pairCount = new Map<number, number>();
  const where = new Map<number, number[]>();
  const addWordPairs = (w: number, sign: 1 | -1, delta: Map<number, number>) => {
    const word = words[w];
    for (let i = 0; i + 1 < word.length; i++) {
      const key = word[i] * V + word[i + 1];
      delta.set(key, (delta.get(key) ?? 0) + sign * freq[w]);
      if (sign > 0) {
        const list = where.get(key);
        if (list === undefined) where.set(key, [w]);
        else if (list[list.length - 1] !== w) list.push(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addWordPairs(w, 1, pairCount);
  const heap = new PairHeap();
  for (const [key, count] of pairCount) heap.push(count, key);

  // 3. merge the most frequent pair, update only the words that contain it, repeat
  const merges: [number, number][] = [];
  const visited = new Int32Array(words.length).fill(-1);
  for (let step = 0; step < total; step++) {
    let best = heap.pop();
    while (best !== undefined && pairCount.get(best.key) !== best.count) best = heap.pop(); // stale entry
    if (best === undefined || best.count < minFrequency) break; // nothing left worth merging
    const left = Math.floor(best.key / V);
    const right = best.key % V;
    const id = symbols.length;
    symbols.push(symbols[left] + symbols[right]);
    merges.push([left, right]);

    const delta = new Map<number, number>();
    for (const w of where.get(best.key) ?? []) {
      if (visited[w] === step) continue;
      visited[w] = step;
      const word = words[w];
      if (!hasPair(word, left, right)) continue;
      addWordPairs(w, -1, delta);
      words[w] = mergePair(word, left, right, id);
      addWordPairs(w, 1, delta);
    }
    where.delete(best.key);
    for (const [key, d] of delta) {
      if (d === 0) continue;
      const count = (pairCount.get(key) ?? 0) + d;
      if (count > 0) {
        pairCount.set(key, count);
        heap.push(count, key);
      } else pairCount.delete(key);
    }
    pairCount.delete(best.key);
    yield { step: step + 1, total, left, right, id, pair: [symbols[left], symbols[right]], token: symbols[id], count: best.count };
  }

  const specials = specialTokens.map((content, i) => ({ id: symbols.length + i, content }));
  return new BpeTokenizer({ name: options.name, symbols: [...symbols, ...specialTokens], merges, specials });
}

function hasPair(word: number[], left: number, right: number): boolean {
  for (let i = 0; i + 1 < word.length; i++) if (word[i] === left && word[i + 1] === right) return true;
  return false;
}

/** Max-heap of (count, pair key); among equal counts the smallest key (left id, then right id) comes first. */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  private above(i: number, j: number): boolean {
    const ci = this.counts[i];
    const cj = this.counts[j];
    return ci > cj || (ci === cj && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number) {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  push(count: number, key: number) {
    this.counts.push(count);
    this.keys.push(key);
    for (let i = this.keys.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { count: number; key: number } | undefined {
    if (this.keys.length === 0) return undefined;
    const top = { count: this.counts[0], key: this.keys[0] };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.keys.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let first = i;
        if (l < this.keys.length && this.above(l, first)) first = l;
        if (r < this.keys.length && this.above(r, first)) first = r;
        if (first === i) break;
        this.swap(i, first);
        i = first;
      }
    }
    return top;
  }
}

