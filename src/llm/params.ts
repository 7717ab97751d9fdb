// Parameter counting from a config alone: no weights needed. Two views of the same model:
//  - weightsOnly: the big matrices only, tallied the way 3Blue1Brown tallies GPT-3
//    (embedding, Q, K, V, output, MLP up, MLP down, unembedding). GPT-3 gives 175,181,291,520.
//  - total: every learned number in a GPT-2-style checkpoint, adding position embeddings,
//    biases and LayerNorm gains/biases, and sharing the unembedding with the token
//    embedding when the embeddings are tied. GPT-2 small gives 124,439,808.

import { mlpWidth, type GPTConfig } from './config.ts';

export type MatrixKind =
  | 'tokenEmbedding'
  | 'positionEmbedding'
  | 'query'
  | 'key'
  | 'value'
  | 'attentionOutput'
  | 'mlpUp'
  | 'mlpDown'
  | 'unembedding'
  | 'biases'
  | 'layerNorms';

/** Human-readable names for each kind, in the order the data meets them. */
const MATRIX_KIND_LABELS: Record<MatrixKind, string> = {
  tokenEmbedding: 'Token embedding',
  positionEmbedding: 'Position embedding',
  query: 'Query',
  key: 'Key',
  value: 'Value',
  attentionOutput: 'Attention output',
  mlpUp: 'MLP up-projection',
  mlpDown: 'MLP down-projection',
  unembedding: 'Unembedding',
  biases: 'Biases',
  layerNorms: 'LayerNorm gains and biases',
};

export interface ParamRow {
  kind: MatrixKind;
  label: string;
  /** Shape of one matrix, e.g. [12288, 12288]; for biases and LayerNorms, the per-layer vector sizes summed. */
  shape: number[];
  /** How many such matrices (per model), as 3Blue1Brown counts them (Q, K and V per head). */
  matrices: number;
  /** Parameters of this kind in the whole model. */
  count: number;
  /** Included in the weights-only tally? */
  weightsOnly: boolean;
  /** Stored separately in a checkpoint? (false for a tied unembedding) */
  stored: boolean;
}

export interface ParamCount {
  rows: ParamRow[];
  breakdown: Record<MatrixKind, number>;
  /** 3Blue1Brown's tally: the eight big matrix kinds, the unembedding always counted. */
  weightsOnly: number;
  /** Number of matrices in the weights-only tally (27,938 for GPT-3). */
  weightsOnlyMatrices: number;
  /** Every stored learned parameter (a tied unembedding counted once, inside the embedding). */
  total: number;
}

export function countParameters(config: GPTConfig): ParamCount {
  const { vocab_size: V, n_positions: P, n_embd: C, n_layer: L, n_head: H } = config;
  const F = mlpWidth(config);
  const D = C / H;
  const rows: ParamRow[] = [
    row('tokenEmbedding', [V, C], 1, V * C, true, true),
    row('positionEmbedding', [P, C], 1, P * C, false, true),
    // Each head has its own C x D query, key and value map; all heads together make one C x C matrix.
    row('query', [C, D], L * H, L * C * C, true, true),
    row('key', [C, D], L * H, L * C * C, true, true),
    row('value', [C, D], L * H, L * C * C, true, true),
    row('attentionOutput', [C, C], L, L * C * C, true, true),
    row('mlpUp', [C, F], L, L * C * F, true, true),
    row('mlpDown', [F, C], L, L * F * C, true, true),
    row('unembedding', [C, V], 1, C * V, true, !config.tie_word_embeddings),
    // Per layer: q, k, v biases (3C), attention output bias (C), MLP up bias (F), MLP down bias (C).
    row('biases', [3 * C + C + F + C], L, L * (3 * C + C + F + C), false, true),
    // Per layer two LayerNorms (gain + bias each), plus the final one.
    row('layerNorms', [2 * C], 2 * L + 1, (2 * L + 1) * 2 * C, false, true),
  ];
  const breakdown = Object.fromEntries(rows.map((r) => [r.kind, r.count])) as Record<MatrixKind, number>;
  const weightsOnlyRows = rows.filter((r) => r.weightsOnly);
  return {
    rows,
    breakdown,
    weightsOnly: sum(weightsOnlyRows.map((r) => r.count)),
    weightsOnlyMatrices: sum(weightsOnlyRows.map((r) => r.matrices)),
    total: sum(rows.filter((r) => r.stored).map((r) => r.count)),
  };
}

function row(kind: MatrixKind, shape: number[], matrices: number, count: number, weightsOnly: boolean, stored: boolean): ParamRow {
  return { kind, label: MATRIX_KIND_LABELS[kind], shape, matrices, count, weightsOnly, stored };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** 175181291520 -> "175,181,291,520" (fixed locale so build output never depends on the machine). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Which of the small families a stored total includes (the matrices and position embeddings always count). */
export interface SmallFamilies {
  biases: boolean;
  layerNorms: boolean;
}

/** Stored parameters, with or without biases and LayerNorms: the N that memory and compute are computed from. */
export function storedCount(count: ParamCount, include: SmallFamilies): number {
  const { biases, layerNorms } = count.breakdown;
  return count.total - (include.biases ? 0 : biases) - (include.layerNorms ? 0 : layerNorms);
}

/** Bytes one parameter takes in each number format (int4 packs two parameters into a byte). */
export const BYTES_PER_PARAMETER = { fp32: 4, fp16: 2, int8: 1, int4: 0.5 } as const;

export type NumberFormat = keyof typeof BYTES_PER_PARAMETER;

/** Training compute, the usual estimate: about 2N multiply-adds per token forward and 4N backward. */
export function trainingFlops(parameters: number, tokens: number): number {
  return 6 * parameters * tokens;
}
