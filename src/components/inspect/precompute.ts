// Build time only (Node): the inspection the islands show before JavaScript runs, computed by the
// code the model worker runs (../model/inspect-engine.ts), from the model files the site serves.

import { join } from 'node:path';
import { initNodeBackend, loadModelFromDir } from '../../llm/io/node-fs.ts';
import { wrapModel, type ServedModel } from '../../worker/engine.ts';
import { inspectText } from '../../worker/inspect-engine.ts';
import type { InspectionResult, InspectParams } from '../../worker/inspect-types.ts';
import { TOP_N } from './view.ts';

const models = new Map<string, Promise<ServedModel>>();

function loadPublicModel(name: string): Promise<ServedModel> {
  let entry = models.get(name);
  if (!entry) {
    entry = (async () => {
      await initNodeBackend();
      // Astro builds from the project root; public/ is what the site serves at <base>models/.
      return wrapModel(name, loadModelFromDir(join(process.cwd(), 'public', 'models', name)));
    })();
    models.set(name, entry);
  }
  return entry;
}

/** The inspection of a component's default prompt; a failure stops the build with the reason. */
export async function precomputeInspection(
  component: string,
  model: string,
  prompt: string,
  opts: Pick<InspectParams, 'knockouts' | 'focus'>,
): Promise<InspectionResult> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(model)) throw new Error(`${component}: model must be a folder name under public/models/, got "${model}".`);
  if (prompt === '') throw new Error(`${component}: the default prompt must not be empty.`);
  try {
    return await inspectText(await loadPublicModel(model), { text: prompt, topN: TOP_N, ...opts });
  } catch (error) {
    throw new Error(`${component}: could not inspect "${prompt}" with model "${model}" (public/models/${model}/): ${(error as Error).message}`, { cause: error });
  }
}
