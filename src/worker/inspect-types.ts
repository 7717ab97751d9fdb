// What the inspection islands (src/components/inspect/) ask the model worker and get back: the
// `inspect` call of protocol.ts. Types only; the numbers come from src/llm's inspect().
// Layers and heads are numbered from 0 here, as in src/llm; the views add 1.

import type { Activation, HeadDetail, Knockouts } from '../llm/index.ts';
import type { TokenView } from './protocol.ts';

export interface InspectParams {
  model: string;
  text: string;
  knockouts: Knockouts | null; // null: nothing switched off
  focus: { layer: number; head: number } | null; // one head to return in detail (the step-by-step panel)
  topN: number; // tokens listed per lens row and per distribution (1 to 50)
}

/** A token with its probability under softmax of the logits (temperature 1). */
export interface RankedToken extends TokenView {
  probability: number;
}

/** The next-token distribution before and after the knock-outs, side by side. */
export interface KnockoutEffect {
  rows: { token: TokenView; before: number; after: number }[]; // before's top N, then after's top N not already listed
  topToken: TokenView; // the most likely token with nothing switched off
  topBefore: number; // its probability before
  topAfter: number; // and after
  kl: number; // KL(before ‖ after) in nats, over the whole vocabulary
}

export interface InspectionResult {
  model: string;
  prompt: string; // the exact text these numbers are for
  tokens: TokenView[]; // the tokens the model saw, after truncation
  droppedTokens: number; // cut from the left because the prompt exceeded the context window
  contextWindow: number;
  headSize: number; // D = C / H, what q·k is divided by the square root of
  knockouts: Required<Knockouts>; // the set these numbers were computed with (sorted, no repeats)
  attention: Activation; // [L, H, T, T]
  lens: RankedToken[][]; // [L + 1][topN] after the embedding (row 0) and after each block
  residualNorms: number[]; // [L + 1]
  attentionNorms: number[]; // [L]
  mlpNorms: number[]; // [L]
  next: RankedToken[]; // top N of the output (with the knock-outs applied)
  effect: KnockoutEffect | null; // null when nothing is switched off
  focus: HeadDetail | null;
  computeMs: number;
}
