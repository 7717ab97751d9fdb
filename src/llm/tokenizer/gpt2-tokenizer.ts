// GPT-2's own tokenizer (r50k_base: 50,257 ids, shared by GPT-2 and GPT-3), behind our Tokenizer
// interface. The vocabulary comes from the npm package gpt-tokenizer, which ships it inside the package
// (no download at run time). It is imported lazily: `await loadGpt2Tokenizer()` fetches the ~0.6 MB
// vocabulary chunk only when a page or command asks for GPT-2, never when tokenizer.ts is imported.
//
// gpt-tokenizer stores ranks (tiktoken style: token id = rank, strings or raw byte arrays); our BPE
// applies an ordered merge list (Hugging Face style). For GPT-2 they are the same thing: the merge that
// produces token t is found by running BPE on t's own bytes with only the tokens ranked below t.
// Encoding then goes through our own BPE, so GPT-2 gets the same lossless WTF-8 handling of lone
// surrogates and the same display helpers as our tokenizers; tests compare it with gpt-tokenizer's encode.

import { BYTE_SYMBOL, bytesToSymbols, wtf8Encode } from './bytes.ts';
import { BpeTokenizer, END_OF_TEXT } from './tokenizer.ts';

export const GPT2_VOCAB_SIZE = 50257;
export const GPT2_EOT_ID = 50256;

let loading: Promise<BpeTokenizer> | undefined;

/** GPT-2's tokenizer, built once per page or process. */
export function loadGpt2Tokenizer(): Promise<BpeTokenizer> {
  loading ??= import('gpt-tokenizer/bpeRanks/r50k_base').then((module) => gpt2FromRanks(module.default));
  return loading;
}

/** Builds a tokenizer from tiktoken-style ranks: entry i is token i, as text or as raw bytes. */
function gpt2FromRanks(ranks: readonly (string | number[])[]): BpeTokenizer {
  const symbols = ranks.map((entry) => bytesToSymbols(typeof entry === 'string' ? wtf8Encode(entry) : entry));
  return new BpeTokenizer({
    name: 'gpt2',
    symbols: [...symbols, END_OF_TEXT],
    merges: mergesFromRanks(symbols),
    specials: [{ id: symbols.length, content: END_OF_TEXT }],
  });
}

/**
 * Ranked byte-level tokens -> the ordered merge list. For each multi-byte token t (in rank order) run
 * BPE on its bytes using only tokens ranked below t; it must end as exactly two tokens, and that pair
 * is the merge that creates t.
 */
function mergesFromRanks(symbols: readonly string[]): [number, number][] {
  const rank = new Map<string, number>(symbols.map((s, i) => [s, i]));
  for (const symbol of BYTE_SYMBOL) {
    if (!rank.has(symbol)) throw new Error(`Ranks lack the one-byte token "${symbol}".`);
  }
  const merges: [number, number][] = [];
  symbols.forEach((symbol, t) => {
    if (symbol.length < 2) return;
    let parts = Array.from(symbol); // byte symbols are single UTF-16 units
    for (;;) {
      let best = -1;
      let bestRank = t;
      for (let i = 0; i + 1 < parts.length; i++) {
        const r = rank.get(parts[i] + parts[i + 1]);
        if (r !== undefined && r < bestRank) {
          best = i;
          bestRank = r;
        }
      }
      if (best < 0) break;
      parts = [...parts.slice(0, best), parts[best] + parts[best + 1], ...parts.slice(best + 2)];
    }
    if (parts.length !== 2) throw new Error(`Token ${t} ("${symbol}") is not a merge of two lower-ranked tokens.`);
    merges.push([rank.get(parts[0])!, rank.get(parts[1])!]);
  });
  return merges;
}
