// Sets up TF.js for training in Node: the WASM backend, autodiff gradients (src/llm/gradients.ts,
// the same set the browser uses) and our BatchMatMul gradient (src/llm/train-grads.ts).
// Call once per thread (main and each worker) before any tf math.

import { registerTrainingGradients } from '../../src/llm/train-grads.ts';
import { initNodeBackend } from '../../src/llm/node-fs.ts';

let ready: Promise<string> | undefined;

/** WASM backend + gradients; resolves to the backend name ('wasm'). */
export function setupTraining(): Promise<string> {
  ready ??= (async () => {
    registerTrainingGradients(); // first, so gradients.ts keeps ours for BatchMatMul
    await import('../../src/llm/gradients.ts');
    const info = await initNodeBackend('wasm');
    if (info.name !== 'wasm') throw new Error(`Training needs the WASM backend, got ${info.name} (${info.reason}).`);
    return info.name;
  })();
  return ready;
}
