// A plain, slow, obviously-correct GPT-2 forward pass: loops over float64 arrays, no TF.js.
// The TF.js model is tested against this. Weights are looked up by their GPT-2 checkpoint names,
// with GPT-2's orientation (linear weights are [in, out], y = x · W + b).

import type { GPTConfig } from '../../src/llm/config.ts';
import type { Knockouts } from '../../src/llm/knockout.ts';

export type RefWeights = Map<string, ArrayLike<number>>;

type Mat = Float64Array[]; // rows

function layerNorm(x: Mat, g: ArrayLike<number>, b: ArrayLike<number>, eps: number): Mat {
  return x.map((row) => {
    const n = row.length;
    let mean = 0;
    for (const v of row) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of row) variance += (v - mean) ** 2;
    variance /= n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = ((row[i] - mean) / Math.sqrt(variance + eps)) * g[i] + b[i];
    return out;
  });
}

function linear(x: Mat, w: ArrayLike<number>, b: ArrayLike<number>, inDim: number, outDim: number): Mat {
  return x.map((row) => {
    const out = new Float64Array(outDim);
    for (let o = 0; o < outDim; o++) {
      let s = b[o];
      for (let i = 0; i < inDim; i++) s += row[i] * w[i * outDim + o];
      out[o] = s;
    }
    return out;
  });
}

function gelu(v: number): number {
  return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
}

export interface ReferenceOutput {
  logits: Mat; // [T][V]
  attn: number[][][][]; // [L][H][T][T]
  streams: Mat[]; // [L + 1][T][C] the residual stream after the embedding and after each block
  afterAttn: Mat[]; // [L][T][C] the residual stream after each block's attention
}

/** logits [T][V] (and each layer's attention weights [H][T][T]) for one sequence, with optional knock-outs. */
export function referenceForward(config: GPTConfig, w: RefWeights, ids: number[], knockouts: Knockouts = {}): ReferenceOutput {
  const { n_embd: C, n_head: H, layer_norm_epsilon: eps } = config;
  const F = config.n_inner ?? 4 * C;
  const D = C / H;
  const T = ids.length;
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`reference: missing ${name}`);
    return t;
  };
  const wte = get('wte.weight');
  const wpe = get('wpe.weight');
  let x: Mat = ids.map((id, t) => {
    const row = new Float64Array(C);
    for (let c = 0; c < C; c++) row[c] = wte[id * C + c] + wpe[t * C + c];
    return row;
  });
  const attnAll: number[][][][] = [];
  const streams: Mat[] = [x];
  const afterAttn: Mat[] = [];
  for (let l = 0; l < config.n_layer; l++) {
    const blockOff = (knockouts.blocks ?? []).includes(l);
    const mlpOff = blockOff || (knockouts.mlps ?? []).includes(l);
    const headOff = (hd: number) => (knockouts.heads ?? []).some((k) => k.layer === l && k.head === hd);
    const p = `h.${l}.`;
    const h = layerNorm(x, get(p + 'ln_1.weight'), get(p + 'ln_1.bias'), eps);
    const qkv = linear(h, get(p + 'attn.c_attn.weight'), get(p + 'attn.c_attn.bias'), C, 3 * C);
    const mixed: Mat = Array.from({ length: T }, () => new Float64Array(C));
    const attnLayer: number[][][] = [];
    for (let hd = 0; hd < H; hd++) {
      const attnHead: number[][] = [];
      for (let i = 0; i < T; i++) {
        const scores: number[] = [];
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let d = 0; d < D; d++) s += qkv[i][hd * D + d] * qkv[j][C + hd * D + d];
          scores.push(s / Math.sqrt(D));
        }
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        const p = e.map((v) => v / z);
        // A knocked-out head's output stays zero (before c_proj, as in inspect's knock-outs).
        for (let j = 0; j <= i; j++) {
          if (headOff(hd)) break;
          for (let d = 0; d < D; d++) mixed[i][hd * D + d] += p[j] * qkv[j][2 * C + hd * D + d];
        }
        attnHead.push([...p, ...new Array(T - i - 1).fill(0)]);
      }
      attnLayer.push(attnHead);
    }
    attnAll.push(attnLayer);
    const a = linear(mixed, get(p + 'attn.c_proj.weight'), get(p + 'attn.c_proj.bias'), C, C);
    if (!blockOff) x = x.map((row, t) => row.map((v, c) => v + a[t][c]));
    afterAttn.push(x);
    const h2 = layerNorm(x, get(p + 'ln_2.weight'), get(p + 'ln_2.bias'), eps);
    const up = linear(h2, get(p + 'mlp.c_fc.weight'), get(p + 'mlp.c_fc.bias'), C, F).map((r) => r.map(gelu));
    const down = linear(up, get(p + 'mlp.c_proj.weight'), get(p + 'mlp.c_proj.bias'), F, C);
    if (!mlpOff) x = x.map((row, t) => row.map((v, c) => v + down[t][c]));
    streams.push(x);
  }
  return { logits: unembed(config, w, x), attn: attnAll, streams, afterAttn };
}

/** ln_f, then a logit for every token.  [T][C] -> [T][V] */
function unembed(config: GPTConfig, w: RefWeights, x: Mat): Mat {
  const { n_embd: C, vocab_size: V, layer_norm_epsilon: eps } = config;
  const get = (name: string) => w.get(name)!;
  const xf = layerNorm(x, get('ln_f.weight'), get('ln_f.bias'), eps);
  const head = config.tie_word_embeddings ? get('wte.weight') : get('lm_head.weight'); // [V, C]
  return xf.map((row) => {
    const out = new Float64Array(V);
    for (let v = 0; v < V; v++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += row[c] * head[v * C + c];
      out[v] = s;
    }
    return out;
  });
}

function norm(row: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < row.length; i++) s += row[i] ** 2;
  return Math.sqrt(s);
}

function diffNorm(a: Float64Array, b: Float64Array): number {
  return norm(a.map((v, i) => v - b[i]));
}

/** What inspect() returns, from the loops above: lens logits and norms at the last position. */
export function referenceInspect(config: GPTConfig, w: RefWeights, ids: number[], knockouts: Knockouts = {}) {
  const r = referenceForward(config, w, ids, knockouts);
  const last = ids.length - 1;
  const lastRows = r.streams.map((s) => s[last]); // [L + 1][C]
  return {
    ...r,
    lens: unembed(config, w, lastRows), // [L + 1][V]
    residualNorms: lastRows.map(norm),
    attentionNorms: r.afterAttn.map((s, l) => diffNorm(s[last], r.streams[l][last])),
    mlpNorms: r.afterAttn.map((s, l) => diffNorm(r.streams[l + 1][last], s[last])),
    lastLogits: r.logits[last],
  };
}
