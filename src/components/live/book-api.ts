// The `book` object that live code blocks see (next to `tf`): a small, reader-facing door into src/llm.
// Types only, so the example files in src/examples/ and this contract can be type-checked without loading
// any model code. The implementation lives in book.ts and runs inside the live-code worker.

import type * as tf from '@tensorflow/tfjs-core';
import type { BookModelName, GPTConfig } from '../../llm/config.ts';
import type { ParamCount } from '../../llm/params.ts';

/** The book's own models, trained on the Brown Corpus (see chapter 7). */
export type { BookModelName };

/** A book's model, or one of the reader's own stored in this browser ("stored:my model (...)", see chapter 7). */
export type ModelName = BookModelName | `stored:${string}`;

/** A tokenized text: the ids the model reads and a printable piece for each ('␣cat' for " cat"). */
export interface Tokens {
  ids: number[];
  pieces: string[];
}

/** The part of the book's tokenizer a reader needs. */
export interface BookTokenizer {
  readonly vocabSize: number;
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
  /** One token for display: ' hello' -> '␣hello', '\n' -> '↵'. */
  displayToken(id: number): string;
}

export interface BookModel {
  readonly name: ModelName;
  readonly config: GPTConfig;
  readonly tokenizer: BookTokenizer;
  /**
   * One forward pass over a list of token ids. logits is [T, V]: row t scores every token as the one
   * that follows position t. With { trace: true } the activations of every stage come back as well.
   */
  forward(ids: number[], options?: { trace?: boolean }): Promise<{ logits: tf.Tensor2D; trace?: unknown }>;
}

interface GenerateOptions {
  maxNewTokens?: number; // how many new tokens to add (default 30)
  temperature?: number; // 0 = always the most likely token (default 1)
  topK?: number | null; // keep only the k most likely tokens; null = off, all stay (default null)
  topP?: number; // keep the smallest set with this much probability; 1 = off, all stay (default 1)
  seed?: number; // same seed, same text (default 0)
}

export interface BookApi {
  /**
   * Loads one of the book's models, or one of yours ("stored:<name>"), once; later calls reuse it. Default: the model
   * chosen in the page's model pickers if it is one of yours, else the largest one the site ships.
   */
  loadModel(name?: ModelName): Promise<BookModel>;
  /** Text -> ids and pieces with the default model's tokenizer (the book's is loaded without its weights). */
  tokenize(text: string): Promise<Tokens>;
  /** Ids -> text with the book's tokenizer. */
  decode(ids: number[]): Promise<string>;
  /** Text -> ids and pieces with GPT-2's own tokenizer (50,257 tokens), for comparison. */
  gpt2Tokenize(text: string): Promise<Tokens>;
  /** Continues a prompt with the model: forward, sample, append, repeat. Returns only the new text. */
  generate(model: BookModel, prompt: string, options?: GenerateOptions): Promise<string>;
  /** Parameter counts of a preset ('gpt3', 'gpt2', 'book-small' ...) computed from its config. */
  countParameters(preset: string): ParamCount;
  /** 175181291520 -> '175,181,291,520'. */
  formatCount(n: number): string;
}
