// Geometry of a token embedding matrix (wte, [V, C]) on plain typed arrays: cosine similarity,
// nearest neighbours, and a 2D map by principal component analysis. No TF.js: for one query
// against a few thousand rows a plain loop beats a kernel launch (scripts/bench/embeddings.ts).
//
// Shape legend: V = rows (tokens), C = columns (channels), N = rows chosen for the map.

/** One row's cosine similarity to the query. */
export interface Neighbour {
  id: number;
  similarity: number;
}

/** The pieces of cos(a, b) = a·b / (|a| |b|), for showing the formula with real numbers. */
export interface CosineParts {
  dot: number;
  normA: number;
  normB: number;
  cosine: number;
}

function checkMatrix(matrix: Float32Array, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || matrix.length < rows * cols) {
    throw new RangeError(`embedding matrix: expected at least ${rows} x ${cols} numbers, got ${matrix.length}.`);
  }
}

/** a·b, |a|, |b| and the cosine of rows a and b; a zero row has cosine 0 with everything. */
export function cosineParts(matrix: Float32Array, cols: number, a: number, b: number): CosineParts {
  let dot = 0, aa = 0, bb = 0;
  for (let j = 0, ia = a * cols, ib = b * cols; j < cols; j++) {
    const x = matrix[ia + j], y = matrix[ib + j];
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  const normA = Math.sqrt(aa), normB = Math.sqrt(bb);
  return { dot, normA, normB, cosine: normA > 0 && normB > 0 ? dot / (normA * normB) : 0 };
}

/**
 * The matrix with every row scaled to length 1, kept once per model: then a cosine is a dot
 * product, and one query against all V rows is V·C multiply-adds.
 */
export class EmbeddingIndex {
  readonly rows: number; // V
  readonly cols: number; // C
  private readonly unit: Float32Array; // [V, C], rows of length 1 (or 0 for a zero row)

  constructor(matrix: Float32Array, rows: number, cols: number) {
    checkMatrix(matrix, rows, cols);
    this.rows = rows;
    this.cols = cols;
    this.unit = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      let sq = 0;
      for (let j = 0; j < cols; j++) sq += matrix[i * cols + j] ** 2;
      const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
      for (let j = 0; j < cols; j++) this.unit[i * cols + j] = matrix[i * cols + j] * scale;
    }
  }

  /** Cosine similarity of row `query` to every row.  -> [V] */
  similarities(query: number): Float32Array {
    this.checkRow(query);
    const { unit, rows, cols } = this;
    const out = new Float32Array(rows);
    const q = unit.subarray(query * cols, query * cols + cols);
    for (let i = 0; i < rows; i++) {
      let dot = 0;
      for (let j = 0, o = i * cols; j < cols; j++) dot += q[j] * unit[o + j];
      out[i] = dot;
    }
    return out;
  }

  /** The k rows most similar to `query` (itself excluded), most similar first; ties by lower id. */
  nearest(query: number, k: number): Neighbour[] {
    const sims = this.similarities(query);
    const top: Neighbour[] = []; // kept sorted, at most k long: V·log k instead of sorting all V
    for (let id = 0; id < this.rows; id++) {
      if (id === query) continue;
      const similarity = sims[id];
      if (top.length === k && similarity <= top[k - 1].similarity) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].similarity < similarity) at--;
      top.splice(at, 0, { id, similarity });
      if (top.length > k) top.pop();
    }
    return top;
  }

  private checkRow(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) throw new RangeError(`token id ${row} is outside 0..${this.rows - 1}.`);
  }
}

/** A 2D map of chosen rows: their coordinates on the first two principal components. */
export interface Pca2 {
  /** [N, 2]: row i's coordinates are [2i, 2i + 1]. */
  points: Float64Array;
  /** The two principal directions, [2, C], unit length. */
  components: [Float64Array, Float64Array];
  /** Variance along each direction (eigenvalues of the covariance). */
  variance: [number, number];
  /** Share of the total variance each direction explains (0..1). */
  explained: [number, number];
}

/** Covariance of the chosen rows, in float64.  -> mean [C], cov [C, C] */
function covariance(matrix: Float32Array, cols: number, ids: readonly number[]): { mean: Float64Array; cov: Float64Array } {
  const n = ids.length;
  const mean = new Float64Array(cols);
  for (const id of ids) for (let j = 0; j < cols; j++) mean[j] += matrix[id * cols + j] / n;
  const cov = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (const id of ids) {
    for (let j = 0; j < cols; j++) centred[j] = matrix[id * cols + j] - mean[j];
    for (let r = 0; r < cols; r++) {
      const x = centred[r] / (n - 1);
      for (let c = r; c < cols; c++) cov[r * cols + c] += x * centred[c];
    }
  }
  for (let r = 0; r < cols; r++) for (let c = 0; c < r; c++) cov[r * cols + c] = cov[c * cols + r];
  return { mean, cov };
}

/** y = A x for a symmetric [C, C] matrix. */
function multiply(a: Float64Array, x: Float64Array, cols: number): Float64Array {
  const y = new Float64Array(cols);
  for (let r = 0; r < cols; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += a[r * cols + c] * x[c];
    y[r] = s;
  }
  return y;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normalise(v: Float64Array): number {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return n;
}

/**
 * The top eigenvector of a symmetric positive semi-definite matrix, orthogonal to `against`, by
 * power iteration (deterministic start, stops when the direction moves less than 1e-12).
 */
function topEigenvector(cov: Float64Array, cols: number, against: Float64Array | null, maxIterations: number): Float64Array {
  let v: Float64Array = new Float64Array(cols).map((_, i) => 1 + ((i * 7919) % 13) / 13); // any start not orthogonal to the answer
  const project = (x: Float64Array) => {
    if (against) {
      const d = dot(x, against);
      for (let i = 0; i < cols; i++) x[i] -= d * against[i];
    }
    normalise(x);
  };
  project(v);
  for (let it = 0; it < maxIterations; it++) {
    const next = multiply(cov, v, cols);
    project(next);
    const change = 1 - Math.abs(dot(next, v));
    v = next;
    if (change < 1e-12) break;
  }
  // Fix the sign so the same matrix always gives the same picture: largest entry positive.
  let big = 0;
  for (let i = 1; i < cols; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  if (v[big] < 0) for (let i = 0; i < cols; i++) v[i] = -v[i];
  return v;
}

/** PCA of the chosen rows onto two dimensions (centred on their mean). */
export function pca2(matrix: Float32Array, cols: number, ids: readonly number[], maxIterations = 2000): Pca2 {
  if (ids.length < 3) throw new RangeError(`a 2D map needs at least 3 points, got ${ids.length}.`);
  const { mean, cov } = covariance(matrix, cols, ids);
  const first = topEigenvector(cov, cols, null, maxIterations);
  const second = topEigenvector(cov, cols, first, maxIterations);
  const variance: [number, number] = [dot(first, multiply(cov, first, cols)), dot(second, multiply(cov, second, cols))];
  let total = 0;
  for (let j = 0; j < cols; j++) total += cov[j * cols + j];
  const points = new Float64Array(ids.length * 2);
  ids.forEach((id, i) => {
    let x = 0, y = 0;
    for (let j = 0; j < cols; j++) {
      const c = matrix[id * cols + j] - mean[j];
      x += c * first[j];
      y += c * second[j];
    }
    points[2 * i] = x;
    points[2 * i + 1] = y;
  });
  return { points, components: [first, second], variance, explained: [variance[0] / total, variance[1] / total] };
}

/**
 * The first `count` word tokens in id order: a space then two or more ASCII letters (" the", " King").
 * Ids after the 256 bytes follow the order in which BPE learned the merges, and BPE always merges the
 * most frequent pair next, so a low id is a frequent piece of the training text: a rough ranking by
 * frequency that needs nothing but the tokenizer.
 */
export function wordTokenIds(tokenText: (id: number) => string, vocabSize: number, count: number): number[] {
  const ids: number[] = [];
  for (let id = 0; id < vocabSize && ids.length < count; id++) if (WORD_TOKEN.test(tokenText(id))) ids.push(id);
  return ids;
}

/** What wordTokenIds keeps (exported so the page can state the rule). */
export const WORD_TOKEN = /^ [A-Za-z]{2,}$/;
