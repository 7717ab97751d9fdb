// One run of reader code, inside the worker: prepare (transpile + capture), call, report. Also the
// console that reader code sees, and the mapping from an error's stack to the reader's line.
// Knows nothing about TF.js or the book: the worker passes them in as `scope`.

import { describeThrown, formatLogArgs, formatValue, type ErrorInfo } from './format.ts';
import type { FromWorker, LogLevel } from './protocol.ts';
import { LiveSyntaxError, prepare } from './transform.ts';

/** The file name reader code carries in stack traces (`//# sourceURL`), so we can find its frames. */
const SOURCE_URL = 'live-code.js';
/** Lines of console output one run may print; the rest is dropped with a note. */
export const MAX_LOG_LINES = 500;

export type Post = (message: FromWorker) => void;

/** What reader code has in scope, plus hooks around a run (the worker opens and closes a tf scope). */
export interface RunScope {
  globals: Record<string, unknown>; // e.g. { tf, book }
  backend: string;
  begin?(): void;
  end?(): void;
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => (
  ...args: unknown[]
) => Promise<unknown>;

function frameLine(stack: string): { line: number; column: number } | undefined {
  const escaped = SOURCE_URL.replace(/\./g, '\\.');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

let offset: number | undefined;

/** How many lines the engine puts before a `new AsyncFunction` body (2 in V8), measured once. */
function headerLines(): number {
  if (offset === undefined) {
    // An async function runs synchronously up to its first await, so the probe fills `box` at once.
    const box: { error?: Error } = {};
    void new AsyncFunction('box', 'console', `box.error = new Error();\n//# sourceURL=${SOURCE_URL}`)(box, undefined);
    offset = (frameLine(String(box.error?.stack)) ?? { line: 3 }).line - 1;
  }
  return offset;
}

/** The reader's line (1-based) of the innermost frame of their code in an error's stack. */
export function readerLine(error: Error): { line: number; column: number } | undefined {
  const stack = String(error.stack ?? '');
  const at = frameLine(stack);
  if (!at) return undefined;
  const line = at.line - headerLines();
  // Line 1 carries the 'use strict'; prefix: 13 characters the reader did not write.
  return line >= 1 ? { line, column: line === 1 ? Math.max(1, at.column - 13) : at.column } : undefined;
}

/** The console reader code sees: every call becomes a `log` message (at most MAX_LOG_LINES a run). */
export function createConsole(id: number, post: Post): Record<LogLevel | 'trace' | 'table' | 'dir', (...args: unknown[]) => void> {
  let lines = 0;
  const emit = (level: LogLevel) => (...args: unknown[]) => {
    lines++;
    if (lines > MAX_LOG_LINES) {
      if (lines === MAX_LOG_LINES + 1) post({ type: 'log', id, level: 'warn', text: `… more than ${MAX_LOG_LINES} lines of output; the rest is not shown.` });
      return;
    }
    post({ type: 'log', id, level, text: formatLogArgs(args) });
  };
  return {
    log: emit('log'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    debug: emit('debug'),
    trace: emit('log'),
    table: emit('log'),
    dir: emit('log'),
  };
}

/** Anything thrown by reader code -> ErrorInfo with the reader's line when it can be found. */
export function describeError(thrown: unknown): ErrorInfo {
  if (thrown instanceof LiveSyntaxError) return { name: 'SyntaxError', message: thrown.message, line: thrown.line, column: thrown.column };
  return describeThrown(thrown, readerLine);
}

/**
 * Runs one piece of reader code and posts `started`, `log`s and `done`. Never throws.
 * The code is checked before `scope` is awaited, so a syntax error shows at once, before TF.js loads.
 * `console` is passed to the code as a parameter; the worker also routes the global console to it.
 */
export async function execute(
  id: number,
  source: string,
  scope: RunScope | (() => Promise<RunScope>),
  post: Post,
  console = createConsole(id, post),
): Promise<void> {
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(source);
  } catch (error) {
    post({ type: 'done', id, error: describeError(error), elapsedMs: 0 });
    return;
  }
  let ready: RunScope;
  try {
    ready = typeof scope === 'function' ? await scope() : scope;
  } catch (error) {
    const { message } = describeError(error);
    post({ type: 'done', id, error: { name: 'Error', message: `Could not start TF.js: ${message}` }, elapsedMs: 0 });
    return;
  }
  const names = Object.keys(ready.globals);
  const fn = new AsyncFunction(...names, 'console', `${prepared.body}\n//# sourceURL=${SOURCE_URL}`);
  ready.begin?.();
  post({ type: 'started', id, backend: ready.backend });
  const start = performance.now();
  try {
    const value = await fn(...names.map((n) => ready.globals[n]), console);
    const elapsedMs = performance.now() - start;
    post({ type: 'done', id, value: prepared.captured && value !== undefined ? formatValue(value) : undefined, elapsedMs });
  } catch (error) {
    post({ type: 'done', id, error: describeError(error), elapsedMs: performance.now() - start });
  } finally {
    try {
      ready.end?.();
    } catch {
      // a scope that cannot close must not hide the run's result
    }
  }
}
