// The example files of live code blocks (src/examples/*.ts), read at build time, and the checks on a
// block's props. LiveCode.astro renders what this returns; a bad prop fails the build with the reason.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BOOK_MODELS } from '../../llm/config.ts';

const sources = import.meta.glob<string>('../../examples/*.ts', { query: '?raw', import: 'default', eager: true });

/** Example name ("dot-product") -> its code, trailing whitespace trimmed. */
export const EXAMPLES: ReadonlyMap<string, string> = new Map(
  Object.entries(sources).map(([path, code]) => [path.replace(/^.*\/|\.ts$/g, ''), code.replace(/\s+$/, '')]),
);

/** The code of one example; throws, naming the known examples, when there is no such file. */
export function exampleSource(example: string): string {
  const source = EXAMPLES.get(example);
  if (source === undefined) {
    const known = [...EXAMPLES.keys()].sort().join(', ');
    throw new Error(`LiveCode: no example "${example}" (expected the file src/examples/${example}.ts). Known examples: ${known}.`);
  }
  return source;
}

/** A block's time limit in ms: 100 ms to 2 minutes. */
export function checkTimeout(example: string, timeout: unknown): number {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 100 || timeout > 120_000) {
    throw new Error(`LiveCode "${example}": timeout must be a number of milliseconds between 100 and 120000, got ${JSON.stringify(timeout)}.`);
  }
  return timeout;
}

/**
 * The book's models this build ships (public/models/<name>/model.safetensors), largest first. The page
 * hands the list to the worker, so `book.loadModel()` picks the largest without probing for missing files.
 */
export function shippedModels(root: string = process.cwd()): string[] {
  return BOOK_MODELS.filter((name) => existsSync(join(root, 'public', 'models', name, 'model.safetensors')));
}
