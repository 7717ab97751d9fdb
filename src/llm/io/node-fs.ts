// Node-only helpers (file access, wasm location). Imported by the CLI, scripts and tests only,
// never by browser code.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initBackend, type BackendInfo, type BackendName } from '../backend.ts';
import { CheckpointError, configJson, loadModelFromBytes, weightsToSafetensors, type LoadedModel } from './checkpoint.ts';
import type { GPTConfig } from '../config.ts';
import type { GPTWeights } from '../weights.ts';

/** Folder holding tfjs-backend-wasm's .wasm binaries in node_modules (with a trailing slash). */
export function nodeWasmPaths(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

/** initBackend for Node: WASM from node_modules (or the backend named, e.g. 'cpu'). */
export function initNodeBackend(override?: BackendName): Promise<BackendInfo> {
  return initBackend({ override, wasmPaths: nodeWasmPaths() });
}

/** Loads a model folder (config.json + model.safetensors [+ tokenizer.json]). */
export function loadModelFromDir(dir: string): LoadedModel {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CheckpointError(`Model folder not found: ${dir}`);
  const need = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new CheckpointError(`Model folder ${dir} has no ${file}.`);
    return path;
  };
  const tokenizerPath = join(dir, 'tokenizer.json');
  return loadModelFromBytes({
    config: readFileSync(need('config.json'), 'utf8'),
    weights: new Uint8Array(readFileSync(need('model.safetensors'))),
    tokenizer: existsSync(tokenizerPath) ? readFileSync(tokenizerPath, 'utf8') : null,
  });
}

/** Writes config.json + model.safetensors (+ tokenizer.json when given) into dir. */
export async function saveModelToDir(
  dir: string,
  config: GPTConfig,
  weights: GPTWeights,
  opts: { dtype?: 'F32' | 'F16'; tokenizerJson?: string } = {},
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), configJson(config));
  writeFileSync(join(dir, 'model.safetensors'), await weightsToSafetensors(weights, opts.dtype));
  if (opts.tokenizerJson) writeFileSync(join(dir, 'tokenizer.json'), opts.tokenizerJson);
}
