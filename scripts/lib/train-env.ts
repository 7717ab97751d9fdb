// Sets up TF.js for training in Node: the WASM backend, autodiff gradients (src/llm/gradients.ts,
// the same set the browser uses) and our BatchMatMul gradient (src/llm/train-grads.ts).
// Call once per thread (main and each worker) before any tf math.

import { registerTrainingGradients } from '../../src/llm/train-grads.ts';
import { initNodeBackend } from '../../src/llm/node-fs.ts';

let ready: Promise<string> | undefined;

/** WASM (or, for comparisons, CPU) backend + gradients; resolves to the backend name. */
export function setupTraining(backend: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  ready ??= (async () => {
    registerTrainingGradients(); // first, so gradients.ts keeps ours for BatchMatMul
    await import('../../src/llm/gradients.ts');
    const info = await initNodeBackend(backend);
    if (info.name !== backend) throw new Error(`Training asked for the ${backend} backend, got ${info.name} (${info.reason}).`);
    return info.name;
  })();
  return ready;
}
