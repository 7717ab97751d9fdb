import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import tfjsWasm from '../../../src/integrations/tfjs-wasm.ts';
import { nodeWasmPaths } from '../../../src/llm/io/node-fs.ts';

type Hook = (options: unknown) => void;
type Middleware = (req: { url: string }, res: FakeResponse, next: () => void) => void;

interface FakeResponse {
  headers: Record<string, string>;
  body?: Uint8Array;
  setHeader(name: string, value: string): void;
  end(body: Uint8Array): void;
}

function fakeResponse(): FakeResponse {
  return {
    headers: {},
    setHeader(name, value) {
      this.headers[name] = value;
    },
    end(body) {
      this.body = body;
    },
  };
}

interface VitePlugin {
  transform(this: { warn(m: string): void }, code: string, id: string): { code: string } | null;
}
let viteUpdate: { vite: { plugins: VitePlugin[]; worker: { plugins: () => VitePlugin[] } } } | undefined;

function setUp(base: string) {
  const integration = tfjsWasm();
  const hooks = integration.hooks as Record<string, Hook>;
  hooks['astro:config:setup']({ config: { base }, updateConfig: (c: typeof viteUpdate) => (viteUpdate = c) });
  return hooks;
}

describe('the tfjs-wasm Astro integration', () => {
  test('the dev server answers <base>tfjs/<file>.wasm with the binary and passes everything else on', () => {
    const hooks = setUp('/next-token');
    let middleware: Middleware | undefined;
    hooks['astro:server:setup']({ server: { middlewares: { use: (fn: Middleware) => (middleware = fn) } } });
    const res = fakeResponse();
    let passed = 0;
    middleware!({ url: '/next-token/tfjs/tfjs-backend-wasm-simd.wasm?v=1' }, res, () => passed++);
    expect(passed).toBe(0);
    expect(res.headers['Content-Type']).toBe('application/wasm');
    expect(Buffer.from(res.body!).equals(readFileSync(join(nodeWasmPaths(), 'tfjs-backend-wasm-simd.wasm')))).toBe(true);
    for (const url of ['/tfjs/tfjs-backend-wasm.wasm', '/next-token/tfjs/other.wasm', '/next-token/']) {
      middleware!({ url }, fakeResponse(), () => passed++);
    }
    expect(passed).toBe(3);
  });

  test('the build copies every .wasm file to <outDir>/tfjs/', () => {
    const out = mkdtempSync(join(tmpdir(), 'tfjs-wasm-'));
    try {
      const hooks = setUp('/next-token/');
      hooks['astro:build:done']({ dir: pathToFileURL(`${out}/`), logger: { info() {} } });
      const copied = readdirSync(join(out, 'tfjs')).sort();
      expect(copied).toEqual(readdirSync(nodeWasmPaths()).filter((f) => f.endsWith('.wasm')).sort());
      expect(copied).toContain('tfjs-backend-wasm-threaded-simd.wasm');
      expect(existsSync(join(out, 'tfjs', 'tfjs-backend-wasm.wasm'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('page and worker bundles keep the threaded factory free of outside references once minified', async () => {
    setUp('/');
    const threaded = readFileSync(join(nodeWasmPaths(), '..', 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    for (const plugin of [viteUpdate!.vite.plugins[0], viteUpdate!.vite.worker.plugins()[0]]) {
      const warnings: string[] = [];
      const ctx = { warn: (m: string) => warnings.push(m) };
      const out = plugin.transform.call(ctx, threaded, '/x/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
      expect(warnings).toEqual([]);
      expect(out!.code).toContain('if(typeof self === "undefined" && _scriptDir)');
      expect(out!.code).not.toContain('typeof _scriptDir !== "undefined"');
      expect(plugin.transform.call(ctx, threaded, '/x/other.js')).toBeNull();
    }
    // Minified the way the site's bundler does it, the guard survives as a check on `self`, which pthread
    // workers have, so the (renamed) outer variable is never read there.
    const { minifySync } = await import('rolldown/utils');
    const runInWorker = (guard: string) => {
      const src = `var F = (() => { var _scriptDir = typeof document !== 'undefined' ? document.currentScript.src : undefined;
        return function (m) { ${guard}{m.dir=_scriptDir} return m; }; })(); globalThis.src = F.toString();`;
      const factory = new Function(`globalThis.self = globalThis; ${minifySync('f.js', src).code}; return globalThis.src;`)() as string;
      return () => new Function(`return (${factory})({})`)(); // the factory as its source text, alone, as a pthread worker runs it
    };
    expect(runInWorker('if(typeof _scriptDir !== "undefined" && _scriptDir)')).toThrow(/is not defined/); // as shipped
    expect(runInWorker('if(typeof self === "undefined" && _scriptDir)')()).toEqual({});
  });
});

