// Build time only (Node): the inspection the islands (Attention, LogitLens, Knockouts .astro) show before
// JavaScript runs, computed by the code the model worker runs (src/worker/inspect-engine.ts).

import { TOP_N } from '../components/inspect/view.ts';
import { inspectText } from '../worker/inspect-engine.ts';
import type { InspectionResult, InspectParams } from '../worker/inspect-types.ts';
import { loadPublicModel } from './model.ts';

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
