// Text -> token ids -> text. Byte-level BPE as in GPT-2: pre-tokenize (pretokenize.ts), turn each chunk
// into bytes (bytes.ts), then apply the learned merges in the order they were learned. Also reads and
// writes Hugging Face's tokenizer.json (bpe-spec.ts). Applying merges lives in bpe-merge.ts, learning them
// in bpe-train.ts; GPT-2's own vocabulary in gpt2-tokenizer.ts (a separate module, so importing this file
// never pulls in 50k tokens).
//
// Ids: 0..255 are single bytes in GPT-2's order (id 0 is '!', exactly as in GPT-2), then one id per
// merge in learning order, then special tokens (<|endoftext|>) at the end.

import { applyMerges } from './bpe-merge.ts';
import { END_OF_TEXT, specFromTokenizerJson, toTokenizerJson, type BpeSpec, type TokenizerJson } from './bpe-spec.ts';
import { BYTE_ORDER, BYTE_SYMBOL, incompleteTail, symbolsToBytes, wtf8Decode, wtf8Encode } from './bytes.ts';
import { pretokenize } from './pretokenize.ts';
import { displayBytes } from './token-display.ts';

export { END_OF_TEXT, specFromTokenizerJson, type BpeSpec, type SpecialToken, type TokenizerJson } from './bpe-spec.ts';

/** What the model, the CLI and the views need from any tokenizer (ours, or GPT-2's). */
export interface Tokenizer {
  readonly name: string;
  readonly vocabSize: number; // V: ids run 0 .. V-1
  readonly eotId: number; // <|endoftext|>: separates documents; never produced by encode()
  /** Text -> ids. Lossless: decode(encode(s)) === s for every JavaScript string. */
  encode(text: string): number[];
  /** Ids -> text. Bytes that do not form a character become U+FFFD; unknown ids throw. */
  decode(ids: ArrayLike<number>): string;
  /** The raw bytes of one token (WTF-8; special tokens: the UTF-8 of their text). */
  tokenBytes(id: number): Uint8Array;
  /** One token's text on its own ('\uFFFD' where it holds only part of a character). */
  tokenText(id: number): string;
  /** One token for display: ' hello' -> '␣hello', '\n' -> '↵', a lone 0xE2 byte -> '<0xE2>'. */
  displayToken(id: number): string;
  isSpecial(id: number): boolean;
}

export class BpeTokenizer implements Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  readonly eotId: number;
  readonly symbols: readonly string[];
  readonly merges: readonly (readonly [number, number])[];

  private readonly bytes: Uint8Array[]; // id -> bytes
  private readonly byteId = new Int32Array(256); // byte -> id of its one-byte token
  private readonly rank = new Map<number, number>(); // pair key (left * V + right) -> merge index
  private readonly mergedId: Int32Array; // merge index -> id of the merged token
  private readonly special = new Map<number, string>();
  private readonly cache = new Map<string, number[]>(); // chunk -> ids (the big speedup: words repeat)

  constructor(spec: BpeSpec) {
    const V = spec.symbols.length;
    this.name = spec.name ?? 'bpe';
    this.vocabSize = V;
    this.symbols = spec.symbols;
    this.merges = spec.merges;
    for (const { id, content } of spec.specials) {
      if (!(id >= 0 && id < V) || spec.symbols[id] !== content) {
        throw new Error(`Special token ${JSON.stringify(content)} must have a vocabulary id; got ${id}.`);
      }
      this.special.set(id, content);
    }
    const eot = spec.specials.find((s) => s.content === END_OF_TEXT);
    if (!eot) throw new Error(`A tokenizer needs the special token ${END_OF_TEXT}.`);
    this.eotId = eot.id;

    const idOf = new Map<string, number>();
    this.bytes = spec.symbols.map((symbol, id) => {
      if (this.special.has(id)) return new TextEncoder().encode(symbol);
      if (idOf.has(symbol)) throw new Error(`Token ${JSON.stringify(symbol)} appears twice (ids ${idOf.get(symbol)} and ${id}).`);
      idOf.set(symbol, id);
      return symbolsToBytes(symbol);
    });
    this.byteId.fill(-1);
    for (let b = 0; b < 256; b++) {
      const id = idOf.get(BYTE_SYMBOL[b]);
      if (id === undefined) {
        throw new Error(`The vocabulary lacks the one-byte token for 0x${b.toString(16)} ("${BYTE_SYMBOL[b]}"), so some text could not be encoded.`);
      }
      this.byteId[b] = id;
    }
    this.mergedId = new Int32Array(spec.merges.length);
    spec.merges.forEach(([left, right], k) => {
      const id = idOf.get((spec.symbols[left] ?? '\u0000') + (spec.symbols[right] ?? '\u0000'));
      if (id === undefined || this.special.has(left) || this.special.has(right)) {
        throw new Error(`Merge ${k} (${left} + ${right}) does not produce a token in the vocabulary.`);
      }
      const key = left * V + right;
      if (!this.rank.has(key)) this.rank.set(key, k); // a repeated merge can never fire twice: keep the first
      this.mergedId[k] = id;
    });
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of pretokenize(text)) {
      const chunkIds = this.encodeChunk(chunk);
      for (let i = 0; i < chunkIds.length; i++) ids.push(chunkIds[i]);
    }
    return ids;
  }

  /** Text -> ids, chunk by chunk: what the views show to explain pre-tokenization. */
  encodeChunks(text: string): { text: string; ids: number[] }[] {
    return pretokenize(text).map((chunk) => ({ text: chunk, ids: this.encodeChunk(chunk).slice() }));
  }

  /** One pre-tokenized chunk -> ids: start from single bytes, apply the earliest-learned merge, repeat. */
  encodeChunk(chunk: string): readonly number[] {
    const hit = this.cache.get(chunk);
    if (hit) return hit;
    const bytes = wtf8Encode(chunk);
    const start = Array.from(bytes, (b) => this.byteId[b]);
    const ids = applyMerges(start, this.merges, this.mergedId, (left, right) => this.rank.get(left * this.vocabSize + right));
    if (chunk.length <= 64) {
      if (this.cache.size >= 100_000) this.cache.clear(); // bound memory on endless novel input
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  decode(ids: ArrayLike<number>): string {
    let out = '';
    let pending: number[] = []; // bytes since the last special token
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const special = this.special.get(id);
      if (special !== undefined) {
        out += wtf8Decode(pending) + special;
        pending = [];
        continue;
      }
      const bytes = this.tokenBytes(id);
      for (let j = 0; j < bytes.length; j++) pending.push(bytes[j]);
    }
    return out + wtf8Decode(pending);
  }

  tokenBytes(id: number): Uint8Array {
    const bytes = this.bytes[id];
    if (!Number.isInteger(id) || bytes === undefined) {
      throw new RangeError(`Token id ${id} is outside this vocabulary (0 .. ${this.vocabSize - 1}).`);
    }
    return bytes;
  }

  tokenText(id: number): string {
    return this.special.get(id) ?? wtf8Decode(this.tokenBytes(id));
  }

  displayToken(id: number): string {
    return this.special.get(id) ?? displayBytes(this.tokenBytes(id));
  }

  isSpecial(id: number): boolean {
    return this.special.has(id);
  }

  /** Hugging Face tokenizer.json (as an object; JSON.stringify(tokenizer) calls this). */
  toJSON(): TokenizerJson {
    return toTokenizerJson(this);
  }

  static fromJSON(json: string | unknown, name?: string): BpeTokenizer {
    return new BpeTokenizer({ ...specFromTokenizerJson(json), name });
  }
}

/**
 * Decodes ids one at a time, as a model generates them. A token may end in the middle of a character
 * (GPT-2 splits most emoji over two or three tokens); those bytes are held back until the rest arrives,
 * so each piece of text is final and joining all pieces equals decode(ids).
 *   const stream = new TokenTextStream(tokenizer);
 *   for (const id of ids) show(stream.push(id));
 *   show(stream.flush());
 */
export class TokenTextStream {
  private pending: number[] = [];
  private readonly tokenizer: Tokenizer;

  constructor(tokenizer: Tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The text this id completes ('' while a character is still unfinished). */
  push(id: number): string {
    if (this.tokenizer.isSpecial(id)) return this.flush() + this.tokenizer.tokenText(id);
    for (const b of this.tokenizer.tokenBytes(id)) this.pending.push(b);
    const keep = incompleteTail(this.pending);
    const text = wtf8Decode(this.pending.slice(0, this.pending.length - keep));
    this.pending = this.pending.slice(this.pending.length - keep);
    return text;
  }

  /** Whatever is still held back, unfinished characters as U+FFFD (call at the end). */
  flush(): string {
    const text = wtf8Decode(this.pending);
    this.pending = [];
    return text;
  }
}

/** The base vocabulary every byte-level BPE starts from: 256 one-byte tokens, in GPT-2's order. */
export function byteSymbols(): string[] {
  return BYTE_ORDER.map((b) => BYTE_SYMBOL[b]);
}
