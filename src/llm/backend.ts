// Chooses and initialises the fastest TF.js backend, once per page or process.
// Browser order: WebGPU on real hardware that passes a self-check -> WASM (SIMD, threads when
// cross-origin isolated) -> WebGL -> CPU. Node: WASM (the CLI and tests pass the wasm folder).
// Knows nothing about models; other files just use tf after `await initBackend()`.

import * as tf from '@tensorflow/tfjs-core';
import { clearMaskCache } from './attention.ts';
import { BACKEND_ORDER, isBackendName, tryOrder, type BackendName } from './backend-names.ts';

export { BACKEND_LABELS, BACKEND_ORDER, backendOverrideFrom, isBackendName, parseBackendOverride } from './backend-names.ts';
export type { BackendName, BackendOverride } from './backend-names.ts';

export interface BackendInfo {
  name: BackendName;
  detail?: string; // what it runs on, e.g. the GPU's name or "SIMD, 4 threads"
  reason?: string; // why the faster choices were skipped
}

export interface BackendOptions {
  /** Force one backend (e.g. from `?backend=wasm`); still falls through the order if it fails. */
  override?: BackendName | string | null;
  /** URL or folder (with trailing slash) holding tfjs-backend-wasm's .wasm files, e.g. `${base}tfjs/`. */
  wasmPaths?: string;
  /** XNNPACK threads for WASM in a cross-origin-isolated page (TF.js's default: half the logical cores, 1 to 8). */
  wasmThreads?: number;
}

let current: Promise<BackendInfo> | null = null;
const broken = new Set<BackendName>(); // backends that failed or lost their device this session
let lastOptions: BackendOptions = {};
const lostListeners = new Set<(info: BackendInfo) => void>();

/** Initialises a backend once; every later call returns the same promise (until a device is lost). */
export function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  if (!current) {
    lastOptions = options;
    // A failed start is not cached: the caller may fix the cause and call again.
    current = choose(options).catch((err: unknown) => {
      current = null;
      throw err;
    });
  }
  return current;
}

/**
 * Called with the new backend after a lost WebGPU device forced a move down the order. Tensors on
 * the lost device are gone: the caller reloads its model and retries what it was doing.
 */
export function onBackendLost(listener: (info: BackendInfo) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

/**
 * Forgets the choice so the next initBackend() chooses again. With a name, that backend is also
 * skipped from now on (a lost device); without one, everything is tried afresh.
 */
export function resetBackend(markBroken?: BackendName): void {
  if (markBroken) broken.add(markBroken);
  else broken.clear();
  current = null;
  clearMaskCache();
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

async function choose(options: BackendOptions): Promise<BackendInfo> {
  if (options.override != null && options.override !== '' && !isBackendName(options.override)) {
    throw new Error(`Unknown backend "${options.override}". Use one of: ${BACKEND_ORDER.join(', ')}.`);
  }
  const forced = options.override as BackendName | undefined;
  // The forced one first, once (trying it twice would report its failure twice), then the usual order.
  const order = tryOrder(forced ?? null, isNode ? ['wasm', 'cpu'] : BACKEND_ORDER);
  const skipped: string[] = [];
  for (const name of order) {
    if (broken.has(name)) {
      if (!skipped.some((r) => r.startsWith(`${name}:`))) skipped.push(`${name}: failed earlier in this session`);
      continue;
    }
    try {
      const detail = await TRY[name](options, name === forced);
      const info: BackendInfo = { name, detail };
      if (skipped.length) info.reason = skipped.join('; ');
      if (name === 'webgpu') watchDeviceLoss();
      return info;
    } catch (err) {
      skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(`No TF.js backend could start (${skipped.join('; ')}).`);
}

const TRY: Record<BackendName, (o: BackendOptions, forced: boolean) => Promise<string>> = {
  async webgpu(_o, forced) {
    const gpu = (globalThis.navigator as Navigator & { gpu?: GPULike }).gpu;
    if (!gpu) throw new Error('no usable GPU found (WebGPU unavailable)');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('no usable GPU found (no WebGPU adapter)');
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ').trim();
    const software = adapter.isFallbackAdapter || /swiftshader/i.test(name);
    if (software && !forced) throw new Error(`no usable GPU found (software adapter${name ? `: ${name}` : ''})`);
    await import('@tensorflow/tfjs-backend-webgpu');
    await activate('webgpu');
    return name || 'WebGPU adapter';
  },
  async wasm(o) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (o.wasmPaths) wasm.setWasmPaths(o.wasmPaths);
    if (o.wasmThreads) wasm.setThreadsCount(o.wasmThreads);
    await activate('wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    // Threads need a cross-origin-isolated page (SharedArrayBuffer). TF.js caps XNNPACK's pool at half the
    // logical cores (it assumes two per physical core), at most 8: a 2-core machine still gets one thread.
    return [simd ? 'SIMD' : 'no SIMD', threads ? threadCount(wasm.getThreadsCount()) : 'one thread'].join(', ');
  },
  async webgl() {
    await import('@tensorflow/tfjs-backend-webgl');
    await activate('webgl');
    return 'WebGL';
  },
  async cpu() {
    await import('@tensorflow/tfjs-backend-cpu');
    await activate('cpu');
    return 'plain JavaScript';
  },
};

function threadCount(n: number): string {
  return n > 1 ? `${n} threads` : 'one thread';
}

/** setBackend + a tiny matMul checked against known numbers, so a broken driver is caught here. */
async function activate(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error('failed to initialise');
  await tf.ready();
  clearMaskCache();
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
  const got = await product.data();
  product.dispose();
  const want = [19, 22, 43, 50];
  if (!want.every((v, i) => Math.abs(got[i] - v) < 1e-3)) {
    throw new Error(`self-check failed: got [${Array.from(got).join(', ')}]`);
  }
}

interface GPULike {
  requestAdapter(o?: object): Promise<{ isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

function watchDeviceLoss(): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } }).device;
  device?.lost?.then(async (why) => {
    if (tf.getBackend() !== 'webgpu') return;
    resetBackend('webgpu');
    const info = await initBackend(lastOptions);
    info.reason = `WebGPU device lost${why?.message ? `: ${why.message}` : ''}` + (info.reason ? `; ${info.reason}` : '');
    for (const l of lostListeners) l(info);
  });
}
