// The message protocol between islands (UI thread) and the one model worker of a page.
// Types only, plus tiny helpers: importing this file pulls in no ML code.
//
// Every call is a request with an id; the worker answers with zero or more `progress` / `stream`
// messages for that id, then exactly one `done` or `error`. Errors travel as values, never as
// exceptions across the boundary. A `cancel` message aborts a call; the call then ends with an
// error whose code is "cancelled".

import type { BackendInfo, BackendName, CheckedSettings, Progress } from '../llm/index.ts';
import type { InspectionResult, InspectParams } from './inspect-types.ts';
import type { ModelFiles } from './model-store.ts';

// src/llm's own types, so the seam speaks one vocabulary (type-only: no TF.js in the page bundle).
export type { BackendInfo, BackendName, Progress };

/** How the next token is picked from the logits (the math is shown in SamplingControls). "Off" is null. */
export type SamplingSettings = Omit<CheckedSettings, 'seed'>;

/** One token as the reader sees it: its id and a printable form of its text. */
export interface TokenView {
  id: number;
  text: string; // decoded text of this one token ('\uFFFD' where it holds part of a character)
  display: string; // the tokenizer's visible form: ' hello' -> '␣hello', a lone byte -> '<0xE2>'
}

/** One row of the ranked list. */
export interface Candidate extends TokenView {
  logit: number; // raw score from the model
  modelProbability: number; // softmax(logits) at temperature 1: what the model itself says
  probability: number; // after temperature, top-k and top-p: what sampling uses (0 if filtered out)
}

/** What one forward pass says about one prompt. Also what the build computes for the no-JS page. */
export interface Prediction {
  model: string; // model name, e.g. "book-small"
  prompt: string; // the exact text these numbers are for
  tokens: TokenView[]; // the tokens the model saw, after truncation
  droppedTokens: number; // tokens cut from the left because the prompt exceeded the context window (src/llm's fitContext)
  contextWindow: number; // n_positions of the model
  settings: SamplingSettings;
  candidates: Candidate[]; // top N by probability under the settings, best first
  computeMs: number; // time the forward pass and ranking took where it ran (worker, or the build)
}

export interface ModelInfo {
  model: string;
  contextWindow: number;
  vocabSize: number;
  layers: number;
  heads: number; // per layer
  bytes: number; // bytes downloaded (or read from the HTTP cache) for the model files
  backend: BackendInfo;
}

export type ErrorCode =
  | 'cancelled' // the caller cancelled; not shown as an error
  | 'missing-file' // a model file answered 404 (or any non-2xx)
  | 'corrupt-file' // a model file was there but could not be parsed
  | 'network' // fetch failed outright
  | 'backend' // no backend could be initialised
  | 'device-lost' // the GPU went away and no fallback worked
  | 'bad-request' // invalid settings or arguments (a bug in the caller or a crafted URL)
  | 'internal';

export interface WorkerError {
  code: ErrorCode;
  message: string; // one plain sentence for the reader ("A model file is damaged or incomplete; retry or reload the page.")
  detail?: string; // the technical detail, shown below the sentence
  retryable: boolean; // show a retry button
}

/** The calls the worker answers: parameters, streamed items, final result. */
export interface Calls {
  /** Initialise the backend (once per page) and load a model (once per name). */
  load: {
    params: { model: string; backend: BackendName | null };
    stream: never;
    result: ModelInfo;
  };
  /** One forward pass on text; returns the top-N candidates. */
  predict: {
    params: { model: string; text: string; settings: SamplingSettings; topN: number };
    stream: never;
    result: Prediction;
  };
  /**
   * Pick one next token for text (seeded, so the same text, settings and seed give the same pick).
   * Reuses the logits of the prediction just made for the same text: no second forward pass.
   */
  sample: {
    params: { model: string; text: string; settings: SamplingSettings; seed: number };
    stream: never;
    result: PickedToken;
  };
  /** Generate up to maxNewTokens tokens, streamed in batches; cancel to stop. */
  generate: {
    params: { model: string; text: string; settings: SamplingSettings; seed: number; maxNewTokens: number; topN: number };
    stream: GeneratedBatch;
    result: { tokens: TokenView[]; text: string; backend: BackendInfo; decodeMs: number }; // decodeMs: first to last token, in the worker
  };
  /**
   * Nearest tokens by cosine similarity in the token embedding matrix. The query is a token id, or
   * text: " word" (or "word") when that is one token, else the first of its pieces (all listed).
   */
  embeddingNeighbours: {
    params: { model: string; query: { text: string } | { id: number }; k: number };
    stream: never;
    result: { token: TokenView; pieces: TokenView[]; neighbours: EmbeddingNeighbour[]; computeMs: number };
  };
  /** cos(a, b) for two token ids, with its parts and the first `head` numbers of each vector. */
  embeddingCosine: {
    params: { model: string; a: number; b: number; head: number };
    stream: never;
    result: EmbeddingCosine;
  };
  /** A 2D map (PCA of the token embeddings) of the first `count` word tokens the tokenizer learned. */
  embeddingMap: {
    params: { model: string; count: number };
    stream: never;
    result: { points: EmbeddingPoint[]; explained: [number, number]; computeMs: number };
  };
  /**
   * Checks a reader's model (config.json, model.safetensors, tokenizer.json) with the loader itself, every tensor
   * decoded, before the page stores it as "stored:<name>". keep: hold the files in this worker's memory too (the
   * page could not store them: no IndexedDB), so the model works on this page until it is reloaded.
   */
  checkModel: {
    params: { name: string; files: ModelFiles; keep: boolean };
    stream: never;
    result: Omit<ModelInfo, 'backend' | 'bytes'>;
  };
  /** One inspection pass (attention, logit lens, norms, knock-outs) for the views of chapters 4 to 6. */
  inspect: {
    params: InspectParams;
    stream: never;
    result: InspectionResult;
  };
}

/** A token and its cosine similarity to the query token (embedding explorer, chapter 3). */
export interface EmbeddingNeighbour {
  token: TokenView;
  similarity: number; // cosine of the two rows of the token embedding matrix, -1..1
}

/** The formula cos(a, b) = a·b / (|a| |b|) with a pair's real numbers. */
export interface EmbeddingCosine {
  a: TokenView;
  b: TokenView;
  dimensions: number; // C: numbers in each vector
  headA: number[]; // the first few numbers of a's vector
  headB: number[];
  dot: number;
  normA: number;
  normB: number;
  cosine: number;
}

/** One point of the 2D map: a token's coordinates on the first two principal components. */
export interface EmbeddingPoint {
  token: TokenView;
  x: number;
  y: number;
}

/** One picked token: its probability under the settings, and where it ranks (1 = the likeliest). */
export interface PickedToken {
  token: TokenView;
  probability: number;
  modelProbability: number; // at temperature 1, before top-k / top-p
  rank: number;
}

/** One generated token as the widget draws it. */
export interface GeneratedStep {
  token: TokenView;
  probability: number; // probability of this pick under the settings
}

/**
 * The tokens generated since the last message. The worker sends a batch at most once per frame
 * (about 16 ms), not one message per token, so a fast model is not slowed down by the page.
 */
export interface GeneratedBatch {
  steps: GeneratedStep[];
  textSoFar: string; // every whole character generated so far
  candidates: Candidate[]; // the top-N distribution the last step of the batch was drawn from
  backend: BackendName; // which backend produced them (changes after a device-lost fallback)
}

export type CallName = keyof Calls;

// UI thread -> worker
export type RequestMessage = {
  [K in CallName]: { type: 'call'; id: number; call: K; params: Calls[K]['params'] };
}[CallName];
type CancelMessage = { type: 'cancel'; id: number };
export type ToWorker = RequestMessage | CancelMessage;

// worker -> UI thread
export type FromWorker =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'backend'; id: number; backend: BackendInfo }
  | { type: 'stream'; id: number; item: GeneratedBatch }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WorkerError };

/** A result or an error, never a throw: what every client call resolves to. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

export function workerError(code: ErrorCode, message: string, detail?: string): WorkerError {
  const error: WorkerError = { code, message, retryable: code !== 'bad-request' };
  if (detail) error.detail = detail;
  return error;
}
