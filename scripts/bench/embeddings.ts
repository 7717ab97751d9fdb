// Embedding explorer benchmark (chapter 3): nearest neighbours, one cosine and the 2D map on book-small's
// token embedding matrix, through the same embedding-engine.ts the model worker runs, in Node on WASM.
// Also times the same neighbours with TF.js (unit rows as a tensor, one matMul, topk) to show why the
// explorer uses plain typed arrays. The "embeddings" section of `npm run bench`. Target: neighbours < 30 ms.

import * as tf from '@tensorflow/tfjs-core';
import { embeddingCosine, embeddingMap, embeddingNeighbours, embeddingsOf } from '../../src/worker/embedding-engine.ts';
import { wrapModel } from '../../src/worker/engine.ts';
import { initNodeBackend, loadModelFromDir } from '../../src/llm/io/node-fs.ts';
import { table, timeMs } from './measure.ts';
import type { BenchOptions } from './registry.ts';

export const title = 'Embedding explorer (book-small wte, model worker code, Node WASM)';

const TARGET_MS = 30;

/** The TF.js way, for comparison: unit rows [V, C] times the query [C, 1], then topk. */
async function tfNeighbours(unit: tf.Tensor2D, query: number, k: number): Promise<void> {
  const scores = tf.tidy(() => tf.reshape(tf.matMul(unit, tf.transpose(tf.slice(unit, [query, 0], [1, -1]))), [-1])); // [V]
  const { values, indices } = tf.topk(scores, k + 1);
  await Promise.all([values.data(), indices.data()]);
  tf.dispose([scores, values, indices]);
}

export async function run({ quick, log }: BenchOptions): Promise<string> {
  const backend = await initNodeBackend('wasm');
  const loaded = wrapModel('book-small', loadModelFromDir('public/models/book-small'));
  const reps = quick ? 5 : 30;
  const t0 = performance.now();
  const { matrix, rows, cols } = await embeddingsOf(loaded);
  const prepareMs = performance.now() - t0;
  log(`book-small wte: ${rows} x ${cols}; first use (read wte, unit rows) ${prepareMs.toFixed(1)} ms`);

  const byId = await timeMs(() => embeddingNeighbours(loaded, { query: { id: 500 }, k: 20 }), reps);
  const byText = await timeMs(() => embeddingNeighbours(loaded, { query: { text: 'house' }, k: 20 }), reps);
  const cosine = await timeMs(() => embeddingCosine(loaded, { a: 500, b: 501, head: 4 }), reps);
  const map = await timeMs(() => embeddingMap(loaded, { count: 500 }), quick ? 2 : 5);
  const unit = tf.tidy(() => {
    const m = tf.tensor2d(matrix, [rows, cols]);
    return tf.div(m, tf.norm(m, 2, 1, true)) as tf.Tensor2D;
  });
  const viaTf = await timeMs(() => tfNeighbours(unit, 500, 20), reps);
  unit.dispose();
  const rowsOut: (string | number)[][] = [
    ['first use: read wte, make unit rows', prepareMs.toFixed(2), 'once per loaded model'],
    ['20 nearest tokens of a token id (typed arrays)', byId.toFixed(2), `${(byId / TARGET_MS).toFixed(3)} of the 30 ms target`],
    ['20 nearest tokens of a typed word (encode + search)', byText.toFixed(2), `${(byText / TARGET_MS).toFixed(3)} of the 30 ms target`],
    ['the same 20 nearest with TF.js (matMul + topk)', viaTf.toFixed(2), `${(viaTf / byId).toFixed(1)}x the typed-array time`],
    ['one cosine with its parts', cosine.toFixed(3), ''],
    ['2D map: 500 word tokens, covariance + power-iteration PCA', map.toFixed(1), 'once per page'],
  ];
  return [
    `Backend ${backend.name}; best of ${reps} runs (map: ${quick ? 2 : 5}) after one warm-up; ${rows} tokens x ${cols} channels.`,
    '',
    table(['step', 'ms', 'note'], rowsOut),
  ].join('\n');
}
