// Shared test helpers: switch TF.js backends in Node, make random weights with enough signal,
// and compare against the float64 reference.

import * as tf from '@tensorflow/tfjs-core';
import { resetBackend, type BackendName } from '../../../src/llm/backend.ts';
import type { GPTConfig } from '../../../src/llm/config.ts';
import { initNodeBackend } from '../../../src/llm/io/node-fs.ts';
import { mulberry32 } from '../../../src/llm/random.ts';
import { weightShapes, weightsFromNamed, type GPTWeights } from '../../../src/llm/weights.ts';

export const NODE_BACKENDS: BackendName[] = ['wasm', 'cpu'];

export async function useBackend(name: BackendName): Promise<void> {
  resetBackend();
  const info = await initNodeBackend(name);
  if (info.name !== name) throw new Error(`wanted backend ${name}, got ${info.name}`);
}

export function tinyConfig(over: Partial<GPTConfig> = {}): GPTConfig {
  return {
    vocab_size: 37, n_positions: 16, n_embd: 12, n_layer: 2, n_head: 3,
    layer_norm_epsilon: 1e-5, activation_function: 'gelu_new', tie_word_embeddings: true, ...over,
  };
}

/** Configs every forward-pass test runs: the default, single head/layer, odd eps and MLP width, untied lm_head. */
export const REFERENCE_CONFIGS: GPTConfig[] = [
  tinyConfig(),
  tinyConfig({ n_head: 1, n_layer: 1, n_embd: 8, vocab_size: 11 }),
  tinyConfig({ n_head: 4, n_embd: 16, n_layer: 3, layer_norm_epsilon: 1e-3, n_inner: 24 }),
  tinyConfig({ tie_word_embeddings: false, vocab_size: 50 }),
];

/** Random weights (uniform-ish, larger than GPT-2's init so logits are far from zero), as plain arrays. */
export function randomNamed(config: GPTConfig, seed: number): Map<string, Float32Array> {
  const rng = mulberry32(seed);
  const out = new Map<string, Float32Array>();
  for (const [name, shape] of weightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    const isGain = name.includes('ln_') && name.endsWith('weight');
    for (let i = 0; i < n; i++) a[i] = isGain ? 0.5 + rng() : (rng() - 0.5) * 0.8;
    out.set(name, a);
  }
  return out;
}

export function toWeights(config: GPTConfig, named: Map<string, Float32Array>): GPTWeights {
  const shapes = new Map(weightShapes(config));
  return weightsFromNamed(config, (name) => tf.tensor(named.get(name)!, shapes.get(name)!, 'float32'));
}

export function randomIds(config: GPTConfig, T: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: T }, () => Math.floor(rng() * config.vocab_size));
}

/** max |a - b| / max |b| over all entries. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}
