// Messages between a live code block (page) and its run worker. Types only, plus one guard:
// importing this file pulls in no editor, transpiler or TF.js code.
//
// A run: the page posts `run`; the worker answers `started` (the reader's code begins: the page's
// clock starts), any number of `log` and `clock` messages, then exactly one `done`. Errors that
// surface after `done` (a rejected promise nobody awaited, a throw in a timer) come as `late`.
// The worker never needs to answer a stop: the page simply terminates it.

import type { ErrorInfo } from './format.ts';

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/**
 * backend: the page's `?backend=` override (the same one the widgets honour), or null.
 * models: the book's models this site ships, as the build saw them (public/models/<name>/).
 * chosen: the reader's stored model picked in the book's model pickers ("stored:<name>"), or null.
 */
export type ToWorker = { type: 'run'; id: number; source: string; backend: string | null; models: string[]; chosen?: string | null };

export type FromWorker =
  | { type: 'started'; id: number; backend: string }
  | { type: 'log'; id: number; level: LogLevel; text: string }
  /** running: false while the book loads a model (the load does not count against the time limit). */
  | { type: 'clock'; id: number; running: boolean }
  | { type: 'done'; id: number; value?: string; error?: ErrorInfo; elapsedMs: number }
  | { type: 'late'; id: number; error: ErrorInfo };

const TYPES = new Set(['started', 'log', 'clock', 'done', 'late']);

/** True for a well-formed message from the worker (reader code can post anything; we check). */
export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { type?: unknown; id?: unknown };
  return typeof m.type === 'string' && TYPES.has(m.type) && typeof m.id === 'number';
}
