// The whole forward pass: ids -> logits, calling the stages in the order the data travels:
//   embed -> L x block (attention, mlp) -> unembed
// gptForward is the batched, differentiable core (training uses it under tf.variableGrads);
// forward is the reader-facing version for one sequence that hands back plain arrays and a trace.
// Shapes: B = batch, T = tokens, C = channels, H = heads, D = C / H, F = MLP width, V = vocab.

import * as tf from '@tensorflow/tfjs-core';
import type { GPTConfig } from './config.ts';
import type { KV } from './attention.ts';
import { block, type BlockTrace } from './block.ts';
import { embed } from './embed.ts';
import { blockKnockout, type Knockouts } from './knockout.ts';
import { disposeAll, makeDropout, noDropout, tidy } from './ops.ts';
import type { Tokenizer } from './tokenizer/tokenizer.ts';
import { disposeFast, fastForward, fastPathApplies, prepareFast, type FastWeights } from './fast.ts';
import { unembed, unembeddingBlocks, unembeddingMatrix } from './unembed.ts';
import { disposeWeights, type GPTWeights } from './weights.ts';

/** Keys and values of every layer for the tokens seen so far (generation's KV cache). */
export type KVCache = KV[];

export interface ForwardOptions {
  training?: boolean; // dropout on (only when training)
  dropout?: number; // dropout rate while training (GPT-2 used 0.1)
  seed?: number; // seeds the dropout masks of this call
  trace?: boolean; // also return every intermediate activation (costs memory; off by default)
  past?: KVCache; // cached keys/values of earlier tokens; ids then continue after them
  inference?: boolean; // no gradient will be taken: allows fused kernels (forward() and generate() set it)
  knockouts?: Knockouts; // heads, MLPs or blocks switched off (inspection); absent or empty: the ordinary pass
  unembedding?: tf.Tensor2D | tf.Tensor2D[]; // precomputed [C, V] unembedding or its column blocks (inference caches it; training leaves it out)
}

export interface BatchTrace {
  tok: tf.Tensor3D; // [B, T, C] token embeddings
  pos: tf.Tensor2D; // [T, C] position embeddings
  embed: tf.Tensor3D; // [B, T, C] their sum: the residual stream before block 0
  blocks: BlockTrace[]; // one per layer
  lnF: tf.Tensor3D; // [B, T, C] after the final LayerNorm
}

export interface ForwardResult {
  logits: tf.Tensor3D; // [B, T, V]
  present?: KVCache; // keys/values including these tokens (only when opts.past was given)
  trace?: BatchTrace;
}

/**
 * The batched forward pass.  ids [B, T] int32 -> logits [B, T, V].
 * Every returned tensor belongs to the caller (dispose it); nothing else is left behind.
 */
export function gptForward(config: GPTConfig, weights: GPTWeights, ids: tf.Tensor2D, opts: ForwardOptions = {}): ForwardResult {
  return tidy(() => {
    const dropout = opts.training && opts.dropout ? makeDropout(opts.dropout, opts.seed ?? 0) : noDropout;
    const start = opts.past && opts.past.length > 0 ? opts.past[0].k.shape[2] : 0;
    const fused = !!opts.inference && !opts.training;

    const e = embed(ids, weights.wte, weights.wpe, start);
    let x = dropout(e.x) as tf.Tensor3D; // [B, T, C]
    const present: KVCache = [];
    const traces: BlockTrace[] = [];
    weights.blocks.forEach((w, i) => {
      const off = blockKnockout(opts.knockouts, i);
      const out = block(x, w, config, { past: opts.past?.[i], dropout, trace: opts.trace, fused, off });
      x = out.x; // [B, T, C]
      present.push(out.present);
      if (out.trace) traces.push(out.trace);
    });
    const u = unembed(x, weights.ln_f, opts.unembedding ?? unembeddingMatrix(weights), config.layer_norm_epsilon);

    const result: ForwardResult = { logits: u.logits };
    if (opts.past) result.present = present;
    if (opts.trace) result.trace = { tok: e.tok, pos: e.pos, embed: e.x, blocks: traces, lnF: u.lnF };
    return result;
  });
}

export function disposeCache(cache: KVCache | undefined): void {
  for (const kv of cache ?? []) {
    kv.k.dispose();
    kv.v.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// The model a reader or a page holds: config + weights (+ tokenizer), one sequence at a time.

export interface GPTModel {
  config: GPTConfig;
  weights: GPTWeights;
  unembedding: tf.Tensor2D[]; // [C, V] in column blocks, transposed once at load so each step does not pay for it
  fast: FastWeights; // 3D views of the block weights for fast.ts (no copies)
  tokenizer?: Tokenizer; // present when the model folder has its own tokenizer.json
}

export function createModel(config: GPTConfig, weights: GPTWeights, tokenizer?: Tokenizer): GPTModel {
  return { config, weights, unembedding: unembeddingBlocks(weights), fast: prepareFast(weights), tokenizer };
}

export function disposeModel(model: GPTModel): void {
  tf.dispose(model.unembedding);
  disposeFast(model.fast);
  disposeWeights(model.weights);
}

/** A plain array with its shape (row-major), safe to post to a worker or draw. */
export interface Activation {
  shape: number[];
  data: Float32Array;
}

/** One layer's activations for one sequence (no batch axis); shapes as in BlockTrace without B. */
export type LayerTrace = { [K in keyof BlockTrace]: Activation };

export interface Trace {
  ids: number[];
  tok: Activation; // [T, C]
  pos: Activation; // [T, C]
  embed: Activation; // [T, C]
  layers: LayerTrace[]; // ln1, q/k/v [H, T, D], attn [H, T, T], attnOut, residAttn, ln2, mlpHidden [T, F], mlpOut, residMlp
  lnF: Activation; // [T, C]
}

export interface ForwardOutput {
  logits: Activation; // [T, V]
  trace?: Trace;
}

/** Throws a clear error unless ids is a non-empty list of valid token ids that fits the context. */
export function checkIds(config: GPTConfig, ids: readonly number[]): void {
  if (ids.length === 0) throw new Error('Need at least one token id.');
  if (ids.length > config.n_positions) {
    throw new Error(`${ids.length} tokens do not fit the context of ${config.n_positions} positions.`);
  }
  for (const [i, id] of ids.entries()) {
    if (!Number.isInteger(id) || id < 0 || id >= config.vocab_size) {
      throw new Error(`Token id at index ${i} must be an integer in [0, ${config.vocab_size}), got ${id}.`);
    }
  }
}

async function toActivation(t: tf.Tensor, dropBatch: boolean): Promise<Activation> {
  const data = (await t.data()) as Float32Array;
  return { shape: dropBatch ? t.shape.slice(1) : t.shape.slice(), data };
}

/**
 * One sequence through the model for inference: fast.ts on WASM/CPU (same numbers, fewer kernel
 * calls), gptForward on the GPU backends and whenever a trace is wanted. lastOnly lets the fast path
 * unembed the last position alone; gptForward returns every position, so read the last row of logits.
 */
export function inferSequence(model: GPTModel, ids: number[], opts: { trace?: boolean; past?: KVCache; lastOnly?: boolean } = {}): ForwardResult {
  const { config, weights, unembedding } = model;
  if (!opts.trace && fastPathApplies()) return fastForward(config, weights, model.fast, unembedding, ids, { past: opts.past, lastOnly: opts.lastOnly });
  return tidy(() => {
    const input = tf.tensor2d(ids, [1, ids.length], 'int32');
    return gptForward(config, weights, input, { trace: opts.trace, past: opts.past, unembedding, inference: true });
  });
}

/**
 * forward(ids) -> logits [T, V] for one sequence, plus the full trace when asked.
 * With trace off, no intermediate activation is kept or copied.
 */
export async function forward(model: GPTModel, ids: number[], opts: { trace?: boolean } = {}): Promise<ForwardOutput> {
  checkIds(model.config, ids);
  const r = inferSequence(model, ids, { trace: opts.trace });
  try {
    const output: ForwardOutput = { logits: await toActivation(r.logits, true) };
    if (r.trace) {
      const t = r.trace;
      const layers: LayerTrace[] = [];
      for (const b of t.blocks) {
        const layer = {} as LayerTrace;
        for (const key of Object.keys(b) as (keyof BlockTrace)[]) layer[key] = await toActivation(b[key], true);
        layers.push(layer);
      }
      output.trace = {
        ids: ids.slice(),
        tok: await toActivation(t.tok, true),
        pos: await toActivation(t.pos, false),
        embed: await toActivation(t.embed, true),
        layers,
        lnF: await toActivation(t.lnF, true),
      };
    }
    return output;
  } finally {
    disposeAll(r);
  }
}
