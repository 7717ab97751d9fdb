// Build time only (Node): the book's shipped models as the model worker serves them, loaded once per build from
// the files the site serves (public/models/<name>/) and shared by every precompute file in this folder.

import { join } from 'node:path';
import { initNodeBackend, loadModelFromDir } from '../llm/io/node-fs.ts';
import { wrapModel, type ServedModel } from '../worker/engine.ts';

const models = new Map<string, Promise<ServedModel>>();

/** A shipped model as the worker serves it, loaded once per build. */
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
