// One prediction: the logits of the token after the last one, for one prompt. The forward pass
// unembeds only the last position (gpt.ts's inferSequence with lastOnly), and only that row [V] is
// read back from the backend. Also the one rule for a prompt longer than the context, which
// generate.ts follows too, so a prediction and a generation see the same tokens.

import * as tf from '@tensorflow/tfjs-core';
import { checkIds, inferSequence, type GPTModel } from './gpt.ts';

export interface FittedContext {
  ids: number[]; // the tokens the model sees
  droppedTokens: number; // cut from the left because the prompt was longer than the context
}

/** Keeps the last n_positions ids: a prompt longer than the context window loses its beginning. */
export function fitContext(ids: readonly number[], nPositions: number): FittedContext {
  const droppedTokens = Math.max(0, ids.length - nPositions);
  return { ids: ids.slice(droppedTokens), droppedTokens };
}

/** Logits of the next token after ids (already fitted to the context).  ids [T] -> [V] */
export async function nextTokenLogits(model: GPTModel, ids: number[]): Promise<Float32Array> {
  checkIds(model.config, ids);
  const V = model.config.vocab_size;
  const last = tf.tidy(() => {
    const { logits } = inferSequence(model, ids, { lastOnly: true }); // [1, T or 1, V]
    const T = logits.shape[1];
    return tf.reshape(tf.slice(logits, [0, T - 1, 0], [1, 1, V]), [V]); // [V]
  });
  try {
    return (await last.data()) as Float32Array;
  } finally {
    last.dispose();
  }
}

export interface NextToken extends FittedContext {
  logits: Float32Array; // [V]: scores for every token as the one after ids
}

/** Fits a prompt's ids to the context and predicts the token after them. */
export async function nextToken(model: GPTModel, promptIds: readonly number[]): Promise<NextToken> {
  if (promptIds.length === 0) throw new Error('The prompt is empty; there is nothing to predict from.');
  const fitted = fitContext(promptIds, model.config.n_positions);
  return { ...fitted, logits: await nextTokenLogits(model, fitted.ids) };
}
