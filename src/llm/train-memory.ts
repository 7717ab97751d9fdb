// How much memory training takes, estimated from the shapes before anything starts, so that a page can refuse a
// model too large for the device with a number instead of running out of memory halfway. Plain arithmetic (no
// TF.js); tests/unit/train/train-memory.test.ts holds it against TF.js's measured peak for real training steps.
import type { GPTConfig } from './config.ts';
import { countParameters } from './params.ts';

export interface TrainingMemory {
  parameters: number;
  /** Bytes of TF.js tensors at a step's peak (the weights and their gradients, everything the forward pass keeps
   * for the backward pass, the [N, V] logits with their probabilities and gradient). An upper bound. */
  tensors: number;
  /** Bytes of the plain arrays kept between steps: the flat weights and gradients and AdamW's two moments. */
  optimizer: number;
  total: number;
}

// float32 numbers at the peak, per unit of each size below: fitted to tf.profile's peakBytes on the WASM backend
// over ten shapes (book-tiny to book-small at V = 8,192; 1 to 32 windows; context 64 to 256; 1 to 6 blocks; a
// least-squares fit is within 3 % of every one) and rounded up, so the estimate is 1.10 to 1.14 times the measured
// peak. The test holds every shape to 1 to 1.3 times.
const PER_PARAMETER = 4; // the weights as tensors, their gradients
const PER_TOKEN_BLOCK_CHANNEL = 230; // activations kept per token, block and channel (q, k, v, heads, MLP, norms)
const PER_TOKEN_LOGIT = 10; // logits, probabilities, one-hot and gradient per token and vocabulary entry
const PER_ATTENTION_SCORE = 10; // scores, masked scores and weights per head, query and key

/** Bytes one training step of `batch` windows of T tokens (default: the whole context) needs, at its peak. */
export function trainingMemory(config: GPTConfig, batch: number, T = config.n_positions): TrainingMemory {
  const { vocab_size: V, n_embd: C, n_layer: L, n_head: H } = config;
  const parameters = countParameters(config).total;
  const N = batch * T;
  const numbers = PER_PARAMETER * parameters + PER_TOKEN_BLOCK_CHANNEL * N * L * C + PER_TOKEN_LOGIT * N * V + PER_ATTENTION_SCORE * batch * L * H * T * T;
  const tensors = 4 * numbers;
  const optimizer = 4 * 4 * parameters;
  return { parameters, tensors, optimizer, total: tensors + optimizer };
}
