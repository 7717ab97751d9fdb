// Sets up TF.js for training in Node: the WASM backend and autodiff gradients (src/llm/gradients.ts, the same
// set the browser uses, registered when it is imported). Call once per thread (main and each worker) before any
// tf math.

import '../../src/llm/gradients.ts';
import { initNodeBackend } from '../../src/llm/io/node-fs.ts';

let ready: Promise<string> | undefined;

/** WASM (or, for comparisons, CPU) backend + gradients; resolves to the backend name. */
export function setupTraining(backend: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  ready ??= (async () => {
    const info = await initNodeBackend(backend);
    if (info.name !== backend) throw new Error(`Training asked for the ${backend} backend, got ${info.name} (${info.reason}).`);
    return info.name;
  })();
  return ready;
}
