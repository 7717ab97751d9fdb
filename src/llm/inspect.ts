// Looking inside one forward pass, for the views of chapters 4 to 6: every head's attention
// weights, what the model would predict if it stopped after each block (a "logit lens": the final
// LayerNorm and the unembedding applied to the residual stream at the last position), how large
// the residual stream is and how much each block's attention and MLP add to it, optionally with
// heads, MLPs or whole blocks switched off (knockout.ts).
// One pass of gptForward with its trace; only the few numbers the views draw are read back.
// Shapes: L layers, H heads, T tokens, C channels, D = C / H, V vocab.

import * as tf from '@tensorflow/tfjs-core';
import { checkIds, gptForward, type Activation, type GPTModel } from './gpt.ts';
import { checkKnockouts, type Knockouts } from './knockout.ts';
import { disposeAll, tidy } from './ops.ts';
import { unembed } from './unembed.ts';

export interface InspectOptions {
  knockouts?: Knockouts; // switched-off parts; absent or empty: the ordinary forward pass
  focus?: { layer: number; head: number }; // one head whose queries, keys and values to return in detail
}

/** One head's arithmetic for every query: what the "step by step" view shows. */
export interface HeadDetail {
  layer: number;
  head: number;
  dots: Activation; // [T, T] q · k for every query (row) and key (column), before scaling and the mask
  values: Activation; // [T, D] every token's value vector
  mixed: Activation; // [T, D] the weighted sum of the values for every query: the head's output
}

export interface Inspection {
  ids: number[];
  attention: Activation; // [L, H, T, T] softmax weights (rows sum to 1, the future is 0)
  lens: Activation; // [L + 1, V] logits at the last position after the embedding (row 0) and after each block
  residualNorms: number[]; // [L + 1] length of the residual stream at the last position, same rows as lens
  attentionNorms: number[]; // [L] length of what each block's attention added there (0 when knocked out)
  mlpNorms: number[]; // [L] length of what each block's MLP added there (0 when knocked out)
  logits: Float32Array; // [V] the model's output at the last position (equals the last row of lens)
  focus?: HeadDetail;
}

/** Every tensor inspect reads back, made inside one tidy. */
interface Pending {
  attention: tf.Tensor;
  lens: tf.Tensor;
  residualNorms: tf.Tensor;
  attentionNorms: tf.Tensor;
  mlpNorms: tf.Tensor;
  logits: tf.Tensor;
  focus?: { dots: tf.Tensor; values: tf.Tensor; mixed: tf.Tensor };
}

function checkFocus(model: GPTModel, focus: InspectOptions['focus']): void {
  if (!focus) return;
  const { n_layer: L, n_head: H } = model.config;
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n < max;
  if (!ok(focus.layer, L) || !ok(focus.head, H)) {
    throw new RangeError(`Focus head (layer ${focus.layer}, head ${focus.head}) does not exist: layers 0..${L - 1}, heads 0..${H - 1}.`);
  }
}

/** Length of every row.  [N, C] -> [N] */
function rowNorms(x: tf.Tensor2D): tf.Tensor1D {
  return tf.sqrt(tf.sum(tf.square(x), 1));
}

function run(model: GPTModel, ids: number[], opts: InspectOptions): Pending {
  return tidy(() => {
    const { config, weights, unembedding } = model;
    const T = ids.length;
    const C = config.n_embd;
    const input = tf.tensor2d(ids, [1, T], 'int32');
    const { logits, trace } = gptForward(config, weights, input, { trace: true, inference: true, unembedding, knockouts: opts.knockouts });
    const blocks = trace!.blocks;
    const lastOf = (x: tf.Tensor3D) => tf.reshape(tf.slice(x, [0, T - 1, 0], [1, 1, C]), [1, C]) as tf.Tensor2D; // [1, C]
    const stream = tf.concat([trace!.embed, ...blocks.map((b) => b.residMlp)].map(lastOf)); // [L + 1, C]
    const afterAttn = tf.concat(blocks.map((b) => lastOf(b.residAttn))); // [L, C]
    const before = tf.slice(stream, [0, 0], [config.n_layer, C]); // [L, C] the stream entering each block
    const after = tf.slice(stream, [1, 0], [config.n_layer, C]); // [L, C] the stream leaving it
    const lens = unembed(tf.reshape(stream, [1, config.n_layer + 1, C]) as tf.Tensor3D, weights.ln_f, unembedding, config.layer_norm_epsilon);
    const V = lens.logits.shape[2];
    const pending: Pending = {
      attention: tf.concat(blocks.map((b) => b.attn)), // [L, H, T, T]
      lens: tf.reshape(lens.logits, [config.n_layer + 1, V]), // [L + 1, V]
      residualNorms: rowNorms(stream), // [L + 1]
      attentionNorms: rowNorms(tf.sub(afterAttn, before)), // [L]
      mlpNorms: rowNorms(tf.sub(after, afterAttn)), // [L]
      logits: tf.reshape(tf.slice(logits, [0, T - 1, 0], [1, 1, V]), [V]), // [V]
    };
    if (opts.focus) pending.focus = headDetail(blocks[opts.focus.layer], opts.focus.head);
    return pending;
  });
}

/** One head's q · k, values and weighted sum, from the trace of its block. */
function headDetail(b: { q: tf.Tensor4D; k: tf.Tensor4D; v: tf.Tensor4D; attn: tf.Tensor4D }, h: number) {
  const head = (x: tf.Tensor4D) => tf.reshape(tf.slice(x, [0, h, 0, 0], [1, 1, x.shape[2], x.shape[3]]), [x.shape[2], x.shape[3]]) as tf.Tensor2D;
  const values = head(b.v); // [T, D]
  return {
    dots: tf.matMul(head(b.q), tf.transpose(head(b.k))), // [T, D] x [D, T] -> [T, T]
    values,
    mixed: tf.matMul(head(b.attn), values), // [T, T] x [T, D] -> [T, D]
  };
}

async function read(t: tf.Tensor): Promise<Activation> {
  return { shape: t.shape.slice(), data: (await t.data()) as Float32Array };
}

/**
 * Inspects one sequence of ids (it must fit the context; see checkIds). Throws a RangeError for a
 * knock-out or focus head the model does not have. Leaves no tensor behind.
 */
export async function inspect(model: GPTModel, ids: number[], opts: InspectOptions = {}): Promise<Inspection> {
  checkIds(model.config, ids);
  if (opts.knockouts) checkKnockouts(model.config, opts.knockouts);
  checkFocus(model, opts.focus);
  const p = run(model, ids, opts);
  try {
    const result: Inspection = {
      ids: ids.slice(),
      attention: await read(p.attention),
      lens: await read(p.lens),
      residualNorms: Array.from(await p.residualNorms.data()),
      attentionNorms: Array.from(await p.attentionNorms.data()),
      mlpNorms: Array.from(await p.mlpNorms.data()),
      logits: (await p.logits.data()) as Float32Array,
    };
    if (p.focus && opts.focus) {
      const { dots, values, mixed } = p.focus;
      result.focus = { ...opts.focus, dots: await read(dots), values: await read(values), mixed: await read(mixed) };
    }
    return result;
  } finally {
    disposeAll(p);
  }
}
