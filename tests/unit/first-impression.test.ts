// What a first-time reader meets: the default prompts of the predict widgets give whole words from the book's own
// model (not the letter fragments an open prompt gives), the text beside each widget says why pieces appear, the
// social card is drawn from the landing page's prompt, and small typography slips stay fixed.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { truncationNote } from '../../src/components/predict/view.ts';
import { forward } from '../../src/llm/gpt.ts';
import type { LoadedModel } from '../../src/llm/index.ts';
import { initNodeBackend, loadModelFromDir } from '../../src/llm/io/node-fs.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DOCS = join(ROOT, 'src', 'content', 'docs');
const read = (file: string) => readFileSync(join(DOCS, file), 'utf8');
const WIDGET_PAGES = ['index.mdx', 'chapters/06-next-token.mdx'];

/** The prompt of each <Predict ... prompt="..." /> on a page. */
const prompts = (mdx: string) => [...mdx.matchAll(/<Predict\b[^>]*\sprompt="([^"]+)"/g)].map((m) => m[1]);

let model: LoadedModel;
beforeAll(async () => {
  await initNodeBackend('wasm');
  model = loadModelFromDir(join(ROOT, 'public', 'models', 'book-small'));
});

/** The model's three likeliest next tokens after `prompt`, as text. */
async function topThree(prompt: string): Promise<string[]> {
  const { logits } = await forward(model, model.tokenizer!.encode(prompt));
  const [T, V] = logits.shape;
  const last = Array.from(logits.data.subarray((T - 1) * V, T * V));
  return last
    .map((v, id) => [v, id] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, id]) => model.tokenizer!.decode([id]));
}

describe('the predict widgets first show words', () => {
  test.each(WIDGET_PAGES)('%s: its default prompt gives mostly whole words as the top guesses', async (page) => {
    const found = prompts(read(page));
    expect(found.length, `${page} has a predict widget`).toBeGreaterThan(0);
    for (const prompt of found) {
      const top = await topThree(prompt);
      const words = top.filter((t) => /^ [A-Za-z]{2,}$/.test(t));
      expect(words.length, `"${prompt}" -> ${JSON.stringify(top)}`).toBeGreaterThanOrEqual(2);
    }
  });

  test.each(WIDGET_PAGES)('%s: says why guesses are word pieces and what to try, beside the widget', (page) => {
    const mdx = read(page);
    const after = mdx.slice(mdx.indexOf('<Predict '), mdx.indexOf('<Predict ') + 900);
    expect(after).toMatch(/word pieces|pieces of words/);
    expect(after).toContain('1961');
    expect(after).toContain('<BookFact fact="vocab" />');
    expect(after).toMatch(/\b[Tt]ry\b|Give it a\s+prompt/);
  });

  test("the social card is drawn from the model's answer to the landing page's prompt", () => {
    const script = readFileSync(join(ROOT, 'scripts', 'make-social-card.ts'), 'utf8');
    const prompt = script.match(/const PROMPT = '([^']+)'/)?.[1];
    expect(prompt).toBe(prompts(read('index.mdx'))[0]);
    expect(script).toContain('forward(model');
    expect(script).not.toMatch(/\[' \w+', 0\.\d+\]/); // no typed-in probabilities
  });
});

describe('typography', () => {
  test('the context-window note writes counts with thousands separators', () => {
    expect(truncationNote(7872, 1024)).toContain('the first 7,872 tokens were dropped');
    expect(truncationNote(7872, 1024)).toContain('context window of 1,024 tokens');
  });

  test('no chapter has a straight quote before a possessive ("model"\'s renders as “model“‘s)', () => {
    for (const file of ['chapters/04-attention.mdx', 'chapters/06-next-token.mdx', 'index.mdx']) {
      expect(read(file), file).not.toMatch(/\w"'s\b/);
    }
  });
});
