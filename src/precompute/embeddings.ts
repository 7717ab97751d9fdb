// Build time only (Node): what the embedding explorer (Embeddings.astro) shows before JavaScript runs, computed
// by the very code the model worker runs (src/worker/embedding-engine.ts).

import type { ExplorerSnapshot } from '../components/embeddings/useEmbeddingExplorer.ts';
import { COSINE_HEAD, MAP_TOKENS, NEIGHBOURS } from '../components/embeddings/view.ts';
import { embeddingCosine, embeddingMap, embeddingNeighbours } from '../worker/embedding-engine.ts';
import { loadPublicModel } from './model.ts';

const snapshots = new Map<string, Promise<ExplorerSnapshot>>();

/** Neighbours of `word`, the cosine with its nearest token, and the map, once per model and word per build. */
export function precomputeEmbeddings(model: string, word: string): Promise<ExplorerSnapshot> {
  const key = `${model}\u0000${word}`;
  let entry = snapshots.get(key);
  if (!entry) {
    entry = (async () => {
      const loaded = await loadPublicModel(model);
      const neighbours = await embeddingNeighbours(loaded, { query: { text: word }, k: NEIGHBOURS });
      const cosine = await embeddingCosine(loaded, { a: neighbours.token.id, b: neighbours.neighbours[0].token.id, head: COSINE_HEAD });
      const map = await embeddingMap(loaded, { count: MAP_TOKENS });
      return { word, neighbours, cosine, map };
    })().catch((error: Error) => {
      throw new Error(`Embeddings: could not precompute "${word}" with model "${model}" (public/models/${model}/): ${error.message}`, { cause: error });
    });
    snapshots.set(key, entry);
  }
  return entry;
}
