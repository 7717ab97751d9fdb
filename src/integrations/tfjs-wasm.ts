// Serves TF.js's WASM binaries from the site itself, at `<base>tfjs/<file>.wasm`: copied into the
// build output, and answered by the dev server. Nothing is fetched from another origin at run time.
// Pages pass `${import.meta.env.BASE_URL}tfjs/` to initBackend({ wasmPaths }).

import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';

/** Folder name under the base path. */
const TFJS_WASM_DIR = 'tfjs';

function wasmSourceDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

function wasmFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.wasm'));
}

/** The threaded build's scriptDir guard, as tfjs-backend-wasm ships it, and a form no minifier can fold. */
const SCRIPT_DIR_GUARD = 'if(typeof _scriptDir !== "undefined" && _scriptDir)';
const SCRIPT_DIR_SAFE = 'if(typeof self === "undefined" && _scriptDir)';

/**
 * Keeps TF.js's threaded WASM working in a minified build (it runs only in cross-origin-isolated pages).
 * tfjs-backend-wasm sends its Emscripten factory to each pthread worker as source text (toString), so
 * the factory must not reach outside itself. Its one outside reference, `_scriptDir`, is guarded by a
 * typeof check that the minifier folds away (the variable is in scope where it is bundled), and the pthread
 * worker then dies with "e is not defined". In browsers _scriptDir is always unused there (document is absent
 * in workers, and locateFile is TF.js's own), so the guard becomes a check on `self` that stays.
 */
function threadedFactoryStaysSelfContained(): Plugin {
  return {
    name: 'tfjs-wasm-threaded-factory',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm-threaded-simd.js') || id.includes('.worker.')) return null;
      if (!code.includes(SCRIPT_DIR_GUARD)) {
        this.warn('tfjs-backend-wasm changed: its _scriptDir guard was not found, threaded WASM may break when minified');
        return null;
      }
      return { code: code.replace(SCRIPT_DIR_GUARD, SCRIPT_DIR_SAFE), map: null };
    },
  };
}

export default function tfjsWasm(): AstroIntegration {
  let base = '/';
  return {
    name: 'tfjs-wasm',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        // Workers are bundled separately, with worker.plugins.
        updateConfig({ vite: { plugins: [threadedFactoryStaysSelfContained()], worker: { plugins: () => [threadedFactoryStaysSelfContained()] } } });
      },
      'astro:server:setup': ({ server }) => {
        const source = wasmSourceDir();
        const files = new Set(wasmFiles(source));
        const prefix = `${base}${TFJS_WASM_DIR}/`;
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split('?')[0];
          const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
          if (!files.has(file)) return next();
          res.setHeader('Content-Type', 'application/wasm');
          res.end(readFileSync(join(source, file)));
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const source = wasmSourceDir();
        const target = join(fileURLToPath(dir), TFJS_WASM_DIR);
        mkdirSync(target, { recursive: true });
        const files = wasmFiles(source);
        for (const f of files) copyFileSync(join(source, f), join(target, f));
        logger.info(`copied ${files.length} TF.js wasm files to ${TFJS_WASM_DIR}/`);
      },
    },
  };
}
