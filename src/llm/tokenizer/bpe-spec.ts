// What defines a byte-level BPE tokenizer (BpeSpec: symbols, merges, special tokens) and its file format,
// Hugging Face's tokenizer.json, read and written as GPT-2's own file is. Reading checks everything we could
// not honour exactly and says what is wrong.

import { BYTE_SYMBOL, symbolsToBytes } from './bytes.ts';

export const END_OF_TEXT = '<|endoftext|>';

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

/** What writing a tokenizer.json needs from a tokenizer. */
interface BpeVocabulary {
  readonly symbols: readonly string[];
  readonly merges: readonly (readonly [number, number])[];
  isSpecial(id: number): boolean;
}

export function toTokenizerJson(tok: BpeVocabulary): TokenizerJson {
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

