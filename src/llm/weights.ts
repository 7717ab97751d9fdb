// The learned numbers of a GPT, in GPT-2's own names and orientation (the layout of OpenAI's
// published checkpoints): every linear layer stores its weight as [in, out] and computes x · W + b.
// This file owns creating, naming and disposing weights; it does no math on them.
//
// Weights may be plain tensors (inference) or tf.Variables (training): the forward pass only uses
// tf ops on them, so gradients flow either way.

import * as tf from '@tensorflow/tfjs-core';
import { mlpWidth, type GPTConfig } from './config.ts';

export interface LayerNormWeights {
  weight: tf.Tensor1D; // [C] gain, starts at 1
  bias: tf.Tensor1D; // [C] shift, starts at 0
}

export interface LinearWeights {
  weight: tf.Tensor2D; // [in, out]  (GPT-2's Conv1D orientation: y = x · W + b)
  bias: tf.Tensor1D; // [out]
}

export interface BlockWeights {
  ln_1: LayerNormWeights;
  attn: {
    c_attn: LinearWeights; // [C, 3C]: query, key and value for all heads, side by side
    c_proj: LinearWeights; // [C, C]: heads' outputs back into the residual stream
  };
  ln_2: LayerNormWeights;
  mlp: {
    c_fc: LinearWeights; // [C, F] with F = 4C: up
    c_proj: LinearWeights; // [F, C]: down
  };
}

export interface GPTWeights {
  wte: tf.Tensor2D; // [V, C] token embedding (also the unembedding when tied)
  wpe: tf.Tensor2D; // [P, C] learned position embedding
  blocks: BlockWeights[]; // L of them
  ln_f: LayerNormWeights; // final LayerNorm
  lm_head?: tf.Tensor2D; // [V, C] untied unembedding (absent for GPT-2, which ties it to wte)
}

/** Every tensor name of a GPT-2 checkpoint with its expected shape, in file order. */
export function weightShapes(config: GPTConfig): [name: string, shape: number[]][] {
  const { vocab_size: V, n_positions: P, n_embd: C } = config;
  const F = mlpWidth(config);
  const shapes: [string, number[]][] = [
    ['wte.weight', [V, C]],
    ['wpe.weight', [P, C]],
  ];
  for (let i = 0; i < config.n_layer; i++) {
    shapes.push(
      [`h.${i}.ln_1.weight`, [C]],
      [`h.${i}.ln_1.bias`, [C]],
      [`h.${i}.attn.c_attn.weight`, [C, 3 * C]],
      [`h.${i}.attn.c_attn.bias`, [3 * C]],
      [`h.${i}.attn.c_proj.weight`, [C, C]],
      [`h.${i}.attn.c_proj.bias`, [C]],
      [`h.${i}.ln_2.weight`, [C]],
      [`h.${i}.ln_2.bias`, [C]],
      [`h.${i}.mlp.c_fc.weight`, [C, F]],
      [`h.${i}.mlp.c_fc.bias`, [F]],
      [`h.${i}.mlp.c_proj.weight`, [F, C]],
      [`h.${i}.mlp.c_proj.bias`, [C]],
    );
  }
  shapes.push(['ln_f.weight', [C]], ['ln_f.bias', [C]]);
  if (!config.tie_word_embeddings) shapes.push(['lm_head.weight', [V, C]]);
  return shapes;
}

/** Builds GPTWeights from a name -> tensor lookup (names as in weightShapes). */
export function weightsFromNamed(config: GPTConfig, get: (name: string) => tf.Tensor): GPTWeights {
  const ln = (prefix: string): LayerNormWeights => ({
    weight: get(`${prefix}.weight`) as tf.Tensor1D,
    bias: get(`${prefix}.bias`) as tf.Tensor1D,
  });
  const linear = (prefix: string): LinearWeights => ({
    weight: get(`${prefix}.weight`) as tf.Tensor2D,
    bias: get(`${prefix}.bias`) as tf.Tensor1D,
  });
  const blocks: BlockWeights[] = [];
  for (let i = 0; i < config.n_layer; i++) {
    blocks.push({
      ln_1: ln(`h.${i}.ln_1`),
      attn: { c_attn: linear(`h.${i}.attn.c_attn`), c_proj: linear(`h.${i}.attn.c_proj`) },
      ln_2: ln(`h.${i}.ln_2`),
      mlp: { c_fc: linear(`h.${i}.mlp.c_fc`), c_proj: linear(`h.${i}.mlp.c_proj`) },
    });
  }
  const weights: GPTWeights = {
    wte: get('wte.weight') as tf.Tensor2D,
    wpe: get('wpe.weight') as tf.Tensor2D,
    blocks,
    ln_f: ln('ln_f'),
  };
  if (!config.tie_word_embeddings) weights.lm_head = get('lm_head.weight') as tf.Tensor2D;
  return weights;
}

/** [name, tensor] pairs in GPT-2 checkpoint names and file order. */
export function namedWeights(weights: GPTWeights): [name: string, tensor: tf.Tensor][] {
  const out: [string, tf.Tensor][] = [
    ['wte.weight', weights.wte],
    ['wpe.weight', weights.wpe],
  ];
  weights.blocks.forEach((b, i) => {
    out.push(
      [`h.${i}.ln_1.weight`, b.ln_1.weight],
      [`h.${i}.ln_1.bias`, b.ln_1.bias],
      [`h.${i}.attn.c_attn.weight`, b.attn.c_attn.weight],
      [`h.${i}.attn.c_attn.bias`, b.attn.c_attn.bias],
      [`h.${i}.attn.c_proj.weight`, b.attn.c_proj.weight],
      [`h.${i}.attn.c_proj.bias`, b.attn.c_proj.bias],
      [`h.${i}.ln_2.weight`, b.ln_2.weight],
      [`h.${i}.ln_2.bias`, b.ln_2.bias],
      [`h.${i}.mlp.c_fc.weight`, b.mlp.c_fc.weight],
      [`h.${i}.mlp.c_fc.bias`, b.mlp.c_fc.bias],
      [`h.${i}.mlp.c_proj.weight`, b.mlp.c_proj.weight],
      [`h.${i}.mlp.c_proj.bias`, b.mlp.c_proj.bias],
    );
  });
  out.push(['ln_f.weight', weights.ln_f.weight], ['ln_f.bias', weights.ln_f.bias]);
  if (weights.lm_head) out.push(['lm_head.weight', weights.lm_head]);
  return out;
}

/** A copy of the weights' structure with every tensor replaced by fn(tensor, name), e.g. tf.variable. */
export function mapWeights(config: GPTConfig, weights: GPTWeights, fn: (t: tf.Tensor, name: string) => tf.Tensor): GPTWeights {
  const mapped = new Map(namedWeights(weights).map(([name, t]) => [name, fn(t, name)]));
  return weightsFromNamed(config, (name) => mapped.get(name)!);
}

/**
 * GPT-2's initialisation: every matrix ~ N(0, 0.02), the two residual projections (attn.c_proj and
 * mlp.c_proj) scaled by 1/sqrt(2L) so the residual stream's variance does not grow with depth;
 * LayerNorm gains 1, all biases 0. The same seed gives the same weights on every backend.
 */
export function initWeights(config: GPTConfig, seed = 0): GPTWeights {
  const rng = mulberry32(seed);
  const residualStd = 0.02 / Math.sqrt(2 * config.n_layer);
  const tensors = new Map<string, tf.Tensor>();
  for (const [name, shape] of weightShapes(config)) {
    const suffix = name.slice(name.lastIndexOf('.') + 1);
    const size = shape.reduce((a, b) => a * b, 1);
    let values: Float32Array;
    if (name.includes('ln_') && suffix === 'weight') values = new Float32Array(size).fill(1);
    else if (suffix === 'bias') values = new Float32Array(size);
    else values = normals(size, name.endsWith('c_proj.weight') ? residualStd : 0.02, rng);
    tensors.set(name, tf.tensor(values, shape, 'float32'));
  }
  return weightsFromNamed(config, (name) => tensors.get(name)!);
}

export function disposeWeights(weights: GPTWeights): void {
  for (const [, t] of namedWeights(weights)) t.dispose();
}

/** Small, fast, seedable PRNG (uniform in [0, 1)); used wherever runs must be reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(n: number, std: number, rng: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // Box-Muller: two uniforms -> two independent standard normals.
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    out[i] = std * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = std * r * Math.sin(theta);
  }
  return out;
}
