// Browser entry for tests/e2e/llm-browser.test.ts: bundled on the fly (esbuild), no Astro page.
// Exposes window.llmChecks(options), which runs the engine's core checks in the page and returns
// plain results for the test to assert on.

import * as tf from '@tensorflow/tfjs-core';
import { forward, generate, initBackend, loadModelFromUrl, onBackendLost, type BackendInfo, type BackendName } from '../../src/llm/index.ts';

export interface LlmCheckOptions {
  override?: BackendName;
  wasmPaths: string;
  modelUrl: string;
  ids: number[];
  expected: number[]; // [T * V] logits from the float64 reference
}

/** max |got - want| / max |want| */
function relativeError(got: ArrayLike<number>, want: number[]): number {
  let diff = 0;
  let scale = 0;
  want.forEach((w, i) => {
    diff = Math.max(diff, Math.abs(got[i] - w));
    scale = Math.max(scale, Math.abs(w));
  });
  return diff / scale;
}

async function llmChecks(o: LlmCheckOptions) {
  const info = await initBackend({ override: o.override, wasmPaths: o.wasmPaths });
  const progress: number[] = [];
  const model = await loadModelFromUrl(o.modelUrl, { onProgress: (p) => progress.push(p.loaded), tokenizer: false });
  const { logits } = await forward(model, o.ids);
  const run = async (useCache: boolean) => {
    const ids: number[] = [];
    for await (const t of generate(model, o.ids.slice(0, 3), { maxNewTokens: 12, seed: 5, topK: 8, useCache })) ids.push(t.id);
    return ids;
  };
  const cached = await run(true);
  const recomputed = await run(false);
  const before = tf.memory().numTensors;
  await run(true);
  for (let i = 0; i < 5; i++) await forward(model, o.ids, { trace: true });
  const leaked = tf.memory().numTensors - before;
  return { info, backend: tf.getBackend(), relativeError: relativeError(logits.data, o.expected), progress, cached, recomputed, leaked };
}

/** Starts on WebGPU, destroys its device, and reports where the engine moved and whether it still works. */
async function llmLoseDevice(o: LlmCheckOptions) {
  const first = await initBackend({ override: 'webgpu', wasmPaths: o.wasmPaths });
  const moved = new Promise<BackendInfo>((resolve) => onBackendLost(resolve));
  (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
  const after = await moved;
  const again = await initBackend(); // callers retry: the same promise now gives the new backend
  const model = await loadModelFromUrl(o.modelUrl, { tokenizer: false }); // weights on the lost device are gone: reload
  const { logits } = await forward(model, o.ids);
  return { first, after, again, backend: tf.getBackend(), relativeError: relativeError(logits.data, o.expected) };
}

Object.assign(globalThis, { llmChecks, llmLoseDevice });
