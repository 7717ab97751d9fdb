// One training run in the reader's tab: the same pieces as `npm run train` (src/llm/train.ts: AdamW over a
// flat parameter buffer, gradient clipping, warm-up + cosine schedule, seeded batches, held-out loss), driven
// one step at a time so the worker can pause between steps. A step's batch may be shared out to helpers (other
// threads, each with its own backend) that return the gradients of their part. Knows nothing about workers or the page.
import * as tf from '@tensorflow/tfjs-core';
import type { GPTConfig } from '../../llm/config.ts';
import { configJson, weightsToSafetensors } from '../../llm/io/checkpoint.ts';
import type { ModelFiles } from '../../worker/model-store.ts';
import { gptForward } from '../../llm/gpt.ts';
import { createSampler } from '../../llm/sample.ts';
import {
  ADAMW_DEFAULTS,
  adamWState,
  adamWStep,
  batchOffsets,
  clipByGlobalNorm,
  decayMask,
  evalLossSum,
  evalOffsets,
  flatLayout,
  flattenWeights,
  gradientStep,
  learningRate,
  unflatten,
  weightsFromList,
  type AdamWState,
  type Schedule,
} from '../../llm/train.ts';
import { disposeWeights, initWeights, type GPTWeights } from '../../llm/weights.ts';
import type { Corpus } from './data.ts';
import type { HeadPattern } from './protocol.ts';

export interface RunSettings {
  learningRate: number; // peak, after warm-up
  batch: number; // windows per step
  steps: number;
  seed: number;
}

/** Another thread that computes the gradients of part of a batch at the given parameters (gradientStep's numbers). */
export interface GradientHelper {
  gradients(params: Float32Array, offsets: number[], share: number): Promise<{ lossSum: number; grads: Float32Array }>;
}

const CLIP = 1; // global gradient-norm limit, as the book's recipe
const EVAL_WINDOWS = 16;

export class TrainingRun {
  readonly config: GPTConfig;
  readonly T: number;
  readonly tokensPerStep: number;
  step = 0;
  private readonly params: Float32Array;
  private readonly grads: Float32Array;
  private readonly state: AdamWState;
  private readonly mask: Uint8Array;
  private readonly schedule: Schedule;
  private readonly evalSet: number[];
  private readonly corpus: Corpus;
  private readonly settings: RunSettings;

  constructor(config: GPTConfig, corpus: Corpus, settings: RunSettings) {
    this.config = config;
    this.corpus = corpus;
    this.settings = settings;
    this.T = config.n_positions;
    this.tokensPerStep = settings.batch * this.T;
    const weights = initWeights(config, settings.seed);
    this.params = flattenWeights(config, weights);
    disposeWeights(weights);
    this.grads = new Float32Array(this.params.length);
    this.state = adamWState(this.params.length);
    this.mask = decayMask(config);
    const warmupSteps = Math.max(1, Math.min(100, Math.floor(settings.steps / 10)));
    this.schedule = { lr: settings.learningRate, minLr: settings.learningRate / 10, warmupSteps, steps: settings.steps };
    this.evalSet = evalOffsets(corpus.heldOut.length, this.T, EVAL_WINDOWS);
  }

  get parameterCount(): number {
    return flatLayout(this.config).size;
  }

  get done(): boolean {
    return this.step >= this.settings.steps;
  }

  /** One optimizer step on a fresh batch; returns its training loss (nats per token). */
  trainStep(): number {
    const o = { T: this.T, training: false, dropout: 0, seed: 0 };
    return this.update(gradientStep(this.config, this.params, this.corpus.train, this.nextOffsets(), 1, this.grads, o));
  }

  /**
   * The same step with the batch's windows shared out between helper threads, one contiguous part each (as the CLI's
   * worker threads do), each part's gradients scaled by its share of the batch and added here: equal to trainStep up
   * to float rounding in the order of the sum. The helpers start at once, and this thread is free until they answer.
   */
  async trainStepWith(helpers: readonly GradientHelper[]): Promise<number> {
    const offsets = this.nextOffsets();
    const parts = splitParts(offsets, Math.min(helpers.length, offsets.length));
    // postMessage copies the parameters now; nothing changes them until update().
    const replies = await Promise.all(parts.map((part, i) => helpers[i].gradients(this.params, part, part.length / offsets.length)));
    this.grads.fill(0);
    let lossSum = 0;
    for (const { lossSum: theirs, grads } of replies) {
      lossSum += theirs;
      for (let i = 0; i < grads.length; i++) this.grads[i] += grads[i];
    }
    return this.update(lossSum);
  }

  private nextOffsets(): number[] {
    return batchOffsets(this.settings.seed, this.step, this.corpus.train.length, this.settings.batch, this.T);
  }

  /** Clipping and AdamW on the batch's gradients; returns the batch's mean loss. */
  private update(lossSum: number): number {
    clipByGlobalNorm(this.grads, CLIP);
    adamWStep(this.params, this.grads, this.state, learningRate(this.step, this.schedule), this.mask, ADAMW_DEFAULTS);
    this.step++;
    return lossSum / this.settings.batch;
  }

  /** Mean loss on the held-out windows (no dropout, no update). */
  heldOutLoss(): number {
    return evalLossSum(this.config, this.params, this.corpus.heldOut, this.evalSet, this.T) / this.evalSet.length;
  }

  /**
   * One head's attention weights over the first tokens of `text` (the last block's first head by default), as rows:
   * weights[i][j] is how much token i looks at token j (rows sum to 1; j > i is the future, 0).
   */
  attentionPattern(text: string, maxTokens: number, layer = this.config.n_layer - 1, head = 0): HeadPattern {
    const tokenizer = this.corpus.tokenizer;
    const ids = tokenizer.encode(text).slice(0, Math.min(maxTokens, this.T));
    const T = ids.length;
    const flat = this.withWeights((weights) =>
      tf.tidy(() => {
        const { trace } = gptForward(this.config, weights, tf.tensor2d([ids], [1, T], 'int32'), { inference: true, trace: true });
        return tf.slice(trace!.blocks[layer].attn, [0, head, 0, 0], [1, 1, T, T]).dataSync(); // [T, T]
      }),
    );
    const rows = Array.from({ length: T }, (_, i) => Array.from(flat.subarray(i * T, (i + 1) * T)));
    return { step: this.step, layer, head, tokens: ids.map((id) => tokenizer.displayToken(id)), weights: rows };
  }

  /** `count` tokens after `prompt`, sampled at temperature 0.8 with a fixed seed, so samples compare over time. */
  sample(prompt: string, count: number): string {
    const tokenizer = this.corpus.tokenizer;
    const ids = tokenizer.encode(prompt);
    const start = ids.length;
    const draw = createSampler({ temperature: 0.8, seed: 1 });
    this.withWeights((weights) => {
      for (let k = 0; k < count; k++) {
        const context = ids.slice(-this.T);
        const row = tf.tidy(() => {
          const { logits } = gptForward(this.config, weights, tf.tensor2d([context], [1, context.length], 'int32'), { inference: true });
          return tf.slice(logits, [0, context.length - 1, 0], [1, 1, -1]).dataSync(); // [V] the last position
        });
        ids.push(draw(row).id);
      }
    });
    return tokenizer.decode(ids.slice(start));
  }

  /**
   * The model as it stands, as the three files of a Hugging Face GPT-2 folder (float32 weights), exactly what
   * `npm run llm -- ... --model DIR` and the book's loader read.
   */
  async files(): Promise<ModelFiles> {
    const tensors = unflatten(this.config, this.params.slice()); // a copy: training may step while the data is read
    try {
      const weights = await weightsToSafetensors(weightsFromList(this.config, tensors), 'F32');
      return { config: configJson(this.config), weights, tokenizer: JSON.stringify(this.corpus.tokenizer) };
    } finally {
      tf.dispose(tensors);
    }
  }

  /** Runs `use` with the current parameters as weight tensors, disposed afterwards. */
  private withWeights<T>(use: (weights: GPTWeights) => T): T {
    const tensors = unflatten(this.config, this.params);
    try {
      return use(weightsFromList(this.config, tensors));
    } finally {
      tf.dispose(tensors);
    }
  }
}

/** `items` cut into `n` contiguous parts of near-equal length (the first ones shorter by at most one). */
export function splitParts<T>(items: readonly T[], n: number): T[][] {
  return Array.from({ length: n }, (_, i) => items.slice(Math.floor((i * items.length) / n), Math.floor(((i + 1) * items.length) / n)));
}
