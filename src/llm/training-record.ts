// training.json: the record of one training run of a book model, exported beside its weights. scripts/train.ts
// writes it; scripts/baselines.ts --write adds the n-gram baselines and the held-out scores, scripts/model-card.ts
// the sample continuations. The model card and chapter 7's figures read it. Types only: no TF.js, no Node.

import type { GPTConfig } from './config.ts';

/** One row of the loss curve (every 10th step, and every step with a held-out evaluation). */
interface CurvePoint {
  step: number;
  tokens: number; // training tokens seen
  lr: number;
  loss: number; // training loss of that step's batch (nats/token)
  heldOut: number | null; // held-out loss when evaluated at that step
  seconds: number; // training wall time so far
}

/** An n-gram model's held-out loss (nats per token), perplexity and bits per character. */
interface NgramScore {
  loss: number;
  ppl: number;
  bitsPerChar?: number;
}

/** The counting baselines on the same split and tokenizer (scripts/baselines.ts). */
export interface Baselines {
  tokenizerVocab: number;
  trainTokens: number;
  heldOutTokensScored: number;
  tuning: string;
  heldOutCharacters?: number;
  unigram: NgramScore;
  bigram: NgramScore & { weights: number[] };
  trigram: NgramScore & { weights: number[] };
}

/** The model's score on the held-out stream under one evaluation protocol. */
export interface HeldOutScore {
  protocol: string;
  context: number;
  stride: number;
  loss: number;
  ppl: number;
  tokens: number;
  bitsPerChar?: number; // total nats / ln 2 / characters (scripts/baselines.ts)
  characters?: number; // the held-out documents' characters
}

/** A continuation made by the real generate loop, with the command that reproduces it (scripts/model-card.ts). */
export interface TrainingSample {
  prompt: string;
  mode: 'greedy' | 'sampled';
  settings: { temperature: number; topK?: number; seed?: number; maxNewTokens: number };
  text: string; // the continuation only
  command: string;
}

/** Does the model predict words, and does it repeat itself? (scripts/quality.ts) */
export interface Quality {
  wholeWords: {
    rule: string;
    share: number; // of all prompts' top-5 tokens
    perPrompt: { prompt: string; top: string[]; words: number }[];
  };
  repetition: {
    rule: string;
    tokens: number; // per continuation
    greedy: number; // mean share of repeated 4-grams
    sampled: number;
    samples: { prompt: string; mode: 'greedy' | 'sampled'; repeated4gramShare: number }[];
    /** Repetition in words, which compares across tokenizers: continuations of every prompt (`samples`' among them). */
    words: {
      rule: string;
      words: number; // per continuation (fewer when a continuation has fewer)
      /** The same share in consecutive stretches of that many words of the held-out documents: real English. */
      heldOutText: { stretches: number; share: number };
      greedy: number; // mean share of repeated word 4-grams
      sampled: number; // over every prompt and seed
      samples: { prompt: string; mode: 'greedy' | 'sampled'; seed?: number; words: number; repeated4gramShare: number }[];
    };
  };
}

/** Everything about the run. */
export interface TrainingRecord {
  model: string; // preset name
  corpus: string;
  corpusVersion: string;
  heldOutRule: string;
  heldOutFiles: string[];
  trainFiles: number;
  trainTokens: number;
  heldOutTokens: number;
  tokenizer: { type: string; vocabSize: number; trainedOn: string; seconds: number };
  config: GPTConfig;
  parameters: number;
  recipe: {
    steps: number;
    batch: number;
    context: number;
    lr: number;
    minLr: number;
    warmup: number;
    dropout: number;
    weightDecay: number;
    clip: number;
    evalEvery: number;
    evalWindows: number;
    checkpointEvery: number;
    seed: number;
    average?: { from: number; every: number };
    optimizer: string;
    beta1: number;
    beta2: number;
    eps: number;
    schedule: string;
  };
  workers: number;
  backend: string;
  steps: number;
  tokensSeen: number;
  epochs: number;
  wallSeconds: number;
  finalHeldOutLoss: number;
  finalHeldOutPerplexity: number;
  finalHeldOutTokens: number;
  averagedSnapshots?: number; // tail averaging: the exported weights are the mean of this many snapshots
  lastStepHeldOutLoss?: number; // the last step's own weights, before averaging
  evalProtocol: string;
  bestPeriodicHeldOutLoss: number;
  periodicEvalWindows: number;
  curve: CurvePoint[];
  baselines?: Baselines; // added by scripts/baselines.ts --write
  heldOutScores?: { nonOverlapping: HeldOutScore; sliding: HeldOutScore }; // added by scripts/baselines.ts --write
  samples?: TrainingSample[]; // added by scripts/model-card.ts
  quality?: Quality; // added by scripts/quality.ts --write
  notes?: string[]; // added by hand: what a run's numbers cannot say themselves (the model card lists them)
}
