// Build time only (Node): the result the next-token widget (Predict.astro) and the guess questions (Guess.astro)
// show before JavaScript runs, computed by the very code the model worker runs (src/worker/engine.ts).

import { predictText } from '../worker/engine.ts';
import type { Prediction, SamplingSettings } from '../worker/protocol.ts';
import { loadPublicModel } from './model.ts';

/** The prediction for a prompt, once per model, prompt and settings for the whole build. */
export async function precompute(model: string, prompt: string, settings: SamplingSettings, topN: number): Promise<Prediction> {
  if (prompt === '') throw new Error('Predict: the default prompt must not be empty.');
  try {
    return await predictText(await loadPublicModel(model), prompt, settings, topN);
  } catch (error) {
    throw new Error(`Predict: could not precompute "${prompt}" with model "${model}" (public/models/${model}/): ${(error as Error).message}`, {
      cause: error,
    });
  }
}
