// Serves TF.js's WASM binaries from the site itself, at `<base>tfjs/<file>.wasm`: copied into the
// build output, and answered by the dev server. Nothing is fetched from another origin at run time.
// Pages pass `${import.meta.env.BASE_URL}tfjs/` to initBackend({ wasmPaths }).

import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Folder name under the base path. */
export const TFJS_WASM_DIR = 'tfjs';

function wasmSourceDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

function wasmFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.wasm'));
}

export default function tfjsWasm(): AstroIntegration {
  let base = '/';
  return {
    name: 'tfjs-wasm',
    hooks: {
      'astro:config:setup': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
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
