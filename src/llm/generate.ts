// Stage 6, generate: the loop. Run the model, sample the next id, append it, repeat.
// With the KV cache (default), the prompt is processed once ("prefill") and every later step
// feeds only the newest token, reusing the keys and values of all earlier ones ("decode").
// Streams tokens as an async iterator; stops on an AbortSignal. Tensors of each step are
// disposed by hand (async loop: tf.tidy cannot span an await).

import * as tf from '@tensorflow/tfjs-core';
import { checkIds, disposeCache, inferSequence, type GPTModel, type KVCache } from './gpt.ts';
import { fitContext } from './next-token.ts';
import { createSampler, type SampleSettings } from './sample.ts';

export interface GenerateOptions extends SampleSettings {
  maxNewTokens: number;
  signal?: AbortSignal; // abort to stop; the iterator then throws the signal's reason
  useCache?: boolean; // default true; false recomputes the whole context every step (for tests, benchmarks)
  stopIds?: number[]; // stop after producing one of these (e.g. <|endoftext|>)
  /** Told how many prompt tokens were dropped from the left to fit the context (only when > 0). */
  onTruncate?: (droppedTokens: number) => void;
  /** Sees each step's logits [V] before the pick (a view that follows the distribution); do not keep it. */
  onLogits?: (logits: Float32Array) => void;
}

export interface GeneratedToken {
  id: number;
  index: number; // 0 for the first new token
  probability: number; // its probability under the sampling distribution
  text?: string; // the token's text, when the model has a tokenizer
  droppedTokens: number; // prompt tokens dropped from the left to fit the context (same on every step)
}

/**
 * Generates up to maxNewTokens ids after the prompt, one at a time.
 * Prompts longer than the context keep their last n_positions tokens (next-token.ts's fitContext,
 * the same rule as a single prediction).
 * When the context fills up during generation, it slides: the last half is kept and re-read.
 */
export async function* generate(model: GPTModel, prompt: number[], opts: GenerateOptions): AsyncGenerator<GeneratedToken> {
  const { config } = model;
  if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 0) {
    throw new RangeError(`max new tokens must be an integer >= 0, got ${String(opts.maxNewTokens)}.`);
  }
  const sample = createSampler(opts);
  const P = config.n_positions;
  const fitted = fitContext(prompt, P);
  const droppedTokens = fitted.droppedTokens;
  let context = fitted.ids; // the tokens the model currently sees
  checkIds(config, context);
  if (droppedTokens > 0) opts.onTruncate?.(droppedTokens);
  const useCache = opts.useCache ?? true;

  let cache: KVCache | undefined;
  let pending = context; // tokens not yet fed to the model
  try {
    for (let index = 0; index < opts.maxNewTokens; index++) {
      opts.signal?.throwIfAborted();
      if (!useCache) pending = context;
      const logits = await nextLogits(model, pending, useCache ? (cache ?? []) : undefined, (c) => {
        disposeCache(cache);
        cache = c;
      });
      opts.onLogits?.(logits);
      const { id, probability } = sample(logits);
      const token: GeneratedToken = { id, index, probability, droppedTokens };
      if (model.tokenizer) token.text = model.tokenizer.decode([id]);
      yield token;
      if (opts.stopIds?.includes(id)) return;
      context = [...context, id];
      pending = [id];
      if (context.length >= P) {
        // The context is full: keep the last half and re-read it (the cache restarts).
        context = context.slice(context.length - Math.floor(P / 2));
        pending = context;
        disposeCache(cache);
        cache = undefined;
      }
    }
  } finally {
    disposeCache(cache);
  }
}

/** Runs the model on `ids` (after the cached past, if any) and returns the last position's logits [V]. */
async function nextLogits(
  model: GPTModel,
  ids: number[],
  past: KVCache | undefined,
  keepPresent: (cache: KVCache) => void,
): Promise<Float32Array> {
  const V = model.config.vocab_size;
  const last = tf.tidy(() => {
    const r = inferSequence(model, ids, { past, lastOnly: true });
    if (r.present) {
      // Outlive this tidy: they are the next cache.
      for (const kv of r.present) {
        tf.keep(kv.k);
        tf.keep(kv.v);
      }
      keepPresent(r.present);
    }
    const Tout = r.logits.shape[1]; // ids.length, or 1 when only the last position was unembedded
    return tf.reshape(tf.slice(r.logits, [0, Tout - 1, 0], [1, 1, V]), [V]); // [V]
  });
  const data = (await last.data()) as Float32Array;
  last.dispose();
  return data;
}
