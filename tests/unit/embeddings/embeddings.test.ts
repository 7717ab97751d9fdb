// The embedding explorer's numbers on the book's real models: neighbours equal a float64 cosine
// reference, the PCA map equals a Jacobi eigen-decomposition (up to sign), the cosine parts add up.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { embeddingCosine, embeddingMap, embeddingNeighbours, embeddingsOf } from '../../../src/worker/embedding-engine.ts';
import { toWorkerError, wrapModel, type ServedModel } from '../../../src/worker/engine.ts';
import { EmbeddingIndex, pca2, WORD_TOKEN, wordTokenIds } from '../../../src/llm/embeddings.ts';
import { loadModelFromDir } from '../../../src/llm/io/node-fs.ts';
import { useBackend } from '../llm/helpers.ts';
import { cosine64, neighbours64, pcaReference } from './reference.ts';

const MODELS = ['book-tiny', 'book-small'] as const;
const loaded = new Map<string, ServedModel>();

beforeAll(async () => {
  await useBackend('wasm');
  for (const name of MODELS) loaded.set(name, wrapModel(name, loadModelFromDir(`public/models/${name}`)));
});

describe.each(MODELS)('%s', (name) => {
  test('nearest neighbours equal the float64 cosine reference', async () => {
    const model = loaded.get(name)!;
    const { matrix, rows, cols } = await embeddingsOf(model);
    for (const q of [0, 32, 300, 511, rows - 1]) {
      const got = await embeddingNeighbours(model, { query: { id: q }, k: 10 });
      const want = neighbours64(matrix, rows, cols, q).slice(0, 10);
      expect(got.token.id).toBe(q);
      got.neighbours.forEach((n, i) => {
        expect(n.similarity).toBeCloseTo(want[i].similarity, 5);
        // Ids agree wherever the reference's similarities are not near-ties.
        const gap = Math.min(Math.abs(want[i].similarity - (want[i - 1]?.similarity ?? 9)), Math.abs(want[i].similarity - (want[i + 1]?.similarity ?? -9)));
        if (gap > 1e-5) expect(n.token.id, `rank ${i + 1} for query ${q}`).toBe(want[i].id);
      });
    }
  });

  test('a typed word is looked up as " word" when that is one token', async () => {
    const model = loaded.get(name)!;
    const the = model.tokenizer.encode(' the');
    expect(the).toHaveLength(1);
    const got = await embeddingNeighbours(model, { query: { text: '  the ' }, k: 5 });
    expect(got.token.id).toBe(the[0]);
    expect(got.pieces.map((p) => p.id)).toEqual(the);
    // A long made-up word splits; the first piece is the query and every piece is listed.
    const long = await embeddingNeighbours(model, { query: { text: 'Zzyzxqwertyuiop' }, k: 3 });
    expect(long.pieces.length).toBeGreaterThan(1);
    expect(long.token.id).toBe(long.pieces[0].id);
    expect(model.tokenizer.decode(long.pieces.map((p) => p.id))).toBe(' Zzyzxqwertyuiop');
  });

  test('the cosine parts are the vectors\' real numbers and add up', async () => {
    const model = loaded.get(name)!;
    const { matrix, cols } = await embeddingsOf(model);
    const [a, b] = model.tokenizer.encode(' the of').length === 2 ? model.tokenizer.encode(' the of') : [300, 301];
    const got = await embeddingCosine(model, { a, b, head: 4 });
    expect(got.dimensions).toBe(cols);
    expect(got.headA).toEqual(Array.from(matrix.subarray(a * cols, a * cols + 4)));
    expect(got.headB).toEqual(Array.from(matrix.subarray(b * cols, b * cols + 4)));
    expect(got.cosine).toBeCloseTo(cosine64(matrix, cols, a, b), 10);
    expect(got.dot / (got.normA * got.normB)).toBeCloseTo(got.cosine, 12);
  });

  test('the map: the first word tokens, PCA equal to the Jacobi reference up to sign', async () => {
    const model = loaded.get(name)!;
    const { matrix, rows, cols } = await embeddingsOf(model);
    const ids = wordTokenIds((id) => model.tokenizer.tokenText(id), rows, 500);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(model.tokenizer.tokenText(id)).toMatch(WORD_TOKEN);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const map = await embeddingMap(model, { count: 500 });
    expect(map.points.map((p) => p.token.id)).toEqual(ids);
    const ref = pcaReference(matrix, cols, ids);
    const scale = Math.max(...ref.xs.map(Math.abs));
    for (const [axis, want] of [['x', ref.xs], ['y', ref.ys]] as const) {
      const got = map.points.map((p) => p[axis]);
      const sign = Math.sign(got.reduce((s, v, i) => s + v * want[i], 0));
      got.forEach((v, i) => expect(Math.abs(sign * v - want[i]) / scale, `${axis} of point ${i}`).toBeLessThan(1e-4));
    }
    expect(map.explained[0]).toBeCloseTo(ref.explained[0], 6);
    expect(map.explained[1]).toBeCloseTo(ref.explained[1], 6);
    expect(map.explained[0]).toBeGreaterThanOrEqual(map.explained[1]);
    expect(map.explained[1]).toBeGreaterThan(0);
    expect(map.explained[0] + map.explained[1]).toBeLessThan(1);
  });

  test('no tensors are left behind', async () => {
    const model = loaded.get(name)!;
    const before = tf.memory().numTensors;
    await embeddingNeighbours(model, { query: { text: 'the' }, k: 10 });
    await embeddingCosine(model, { a: 1, b: 2, head: 3 });
    await embeddingMap(model, { count: 100 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('bad requests', () => {
  test('out-of-range ids, k and counts, and empty words, become bad-request errors', async () => {
    const model = loaded.get('book-tiny')!;
    const { rows } = await embeddingsOf(model);
    const cases = [
      embeddingNeighbours(model, { query: { id: rows }, k: 5 }),
      embeddingNeighbours(model, { query: { id: -1 }, k: 5 }),
      embeddingNeighbours(model, { query: { id: 1.5 }, k: 5 }),
      embeddingNeighbours(model, { query: { text: '   ' }, k: 5 }),
      embeddingNeighbours(model, { query: { id: 3 }, k: 0 }),
      embeddingCosine(model, { a: 0, b: rows + 3, head: 3 }),
      embeddingMap(model, { count: 2 }),
    ];
    for (const call of cases) {
      const error = await call.then(() => null, (e: unknown) => e);
      expect(toWorkerError(error)).toMatchObject({ code: 'bad-request', retryable: false });
    }
  });
});

describe('embeddings.ts on small hand-made matrices', () => {
  test('neighbours by cosine, not by length; a zero row is similar to nothing', () => {
    const m = new Float32Array([1, 0, 10, 0.1, 0, 1, -1, 0, 0, 0]); // rows: x, ~x (long), y, -x, zero
    const index = new EmbeddingIndex(m, 5, 2);
    expect(index.nearest(0, 4).map((n) => n.id)).toEqual([1, 2, 4, 3]);
    expect(index.nearest(0, 4).map((n) => Math.round(n.similarity * 1000) / 1000)).toEqual([1, 0, 0, -1]);
    expect(() => index.nearest(5, 1)).toThrow(RangeError);
  });

  test('PCA of points on a tilted line and a small spread: first axis along the line', () => {
    const pts: number[] = [];
    for (let i = 0; i < 50; i++) pts.push(i, 2 * i + (i % 2 ? 0.5 : -0.5), (i % 3) - 1);
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const { components, explained } = pca2(new Float32Array(pts), 3, ids);
    const dir = [1 / Math.sqrt(5), 2 / Math.sqrt(5), 0];
    expect(Math.abs(components[0].reduce((s, v, j) => s + v * dir[j], 0))).toBeCloseTo(1, 4);
    expect(explained[0]).toBeGreaterThan(0.99);
  });
});
