// Shared bits of the model commands (logits, generate, info): number/id parsing and loading a
// model folder on the Node backend. Flag parsing and exit codes come from tokenizer-cli.ts.

import type { BackendName } from '../../src/llm/backend.ts';
import { isBackendName } from '../../src/llm/backend.ts';
import type { LoadedModel } from '../../src/llm/io/checkpoint.ts';
import { initNodeBackend, loadModelFromDir } from '../../src/llm/io/node-fs.ts';
import { single, UsageError, type ParsedArgs } from './tokenizer-cli.ts';

/** "5,17,3" -> [5, 17, 3]; anything that is not a comma-separated list of integers is a UsageError. */
export function parseIds(text: string, flag = 'ids'): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--${flag} must be comma-separated non-negative integers like 5,17,3; got "${text}".`);
  }
  return parts.map(Number);
}

/** A number flag, or undefined when absent; `integer` also rejects fractions. */
export function numberFlag(args: ParsedArgs, name: string, integer = false): number | undefined {
  const raw = single(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}; got "${raw}".`);
  }
  return value;
}

/** Starts the backend (--backend wasm|cpu, default wasm) and loads --model DIR. */
export async function loadModelArg(args: ParsedArgs): Promise<LoadedModel> {
  const dir = single(args, 'model');
  if (dir === undefined) throw new UsageError('--model DIR is required.');
  const backend = single(args, 'backend');
  if (backend !== undefined && (!isBackendName(backend) || !['wasm', 'cpu'].includes(backend))) {
    throw new UsageError(`--backend must be wasm or cpu in Node; got "${backend}".`);
  }
  await initNodeBackend(backend as BackendName | undefined);
  return loadModelFromDir(dir);
}
