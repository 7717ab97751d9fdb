import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { initBackend, isBackendName, resetBackend } from '../../../src/llm/backend.ts';
import { initNodeBackend, nodeWasmPaths } from '../../../src/llm/io/node-fs.ts';

afterAll(async () => {
  resetBackend();
  await initNodeBackend();
});

describe('initBackend in Node', () => {
  test('chooses WASM by default, once: later calls share the same promise', async () => {
    resetBackend();
    const first = initBackend({ wasmPaths: nodeWasmPaths() });
    expect(initBackend({ override: 'cpu' })).toBe(first);
    const info = await first;
    expect(info).toEqual({ name: 'wasm', detail: expect.stringMatching(/SIMD/) });
    expect(tf.getBackend()).toBe('wasm');
  });

  test('an override picks that backend and says what it runs on; the self-check leaves nothing behind', async () => {
    resetBackend();
    const before = tf.memory().numTensors;
    const info = await initNodeBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  test('a backend marked broken is skipped, and the reason is reported', async () => {
    resetBackend('wasm');
    const info = await initBackend({ override: 'wasm' });
    expect(info).toEqual({ name: 'cpu', detail: 'plain JavaScript', reason: 'wasm: failed earlier in this session' });
  });

  test('an unknown override is a clear error, and a failed start can be retried', async () => {
    resetBackend();
    await expect(initBackend({ override: 'tpu' })).rejects.toThrow('Unknown backend "tpu". Use one of: webgpu, wasm, webgl, cpu.');
    expect((await initNodeBackend()).name).toBe('wasm');
    expect(isBackendName('webgl')).toBe(true);
    expect(isBackendName('gpu')).toBe(false);
  });
});
