// The worker's side of the `inspect` call (and the build's, for the no-JS tables): text -> tokens
// -> src/llm's inspect() -> what the inspection views draw, with probabilities ranked and, when
// something is switched off, the distribution before and after. Imports TF.js: never import this
// file from an island.

import { inspect, klDivergence, normaliseKnockouts, samplingDistribution, type Knockouts } from '../llm/index.ts';
import { isEmptyKnockouts } from '../llm/knockout.ts';
import { fitContext } from '../llm/next-token.ts';
import type { ServedModel } from './engine.ts';
import type { InspectionResult, InspectParams, KnockoutEffect, RankedToken } from './inspect-types.ts';
import type { TokenView } from './protocol.ts';

/** Softmax of the logits the tokenizer can spell (a padded vocabulary has a few more rows). */
function probabilities(loaded: ServedModel, logits: Float32Array): Float64Array {
  return samplingDistribution(logits.subarray(0, Math.min(logits.length, loaded.tokenizer.vocabSize)));
}

/** The N likeliest ids, best first (ties: lower id first). */
function topIds(probs: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: probs.length }, (_, i) => i)
    .sort((a, b) => probs[b] - probs[a] || a - b)
    .slice(0, n);
}

function ranked(loaded: ServedModel, probs: ArrayLike<number>, n: number): RankedToken[] {
  const ids = topIds(probs, n);
  return loaded.describe(ids).map((t, i) => ({ ...t, probability: probs[ids[i]] }));
}

function effectOf(loaded: ServedModel, before: Float64Array, after: Float64Array, n: number): KnockoutEffect {
  const ids = [...new Set([...topIds(before, n), ...topIds(after, n)])];
  const tokens: TokenView[] = loaded.describe(ids);
  const top = ids[0];
  return {
    rows: tokens.map((token, i) => ({ token, before: before[ids[i]], after: after[ids[i]] })),
    topToken: tokens[0],
    topBefore: before[top],
    topAfter: after[top],
    kl: klDivergence(before, after),
  };
}

function checkInspectParams(p: Pick<InspectParams, 'text' | 'topN'>): void {
  if (p.text === '') throw new RangeError('The prompt is empty; type a few words to look inside the model.');
  if (!Number.isInteger(p.topN) || p.topN < 1 || p.topN > 50) throw new RangeError(`topN must be an integer from 1 to 50, got ${p.topN}.`);
}

/** One inspection of text (cut from the left to the context), plus a plain pass when something is knocked out. */
export async function inspectText(loaded: ServedModel, params: Omit<InspectParams, 'model'>): Promise<InspectionResult> {
  const start = performance.now();
  checkInspectParams(params);
  const { config } = loaded.model;
  const { ids, droppedTokens } = fitContext(loaded.tokenizer.encode(params.text), config.n_positions);
  const knockouts: Knockouts = normaliseKnockouts(params.knockouts ?? {});
  const view = await inspect(loaded.model, ids, { knockouts, focus: params.focus ?? undefined });
  const V = view.lens.shape[1];
  const after = probabilities(loaded, view.logits);
  let effect: KnockoutEffect | null = null;
  if (!isEmptyKnockouts(knockouts)) {
    const plain = await inspect(loaded.model, ids);
    effect = effectOf(loaded, probabilities(loaded, plain.logits), after, params.topN);
  }
  return {
    model: loaded.name,
    prompt: params.text,
    tokens: loaded.describe(ids),
    droppedTokens,
    contextWindow: config.n_positions,
    headSize: config.n_embd / config.n_head,
    knockouts: normaliseKnockouts(knockouts),
    attention: view.attention,
    lens: Array.from({ length: config.n_layer + 1 }, (_, l) => ranked(loaded, probabilities(loaded, view.lens.data.subarray(l * V, (l + 1) * V)), params.topN)),
    residualNorms: view.residualNorms,
    attentionNorms: view.attentionNorms,
    mlpNorms: view.mlpNorms,
    next: ranked(loaded, after, params.topN),
    effect,
    focus: view.focus ?? null,
    computeMs: performance.now() - start,
  };
}
