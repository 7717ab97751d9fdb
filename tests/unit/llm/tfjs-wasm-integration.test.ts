import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import tfjsWasm from '../../../src/integrations/tfjs-wasm.ts';
import { nodeWasmPaths } from '../../../src/llm/node-fs.ts';

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

function setUp(base: string) {
  const integration = tfjsWasm();
  const hooks = integration.hooks as Record<string, Hook>;
  hooks['astro:config:setup']({ config: { base } });
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
});
