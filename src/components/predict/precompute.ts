// Build time only (Node): the result the widget shows before JavaScript runs, computed by the very
// code the model worker runs (../model/engine.ts), from the model files the site serves.

import { join } from 'node:path';
import { initNodeBackend, loadModelFromDir } from '../../llm/io/node-fs.ts';
import { predictText, wrapModel, type ServedModel } from '../../worker/engine.ts';
import type { Prediction, SamplingSettings } from '../../worker/protocol.ts';

const models = new Map<string, Promise<ServedModel>>();

/** A shipped model as the worker serves it, loaded once per build (the other islands' precompute files share it). */
export function loadPublicModel(name: string): Promise<ServedModel> {
  let entry = models.get(name);
  if (!entry) {
    entry = (async () => {
      await initNodeBackend();
      // Astro runs the build from the project root; public/ is what the site serves at <base>models/.
      return wrapModel(name, loadModelFromDir(join(process.cwd(), 'public', 'models', name)));
    })();
    models.set(name, entry);
  }
  return entry;
}

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
