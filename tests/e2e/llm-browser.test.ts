// The engine (src/llm) in a real browser, without the site: initBackend's choice, loading a model
// folder over HTTP with progress, logits against the float64 reference, KV cache == recompute, and
// no leaked tensors, on WASM, WebGPU and WebGL (both SwiftShader in headless Chromium, forced).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectClean, launchBrowser, openPage, REPO_ROOT, useSite, type ServerOptions } from './harness.ts';
import { nodeWasmPaths } from '../../src/llm/io/node-fs.ts';

const BASE = '/llm-test/';
let root: string;
const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'tests/fixtures/llm/tiny-model-logits.json'), 'utf8')) as { ids: number[]; logits: number[][] };

const { site } = useSite({ server: writeTestPage, browser: false });
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A page that runs tests/e2e/llm-browser-entry.ts, with TF.js's wasm files and the tiny model beside it. */
async function writeTestPage(): Promise<ServerOptions> {
  root = mkdtempSync(join(tmpdir(), 'llm-browser-'));
  await build({
    entryPoints: [join(REPO_ROOT, 'tests/e2e/llm-browser-entry.ts')],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile: join(root, 'llm.js'), logLevel: 'error',
    external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto', 'node:*'],
  });
  cpSync(nodeWasmPaths(), join(root, 'tfjs'), { recursive: true, filter: (f) => !/\.(js|ts|map)$/.test(f) });
  cpSync(join(REPO_ROOT, 'tests/fixtures/llm/tiny-model'), join(root, 'model'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `<!doctype html><html lang="en"><title>llm</title><script type="module" src="${BASE}llm.js"></script></html>`);
  return { root, base: BASE };
}

async function check(browser: Browser, override?: string, fn = 'llmChecks') {
  const visit = await openPage(browser, site.url(''));
  await visit.page.waitForFunction(() => 'llmChecks' in globalThis);
  const options = { override, wasmPaths: `${BASE}tfjs/`, modelUrl: `${BASE}model/`, ids: fixture.ids, expected: fixture.logits.flat() };
  const result = await visit.page.evaluate(([name, o]) => (globalThis as any)[name as string](o), [fn, options] as const);
  return { visit, result };
}

/** What every forced backend must show: it ran there, logits match the reference, cache == recompute, no leaks. */
function expectWorksOn(result: any, name: string): void {
  expect(result.info.name).toBe(name);
  expect(result.backend).toBe(name);
  expect(result.relativeError).toBeLessThan(1e-4);
  expect(result.cached).toEqual(result.recomputed);
  expect(result.leaked).toBe(0);
}

describe('src/llm in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: true });
  });
  afterAll(async () => browser?.close());

  test('WASM (forced): correct logits, cache == recompute, streamed load, no leaks, wasm served locally', async () => {
    const { visit, result } = await check(browser, 'wasm');
    expectWorksOn(result, 'wasm');
    expect(result.progress.at(-1)).toBe(readFileSync(join(REPO_ROOT, 'tests/fixtures/llm/tiny-model/model.safetensors')).length);
    expect(site.requests.some((r) => r.path.startsWith(`${BASE}tfjs/`) && r.path.endsWith('.wasm') && r.status === 200)).toBe(true);
    expectClean(visit);
    await visit.close();
  });

  test('automatic choice skips the SwiftShader WebGPU adapter and says why', async () => {
    const { visit, result } = await check(browser);
    expect(result.info.name).toBe('wasm');
    expect(result.info.reason).toMatch(/webgpu: no usable GPU found/);
    expect(result.relativeError).toBeLessThan(1e-4);
    await visit.close();
  });

  test('WebGPU (forced, SwiftShader): correct logits and cache == recompute', async () => {
    const { visit, result } = await check(browser, 'webgpu');
    expectWorksOn(result, 'webgpu');
    await visit.close();
  });

  test('WebGL (forced, SwiftShader): correct logits and cache == recompute', async () => {
    // A second browser: WebGL on SwiftShader needs its own flag (the WebGPU one does not enable it).
    const gl = await launchBrowser({ args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    try {
      const { visit, result } = await check(gl, 'webgl');
      expectWorksOn(result, 'webgl');
      await visit.close();
    } finally {
      await gl.close();
    }
  });

  test('a lost WebGPU device moves the engine to the next backend, and a retry works there', async () => {
    const { visit, result } = await check(browser, undefined, 'llmLoseDevice');
    expect(result.first.name).toBe('webgpu');
    expect(result.after.name).toBe('wasm');
    expect(result.after.reason).toMatch(/^WebGPU device lost/);
    expect(result.again.name).toBe('wasm');
    expect(result.backend).toBe('wasm');
    expect(result.relativeError).toBeLessThan(1e-4);
    await visit.close();
  });
});
