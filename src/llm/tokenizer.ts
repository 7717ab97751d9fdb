// Text -> token ids -> text. Byte-level BPE as in GPT-2: pre-tokenize (pretokenize.ts), turn each chunk
// into bytes (bytes.ts), then apply the learned merges in the order they were learned. Also reads and
// writes Hugging Face's tokenizer.json. Learning the merges lives in bpe-train.ts; GPT-2's own
// vocabulary in gpt2-tokenizer.ts (a separate module, so importing this file never pulls in 50k tokens).
//
// Ids: 0..255 are single bytes in GPT-2's order (id 0 is '!', exactly as in GPT-2), then one id per
// merge in learning order, then special tokens (<|endoftext|>) at the end.

import { BYTE_ORDER, BYTE_SYMBOL, incompleteTail, symbolsToBytes, wtf8Decode, wtf8Encode } from './bytes.ts';
import { pretokenize } from './pretokenize.ts';
import { displayBytes } from './token-display.ts';

export const END_OF_TEXT = '<|endoftext|>';

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

export interface SpecialToken {
  id: number;
  content: string;
}

/** Everything that defines a byte-level BPE tokenizer. */
export interface BpeSpec {
  name?: string;
  symbols: string[]; // id -> GPT-2 byte symbols ("Ġthe"); special tokens hold their text
  merges: [number, number][]; // learning order: merges[k] joins (left id, right id)
  specials: SpecialToken[];
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
    const ids = start.length <= 64 ? this.mergeShort(start) : this.mergeLong(start);
    if (chunk.length <= 64) {
      if (this.cache.size >= 100_000) this.cache.clear(); // bound memory on endless novel input
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  private pairRank(left: number, right: number): number | undefined {
    return this.rank.get(left * this.vocabSize + right);
  }

  /** GPT-2's own loop, for short chunks: find the earliest-learned pair, merge all its occurrences. */
  private mergeShort(ids: number[]): number[] {
    while (ids.length > 1) {
      let best = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) {
        const k = this.pairRank(ids[i], ids[i + 1]);
        if (k !== undefined && k < best) best = k;
      }
      if (best === Infinity) break;
      const [left, right] = this.merges[best];
      const merged: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === left && ids[i + 1] === right) {
          merged.push(this.mergedId[best]);
          i++;
        } else merged.push(ids[i]);
      }
      ids = merged;
    }
    return ids;
  }

  /**
   * The same result in O(n log n) for long chunks (a pasted base64 blob is one chunk): a linked list of
   * tokens and a heap of (merge index, position). Merges still fire in learning order and, within one
   * merge, left to right; a pair a merge creates is always learned later, so the order is GPT-2's.
   */
  private mergeLong(ids: number[]): number[] {
    const n = ids.length;
    const tok = Int32Array.from(ids);
    const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
    const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
    const alive = new Uint8Array(n).fill(1);
    const heap = new MinHeap();
    const consider = (i: number) => {
      if (i < 0 || next[i] < 0) return;
      const k = this.pairRank(tok[i], tok[next[i]]);
      if (k !== undefined) heap.push(k, i);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
      const [k, i] = top;
      const j = next[i];
      if (!alive[i] || j < 0 || this.pairRank(tok[i], tok[j]) !== k) continue; // stale entry
      tok[i] = this.mergedId[k];
      alive[j] = 0;
      next[i] = next[j];
      if (next[j] >= 0) prev[next[j]] = i;
      consider(prev[i]);
      consider(i);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i]) out.push(tok[i]);
    return out;
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

/** Min-heap of (merge index, position): earliest-learned merge first, then leftmost. */
class MinHeap {
  private items: [number, number][] = [];

  private below(a: [number, number], b: [number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  push(k: number, i: number) {
    const items = this.items;
    items.push([k, i]);
    for (let c = items.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (!this.below(items[c], items[p])) break;
      [items[c], items[p]] = [items[p], items[c]];
      c = p;
    }
  }

  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        let m = p;
        if (l < items.length && this.below(items[l], items[m])) m = l;
        if (l + 1 < items.length && this.below(items[l + 1], items[m])) m = l + 1;
        if (m === p) break;
        [items[m], items[p]] = [items[p], items[m]];
        p = m;
      }
    }
    return top;
  }
}

/** The base vocabulary every byte-level BPE starts from: 256 one-byte tokens, in GPT-2's order. */
export function byteSymbols(): string[] {
  return BYTE_ORDER.map((b) => BYTE_SYMBOL[b]);
}

// ---------------------------------------------------------------------------------------------------
// tokenizer.json (Hugging Face `tokenizers` format), as GPT-2's own file is written.

export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: {
    id: number;
    content: string;
    single_word: boolean;
    lstrip: boolean;
    rstrip: boolean;
    normalized: boolean;
    special: boolean;
  }[];
  normalizer: null;
  pre_tokenizer: ByteLevelJson;
  post_processor: ByteLevelJson;
  decoder: ByteLevelJson;
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: string;
    end_of_word_suffix: string;
    fuse_unk: boolean;
    byte_fallback: boolean;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    merges: string[];
  };
}

interface ByteLevelJson {
  type: 'ByteLevel';
  add_prefix_space: boolean;
  trim_offsets: boolean;
  use_regex: boolean;
}

function toTokenizerJson(tok: BpeTokenizer): TokenizerJson {
  const byteLevel = (trimOffsets: boolean): ByteLevelJson => ({
    type: 'ByteLevel',
    add_prefix_space: false,
    trim_offsets: trimOffsets,
    use_regex: true,
  });
  const vocab: Record<string, number> = {};
  tok.symbols.forEach((symbol, id) => (vocab[symbol] = id));
  const addedTokens = tok.symbols.flatMap((content, id) =>
    tok.isSpecial(id)
      ? [{ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }]
      : [],
  );
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: byteLevel(true),
    post_processor: byteLevel(false),
    decoder: byteLevel(true),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      // "a b" strings, as in GPT-2's merges.txt: byte symbols never contain a real space
      merges: tok.merges.map(([l, r]) => `${tok.symbols[l]} ${tok.symbols[r]}`),
    },
  };
}

function fail(message: string): never {
  throw new Error(`Invalid tokenizer.json: ${message}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks a component is absent/null or a ByteLevel one we can honour. */
function checkByteLevel(json: Record<string, unknown>, key: string, required: boolean) {
  const part = json[key];
  if (part === null || part === undefined) {
    if (required) fail(`"${key}" must be a ByteLevel ${key}; it is missing.`);
    return;
  }
  if (!isObject(part) || part.type !== 'ByteLevel') {
    fail(`only a ByteLevel "${key}" is supported; got ${JSON.stringify(isObject(part) ? part.type : part)}.`);
  }
  if (key === 'pre_tokenizer' && part.add_prefix_space === true) {
    fail('"pre_tokenizer.add_prefix_space": true is not supported (it adds a space, so decoding would not give back the text).');
  }
  if (key === 'pre_tokenizer' && part.use_regex === false) {
    fail('"pre_tokenizer.use_regex": false is not supported (we always split with GPT-2\'s pattern).');
  }
}

/** Parses and checks a tokenizer.json (text or parsed object); every problem is a clear Error. */
export function specFromTokenizerJson(input: string | unknown): BpeSpec {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      fail(`not valid JSON (${(err as Error).message}).`);
    }
  }
  if (!isObject(json)) fail('expected a JSON object at the top level.');
  const model = json.model;
  if (!isObject(model)) fail('"model" is missing or not an object.');
  if (model.type !== undefined && model.type !== 'BPE') fail(`model.type must be "BPE"; got ${JSON.stringify(model.type)}.`);
  if (json.normalizer !== null && json.normalizer !== undefined) fail('a normalizer is not supported (it would change the text).');
  checkByteLevel(json, 'pre_tokenizer', true);
  checkByteLevel(json, 'decoder', false);
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    if (model[key] !== undefined && model[key] !== null && model[key] !== '') fail(`model.${key} must be empty for byte-level BPE.`);
  }

  // vocab + added tokens -> symbols by id
  if (!isObject(model.vocab)) fail('model.vocab must be an object mapping token -> id.');
  const symbols: string[] = [];
  const place = (content: string, id: unknown, where: string) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) fail(`${where}: id for ${JSON.stringify(content)} must be a non-negative integer; got ${JSON.stringify(id)}.`);
    if (symbols[id] !== undefined && symbols[id] !== content) fail(`${where}: id ${id} is used by both ${JSON.stringify(symbols[id])} and ${JSON.stringify(content)}.`);
    symbols[id] = content;
  };
  for (const [content, id] of Object.entries(model.vocab)) place(content, id, 'model.vocab');
  const addedTokens = json.added_tokens ?? [];
  if (!Array.isArray(addedTokens)) fail('"added_tokens" must be an array.');
  const specials: SpecialToken[] = [];
  addedTokens.forEach((t, i) => {
    if (!isObject(t) || typeof t.content !== 'string') fail(`added_tokens[${i}] needs a string "content" and an "id".`);
    place(t.content, t.id, `added_tokens[${i}]`);
    specials.push({ id: t.id as number, content: t.content });
  });
  const eotInVocab = (model.vocab as Record<string, unknown>)[END_OF_TEXT];
  if (!specials.some((s) => s.content === END_OF_TEXT) && typeof eotInVocab === 'number') {
    specials.push({ id: eotInVocab, content: END_OF_TEXT }); // older files list it only in the vocab
  }
  if (!specials.some((s) => s.content === END_OF_TEXT)) fail(`no ${END_OF_TEXT} token in added_tokens or model.vocab.`);
  for (let id = 0; id < symbols.length; id++) {
    if (symbols[id] === undefined) fail(`token ids must run 0..${symbols.length - 1} without gaps; id ${id} is missing.`);
  }
  const specialIds = new Set(specials.map((s) => s.id));
  symbols.forEach((symbol, id) => {
    if (specialIds.has(id)) return;
    try {
      symbolsToBytes(symbol);
    } catch (err) {
      fail(`model.vocab: ${(err as Error).message}`);
    }
  });

  // merges: "a b" or ["a", "b"]
  if (!Array.isArray(model.merges)) fail('model.merges must be an array.');
  const idOf = new Map<string, number>();
  symbols.forEach((symbol, id) => {
    if (!specialIds.has(id)) idOf.set(symbol, id);
  });
  const merges = model.merges.map((m, k): [number, number] => {
    const pair = typeof m === 'string' ? m.split(' ') : m;
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      fail(`model.merges[${k}] must be "left right" or ["left", "right"]; got ${JSON.stringify(m)}.`);
    }
    const [left, right] = pair as [string, string];
    const l = idOf.get(left);
    const r = idOf.get(right);
    if (l === undefined || r === undefined || !idOf.has(left + right)) {
      const missing = [left, right, left + right].find((s) => !idOf.has(s));
      fail(`model.merges[${k}] (${JSON.stringify(m)}): ${JSON.stringify(missing)} is not in model.vocab.`);
    }
    return [l, r];
  });
  for (let b = 0; b < 256; b++) {
    if (!idOf.has(BYTE_SYMBOL[b])) fail(`model.vocab lacks the one-byte token ${JSON.stringify(BYTE_SYMBOL[b])} (byte 0x${b.toString(16)}), so some text could not be encoded.`);
  }
  return { symbols, merges, specials };
}

