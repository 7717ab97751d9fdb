// Chapter 7's data, resolved once at build time: the book's training run (public/models/book-small/
// training.json, when `npm run train` has exported it) and the n-gram baselines, taken from that run
// when it carries them, else from ch07-ngram-baselines.json (same code, same data; see
// scripts/ngram-baselines.ts). Vite-only (import.meta.glob): imported by .astro components.
import committed from './ch07-ngram-baselines.json';

import type { Baselines, HeldOutScore } from '../../../scripts/baselines.ts';

export type { Baselines };

export interface CurvePoint {
  step: number;
  loss: number; // training loss of that step's batch
  heldOut: number | null; // held-out loss when evaluated at that step
  seconds: number;
}

export interface TrainingRun {
  corpus: string;
  trainFiles: number;
  heldOutFiles: string[];
  trainTokens: number;
  heldOutTokens: number;
  tokenizer: { vocabSize: number };
  config: { n_layer: number; n_head: number; n_embd: number; n_positions: number; vocab_size: number };
  parameters: number;
  recipe: { steps: number; batch: number; context: number; lr: number; minLr: number; warmup: number; dropout: number; weightDecay: number; clip: number; beta1: number; beta2: number };
  workers: number;
  backend: string;
  steps: number;
  tokensSeen: number;
  epochs: number;
  wallSeconds: number;
  finalHeldOutLoss: number;
  finalHeldOutPerplexity: number;
  finalHeldOutTokens: number;
  curve: CurvePoint[];
  baselines?: Baselines;
  heldOutScores?: { nonOverlapping: HeldOutScore; sliding: HeldOutScore }; // merged in by scripts/baselines.ts --write
  samples?: { prompt: string; mode: string; text: string }[]; // merged in by scripts/model-card.ts
}

const found = import.meta.glob('../../../public/models/book-small/training.json', { eager: true, import: 'default' });
export const run = Object.values(found)[0] as TrainingRun | undefined;
export const baselines: Baselines = run?.baselines ?? (committed as Baselines);
