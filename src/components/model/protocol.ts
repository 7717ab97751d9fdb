// The message protocol between islands (UI thread) and the one model worker of a page.
// Types only, plus tiny helpers: importing this file pulls in no ML code.
//
// Every call is a request with an id; the worker answers with zero or more `progress` / `stream`
// messages for that id, then exactly one `done` or `error`. Errors travel as values, never as
// exceptions across the boundary. A `cancel` message aborts a call; the call then ends with an
// error whose code is "cancelled".

import type { InspectionResult, InspectParams } from './inspect-types.ts';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

/** How the next token is picked from the logits (the math is shown in SamplingControls). */
export interface SamplingSettings {
  temperature: number; // divide logits by T before softmax; 0 = always the top token
  topK: number; // keep only the k most likely tokens; 0 = keep all
  topP: number; // keep the smallest set whose probabilities add up to p; 1 = keep all
}

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
  droppedTokens: number; // tokens cut from the left because the prompt exceeded the context window
  contextWindow: number; // n_positions of the model
  settings: SamplingSettings;
  candidates: Candidate[]; // top N by probability under the settings, best first
  computeMs: number; // time the forward pass and ranking took where it ran (worker, or the build)
}

/** Which TF.js backend runs the model, and why, in words for the reader. */
export interface BackendInfo {
  name: BackendName;
  label: string; // e.g. "WebGPU (SwiftShader)" or "WASM"
  reason: string; // e.g. "no usable GPU found"
}

export interface ModelInfo {
  model: string;
  contextWindow: number;
  vocabSize: number;
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
  message: string; // one sentence for the reader
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
  /** Pick one next token for text (seeded, so the same text, settings and seed give the same pick). */
  sample: {
    params: { model: string; text: string; settings: SamplingSettings; seed: number };
    stream: never;
    result: { token: TokenView; probability: number };
  };
  /** Generate up to maxTokens tokens, streaming each one; cancel to stop. */
  generate: {
    params: { model: string; text: string; settings: SamplingSettings; seed: number; maxTokens: number };
    stream: GeneratedToken;
    result: { tokens: TokenView[]; text: string; backend: BackendInfo };
  };
  /** One inspection pass (attention, logit lens, norms, knock-outs) for the views of chapters 4 to 6. */
  inspect: {
    params: InspectParams;
    stream: never;
    result: InspectionResult;
  };
}

export interface GeneratedToken {
  token: TokenView;
  probability: number; // probability of this pick under the settings
  backend: BackendName; // which backend produced it (changes after a device-lost fallback)
  textSoFar: string; // decode(all generated ids so far): whole characters even when a token holds part of one
}

export type CallName = keyof Calls;

export interface Progress {
  file: string; // e.g. "model.safetensors"
  loaded: number; // bytes received so far, over all files of this load
  total: number; // bytes expected over all files (0 while unknown)
}

// UI thread -> worker
export type RequestMessage = {
  [K in CallName]: { type: 'call'; id: number; call: K; params: Calls[K]['params'] };
}[CallName];
export type CancelMessage = { type: 'cancel'; id: number };
export type ToWorker = RequestMessage | CancelMessage;

// worker -> UI thread
export type FromWorker =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'backend'; id: number; backend: BackendInfo }
  | { type: 'stream'; id: number; item: GeneratedToken }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WorkerError };

/** A result or an error, never a throw: what every client call resolves to. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

export function workerError(code: ErrorCode, message: string, retryable = code !== 'bad-request'): WorkerError {
  return { code, message, retryable };
}
