// The learned numbers of a GPT, in GPT-2's own names and orientation (the layout of OpenAI's
// published checkpoints): every linear layer stores its weight as [in, out] and computes x · W + b.
// This file owns creating, naming and disposing weights; it does no math on them.
//
// Weights may be plain tensors (inference) or tf.Variables (training): the forward pass only uses
// tf ops on them, so gradients flow either way.

import * as tf from '@tensorflow/tfjs-core';
import { mlpWidth, type GPTConfig } from './config.ts';
import { mulberry32 } from './random.ts';

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

/**
 * One block's tensors, named as after `h.<i>.` in a GPT-2 checkpoint, with their shapes, in file order. The
 * only place the names are written: a name is also the tensor's path in BlockWeights (`attn.c_attn.weight`).
 */
function blockShapes(C: number, F: number): [name: string, shape: number[]][] {
  return [
    ['ln_1.weight', [C]],
    ['ln_1.bias', [C]],
    ['attn.c_attn.weight', [C, 3 * C]],
    ['attn.c_attn.bias', [3 * C]],
    ['attn.c_proj.weight', [C, C]],
    ['attn.c_proj.bias', [C]],
    ['ln_2.weight', [C]],
    ['ln_2.bias', [C]],
    ['mlp.c_fc.weight', [C, F]],
    ['mlp.c_fc.bias', [F]],
    ['mlp.c_proj.weight', [F, C]],
    ['mlp.c_proj.bias', [C]],
  ];
}

/** Names in one block, in file order. */
const BLOCK_NAMES = blockShapes(0, 0).map(([name]) => name);

/** Every tensor name of a GPT-2 checkpoint with its expected shape, in file order. */
export function weightShapes(config: GPTConfig): [name: string, shape: number[]][] {
  const { vocab_size: V, n_positions: P, n_embd: C } = config;
  const block = blockShapes(C, mlpWidth(config));
  const shapes: [string, number[]][] = [
    ['wte.weight', [V, C]],
    ['wpe.weight', [P, C]],
  ];
  for (let i = 0; i < config.n_layer; i++) shapes.push(...block.map(([name, shape]): [string, number[]] => [`h.${i}.${name}`, shape]));
  shapes.push(['ln_f.weight', [C]], ['ln_f.bias', [C]]);
  if (!config.tie_word_embeddings) shapes.push(['lm_head.weight', [V, C]]);
  return shapes;
}

/** The tensor at a block-relative name (`attn.c_attn.weight` -> block.attn.c_attn.weight). */
function blockTensor(block: BlockWeights, name: string): tf.Tensor {
  return name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], block) as tf.Tensor;
}

/** A block assembled from its tensors, each put at the path its name spells. */
function blockFromNamed(get: (name: string) => tf.Tensor): BlockWeights {
  const block = {} as BlockWeights;
  for (const name of BLOCK_NAMES) {
    const keys = name.split('.');
    let node = block as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = get(name);
  }
  return block;
}

/** Builds GPTWeights from a name -> tensor lookup (names as in weightShapes). */
export function weightsFromNamed(config: GPTConfig, get: (name: string) => tf.Tensor): GPTWeights {
  const weights: GPTWeights = {
    wte: get('wte.weight') as tf.Tensor2D,
    wpe: get('wpe.weight') as tf.Tensor2D,
    blocks: Array.from({ length: config.n_layer }, (_, i) => blockFromNamed((name) => get(`h.${i}.${name}`))),
    ln_f: { weight: get('ln_f.weight') as tf.Tensor1D, bias: get('ln_f.bias') as tf.Tensor1D },
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
  weights.blocks.forEach((b, i) => out.push(...BLOCK_NAMES.map((name): [string, tf.Tensor] => [`h.${i}.${name}`, blockTensor(b, name)])));
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
