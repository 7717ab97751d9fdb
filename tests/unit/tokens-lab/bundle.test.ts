// The tokens islands and their workers must not pull in TF.js or the model worker: bundle each of them
// (as Vite would) and list every module that went in.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const dir = fileURLToPath(new URL('../../../src/components/tokens/', import.meta.url));

test.each(['TokenizerLab.tsx', 'WatchBpe.tsx', 'tokenize.worker.ts', 'bpe.worker.ts'])('%s bundles without TF.js or the model worker', async (file) => {
  const result = await build({
    entryPoints: [`${dir}${file}`],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: '/virtual',
    write: false,
    metafile: true,
    logLevel: 'silent',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'import.meta.env.BASE_URL': '"/"' },
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.length).toBeGreaterThan(3);
  expect(inputs.filter((path) => /@tensorflow|model\.worker|components\/model\/|node:/.test(path))).toEqual([]);
  if (file.startsWith('tokenize')) expect(inputs.some((path) => path.includes('gpt2-tokenizer.ts'))).toBe(true);
});
