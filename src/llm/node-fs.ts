// Node-only helpers (file access, wasm location). Imported by the CLI, scripts and tests only,
// never by browser code.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initBackend, type BackendInfo, type BackendName } from './backend.ts';

/** Folder holding tfjs-backend-wasm's .wasm binaries in node_modules (with a trailing slash). */
export function nodeWasmPaths(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

/** initBackend for Node: WASM from node_modules (or the backend named, e.g. 'cpu'). */
export function initNodeBackend(override?: BackendName): Promise<BackendInfo> {
  return initBackend({ override, wasmPaths: nodeWasmPaths() });
}
