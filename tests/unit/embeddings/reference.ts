// Plain, slow, obviously-correct float64 references for the embedding explorer's math: cosine by
// loops, and PCA by a full Jacobi eigen-decomposition of the covariance (no power iteration).

export function cosine64(m: Float32Array, cols: number, a: number, b: number): number {
  let dot = 0, aa = 0, bb = 0;
  for (let j = 0; j < cols; j++) {
    const x = m[a * cols + j], y = m[b * cols + j];
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return dot / Math.sqrt(aa * bb);
}

/** Every other row's cosine with row q, sorted best first (ties by lower id). */
export function neighbours64(m: Float32Array, rows: number, cols: number, q: number): { id: number; similarity: number }[] {
  const all: { id: number; similarity: number }[] = [];
  for (let id = 0; id < rows; id++) if (id !== q) all.push({ id, similarity: cosine64(m, cols, q, id) });
  return all.sort((x, y) => y.similarity - x.similarity || x.id - y.id);
}

/** Eigenvalues (descending) and eigenvectors (rows) of a symmetric n x n matrix, cyclic Jacobi. */
function jacobiEigen(input: number[][]): { values: number[]; vectors: number[][] } {
  const n = input.length;
  const a = input.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}

/** PCA reference: centre the chosen rows, covariance by loops, Jacobi, project on the top two. */
export function pcaReference(m: Float32Array, cols: number, ids: number[]) {
  const n = ids.length;
  const mean = Array.from({ length: cols }, (_, j) => ids.reduce((s, id) => s + m[id * cols + j], 0) / n);
  const x = ids.map((id) => Array.from({ length: cols }, (_, j) => m[id * cols + j] - mean[j]));
  const cov = Array.from({ length: cols }, (_, r) =>
    Array.from({ length: cols }, (_, c) => x.reduce((s, row) => s + row[r] * row[c], 0) / (n - 1)),
  );
  const { values, vectors } = jacobiEigen(cov);
  const total = values.reduce((s, v) => s + v, 0);
  const project = (k: number) => x.map((row) => row.reduce((s, v, j) => s + v * vectors[k][j], 0));
  return { values, explained: [values[0] / total, values[1] / total], xs: project(0), ys: project(1) };
}
