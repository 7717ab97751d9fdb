// The embedding explorer's door into src/llm (chapter 3): nearest tokens, one cosine with its parts,
// and the 2D map, all on a loaded model's token embedding matrix (wte). The matrix is read out of
// TF.js once per loaded model; the math is plain typed arrays (src/llm/embeddings.ts).
// Runs in the model worker (and in Node for tests); never import it from an island.

import { cosineParts, EmbeddingIndex, pca2, wordTokenIds } from '../llm/embeddings.ts';
import type { ServedModel } from './engine.ts';
import type { Calls, EmbeddingCosine, TokenView } from './protocol.ts';

interface Embeddings {
  matrix: Float32Array; // [V, C] wte, only the rows the tokenizer can spell
  rows: number; // V
  cols: number; // C
  index: EmbeddingIndex;
}

const cache = new WeakMap<ServedModel, Promise<Embeddings>>();

/** wte as a typed array plus its unit-length rows, made once per loaded model. */
export function embeddingsOf(loaded: ServedModel): Promise<Embeddings> {
  let entry = cache.get(loaded);
  if (!entry) {
    entry = (async () => {
      const wte = loaded.model.weights.wte; // [V, C]
      const cols = wte.shape[1];
      const rows = Math.min(wte.shape[0], loaded.tokenizer.vocabSize); // a padded vocabulary's extra rows have no text
      const matrix = ((await wte.data()) as Float32Array).slice(0, rows * cols);
      return { matrix, rows, cols, index: new EmbeddingIndex(matrix, rows, cols) };
    })();
    cache.set(loaded, entry);
  }
  return entry;
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { name: 'BadRequest' });
}

function checkId(id: number, rows: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= rows) throw badRequest(`Token id ${id} is outside this vocabulary (0 to ${rows - 1}).`);
}

/** The token a typed word stands for: " word" if one token, else "word" if one token, else its first piece. */
function queryToken(loaded: ServedModel, text: string): { id: number; pieces: TokenView[] } {
  const word = text.trim();
  if (word === '') throw badRequest('Type a word to look up.');
  for (const form of [` ${word}`, word]) {
    const ids = loaded.tokenizer.encode(form);
    if (ids.length === 1) return { id: ids[0], pieces: loaded.describe(ids) };
  }
  const ids = loaded.tokenizer.encode(` ${word}`);
  return { id: ids[0], pieces: loaded.describe(ids) };
}

type Params<K extends keyof Calls> = Omit<Calls[K]['params'], 'model'>;
type Result<K extends keyof Calls> = Calls[K]['result'];

export async function embeddingNeighbours(loaded: ServedModel, { query, k }: Params<'embeddingNeighbours'>): Promise<Result<'embeddingNeighbours'>> {
  const start = performance.now();
  const { rows, index } = await embeddingsOf(loaded);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw badRequest(`Ask for 1 to 100 neighbours, not ${k}.`);
  const { id, pieces } = 'id' in query ? { id: query.id, pieces: [] as TokenView[] } : queryToken(loaded, query.text);
  checkId(id, rows);
  const found = index.nearest(id, k);
  const tokens = loaded.describe(found.map((n) => n.id));
  return {
    token: loaded.describe([id])[0],
    pieces: pieces.length > 0 ? pieces : loaded.describe([id]),
    neighbours: found.map((n, i) => ({ token: tokens[i], similarity: n.similarity })),
    computeMs: performance.now() - start,
  };
}

export async function embeddingCosine(loaded: ServedModel, { a, b, head }: Params<'embeddingCosine'>): Promise<EmbeddingCosine> {
  const { matrix, rows, cols } = await embeddingsOf(loaded);
  checkId(a, rows);
  checkId(b, rows);
  const n = Math.max(0, Math.min(cols, Math.floor(head)));
  const [ta, tb] = loaded.describe([a, b]);
  return {
    a: ta,
    b: tb,
    dimensions: cols,
    headA: Array.from(matrix.subarray(a * cols, a * cols + n)),
    headB: Array.from(matrix.subarray(b * cols, b * cols + n)),
    ...cosineParts(matrix, cols, a, b),
  };
}

export async function embeddingMap(loaded: ServedModel, { count }: Params<'embeddingMap'>): Promise<Result<'embeddingMap'>> {
  const start = performance.now();
  const { matrix, rows, cols } = await embeddingsOf(loaded);
  if (!Number.isInteger(count) || count < 3 || count > 5000) throw badRequest(`The map takes 3 to 5,000 tokens, not ${count}.`);
  const ids = wordTokenIds((id) => loaded.tokenizer.tokenText(id), rows, count);
  // A reader's model may know no word tokens at all (chapter 7's counting task): an empty map, not an error.
  if (ids.length < 3) return { points: [], explained: [0, 0], computeMs: performance.now() - start };
  const { points, explained } = pca2(matrix, cols, ids);
  const tokens = loaded.describe(ids);
  return {
    points: tokens.map((token, i) => ({ token, x: points[2 * i], y: points[2 * i + 1] })),
    explained,
    computeMs: performance.now() - start,
  };
}
