// "Watch BPE learn": the book's own trainer (src/llm/tokenizer/bpe-train.ts, `learnMerges`) run on a text, and
// the text as it looks after any number of its merges. The merges come only from the trainer; this file
// replays them on the text's words with the trainer's own `mergePair` and counts the pairs that chose
// each merge, so the view can show the counts, the winner and the re-tokenized text. No DOM.
import { symbolsToBytes, wtf8DecodePieces, wtf8Encode, BYTE_ORDER } from '../../llm/tokenizer/bytes.ts';
import { learnMerges, type MergeEvent } from '../../llm/tokenizer/bpe-train.ts';
import { mergePair } from '../../llm/tokenizer/bpe-merge.ts';
import { countChunks, pretokenize } from '../../llm/tokenizer/pretokenize.ts';
import { byteSymbols } from '../../llm/tokenizer/tokenizer.ts';
import { displaySymbols } from '../../llm/tokenizer/token-display.ts';
import type { Chip } from './token-list.ts';

/** Characters of the reader's text the trainer learns from (longer texts are cut, with a note). */
export const BPE_TEXT_LIMIT = 20_000;
/** Merges learned at most (the slider's range). */
export const MAX_MERGES = 300;
/** Tokens of the re-tokenized text drawn as chips. */
const BPE_CHIP_LIMIT = 400;
const SNAPSHOT_EVERY = 25;

export interface PairCount {
  left: number;
  right: number;
  count: number;
  display: [string, string]; // the two tokens as the views show them ('␣', 't')
}

export interface StepView {
  step: number; // merges applied, 0 .. merges
  merges: number; // merges the trainer learned from this text (the slider's maximum)
  merge: (MergeEvent & { display: [string, string]; tokenDisplay: string }) | null; // merge `step`; null at 0
  top: PairCount[]; // the most frequent pairs when merge `step` was chosen (at step 0: the pairs now)
  bytes: number; // tokens before any merge: the text's length in bytes
  count: number; // tokens in the text after `step` merges
  chips: Chip[]; // the first BPE_CHIP_LIMIT of them
}

interface Word {
  ids: number[];
  freq: number;
}

/** The trainer run once on a text, and its state after any number of merges. */
export class BpeStepper {
  readonly events: MergeEvent[] = [];
  readonly text: string;
  private readonly symbols = byteSymbols(); // id -> GPT-2 byte symbols, grown by the merges
  private readonly chunkWord: number[]; // the text's chunks in order, each as an index into `start`
  private readonly start: Word[]; // unique chunks as byte ids, before any merge
  private cached: { step: number; words: number[][] } | null = null; // the state asked for last
  private readonly snapshots = new Map<number, number[][]>(); // step (a multiple of SNAPSHOT_EVERY) -> words

  constructor(text: string, maxMerges = MAX_MERGES) {
    this.text = text;
    const run = learnMerges(text, 256 + maxMerges + 1); // + <|endoftext|>
    for (let r = run.next(); !r.done; r = run.next()) {
      this.events.push(r.value);
      this.symbols.push(r.value.token);
    }
    const byteId = new Int32Array(256);
    BYTE_ORDER.forEach((b, id) => (byteId[b] = id));
    const index = new Map<string, number>();
    this.start = [];
    for (const [chunk, freq] of countChunks([text])) {
      index.set(chunk, this.start.length);
      this.start.push({ ids: Array.from(wtf8Encode(chunk), (b) => byteId[b]), freq });
    }
    this.chunkWord = pretokenize(text).map((chunk) => index.get(chunk)!);
    this.snapshots.set(0, this.start.map((w) => w.ids));
  }

  /**
   * The unique words after `step` merges (the trainer's own mergePair, applied in learning order). Walks
   * forward from the closest earlier state: the last one asked for, or a snapshot kept every
   * SNAPSHOT_EVERY merges, so stepping is one merge's work and going back is at most SNAPSHOT_EVERY.
   */
  private wordsAt(step: number): number[][] {
    let k = step - (step % SNAPSHOT_EVERY);
    while (!this.snapshots.has(k)) k -= SNAPSHOT_EVERY; // step 0 is always there
    let from = this.snapshots.get(k)!;
    if (this.cached !== null && this.cached.step <= step && this.cached.step > k) ({ step: k, words: from } = this.cached);
    for (; k < step; k++) {
      const { left, right, id } = this.events[k];
      from = from.map((ids) => (ids.length > 1 ? mergePair(ids, left, right, id) : ids));
      if ((k + 1) % SNAPSHOT_EVERY === 0) this.snapshots.set(k + 1, from);
    }
    this.cached = { step, words: from };
    return from;
  }

  /** Every adjacent pair's count, weighted by how often its word occurs, most frequent first. */
  private pairCounts(words: number[][], topN: number): PairCount[] {
    const counts = new Map<number, number>();
    const V = this.symbols.length;
    words.forEach((ids, w) => {
      for (let i = 0; i + 1 < ids.length; i++) {
        const key = ids[i] * V + ids[i + 1];
        counts.set(key, (counts.get(key) ?? 0) + this.start[w].freq);
      }
    });
    // the trainer's order: higher count first, ties to the smaller (left, right)
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, topN);
    return sorted.map(([key, count]) => {
      const left = Math.floor(key / V);
      const right = key % V;
      return { left, right, count, display: [this.display(left), this.display(right)] };
    });
  }

  display(id: number): string {
    return displaySymbols(this.symbols[id]);
  }

  chip(id: number): Chip {
    const partial = wtf8DecodePieces(symbolsToBytes(this.symbols[id])).some((piece) => 'invalid' in piece);
    return { id, display: this.display(id), partial };
  }

  /** The text's token ids after `step` merges. */
  idsAt(step: number): number[] {
    const words = this.wordsAt(step);
    return this.chunkWord.flatMap((w) => words[w]);
  }

  /** What the view shows after `step` merges (clamped to 0 .. merges learned). */
  view(step: number, topN = 8, chipLimit = BPE_CHIP_LIMIT): StepView {
    const k = Math.max(0, Math.min(Math.trunc(step) || 0, this.events.length));
    const top = this.pairCounts(this.wordsAt(Math.max(k - 1, 0)), topN);
    const ids = this.idsAt(k);
    const event = k > 0 ? this.events[k - 1] : null;
    const merge = event && { ...event, display: [this.display(event.left), this.display(event.right)] as [string, string], tokenDisplay: this.display(event.id) };
    const bytes = this.chunkWord.reduce((sum, w) => sum + this.start[w].ids.length, 0);
    return { step: k, merges: this.events.length, merge, top, bytes, count: ids.length, chips: ids.slice(0, chipLimit).map((id) => this.chip(id)) };
  }
}
