// Importing our tokenizer in the browser must not pull in GPT-2's 50k-token vocabulary: bundle a page
// that imports the tokenizer modules (as Vite/Astro would) and check the vocabulary lands in its own
// lazily loaded chunk.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

test("GPT-2's vocabulary is a separate chunk, loaded only by loadGpt2Tokenizer()", async () => {
  const llm = fileURLToPath(new URL('../../../src/llm/tokenizer/', import.meta.url));
  const result = await build({
    stdin: {
      contents: `
        import { BpeTokenizer } from './tokenizer.ts';
        import { train } from './bpe-train.ts';
        import { displayBytes } from './token-display.ts';
        import { loadGpt2Tokenizer } from './gpt2-tokenizer.ts';
        globalThis.used = [BpeTokenizer, train, displayBytes, loadGpt2Tokenizer];`,
      resolveDir: llm,
      loader: 'ts',
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: '/virtual',
    write: false,
    logLevel: 'silent',
  });
  const [entry, ...chunks] = result.outputFiles;
  expect(entry.text.length).toBeLessThan(100_000);
  expect(entry.text).not.toContain(' Telegram'); // a token from deep in GPT-2's vocabulary
  expect(entry.text).toMatch(/import\(/); // loaded on demand
  expect(chunks.some((c) => c.text.includes(' Telegram') && c.text.length > 500_000)).toBe(true);
  expect(entry.text).not.toMatch(/node:/); // nothing Node-only in the browser path
});
