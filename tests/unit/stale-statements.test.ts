// Statements a careful read found wrong or muddled (issue 17, "Correct"), each with a check that fails if the old
// wording, or the old claim in new words, comes back. Positive checks pin the corrected account where a ban alone
// would be too easy to dodge.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exampleProbabilities } from '../../src/components/diagrams/ch06-example.ts';
import { glossaryEntries } from './glossary-entries.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = join(ROOT, 'src', 'content', 'docs');
const CHAPTERS = readdirSync(join(DOCS, 'chapters')).filter((f) => f.endsWith('.mdx')).sort();
const read = (path: string) => readFileSync(join(DOCS, path), 'utf8');
const chapter = (prefix: string) => read(`chapters/${CHAPTERS.find((f) => f.startsWith(prefix))}`);
const diagram = (name: string) => readFileSync(join(ROOT, 'src', 'components', 'diagrams', name), 'utf8');
/** Line breaks in MDX prose are not meaningful; compare with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
const everything = () => [...CHAPTERS.map((f) => `chapters/${f}`), 'glossary.mdx'].map(read).map(flat).join('\n');

describe('stale statements stay corrected', () => {
  test('attention is not dated to 2017; the 2017 novelty is an architecture of self-attention alone', () => {
    const ch04 = flat(chapter('04'));
    expect(ch04).not.toMatch(/was new in 2017/);
    expect(ch04).toMatch(/Bahdanau, Cho and Bengio/);
    expect(ch04).toMatch(/2014/);
    expect(flat(read('acknowledgements.mdx'))).toContain('Neural Machine Translation by Jointly Learning to Align and Translate');
  });

  test('chapter 1 keeps the stored " dog" row (a parameter) apart from the vectors computed for a prompt (activations)', () => {
    const ch01 = flat(chapter('01'));
    expect(ch01).not.toContain('the vectors for your tokens, the attention scores');
    expect(ch01).toMatch(/row in the embedding table of chapter 3, is a learned parameter/);
    expect(ch01).toMatch(/the stored vector for the token " dog" \(its row in the embedding table\)/);
  });

  test("the LLaMA 3 figures are credited to Meta, not to Res Futuras", () => {
    const ack = flat(read('acknowledgements.mdx'));
    expect(ack).not.toContain('the LLaMA 3 70B scale figures ([chapter 7]');
    expect(ack).toMatch(/The Llama 3 Herd of Models/);
    expect(ack).toMatch(/15 trillion tokens/);
    expect(ack).toMatch(/figures themselves[^.]*are Meta's/);
  });

  test('dictionary learning found many features at once; interpreting them is the hard part', () => {
    const text = everything();
    expect(text).not.toMatch(/Finding one feature took/);
    expect(text).toMatch(/millions of candidate features in one go/);
  });

  test('no pawn on the first or last rank in the chess example', () => {
    expect(everything()).not.toMatch(/pawn on [a-h][18]\b/i);
  });

  test('the small vocabulary, not the 1961 corpus, is the main reason "internet" has no token', () => {
    const ch07 = flat(chapter('07'));
    expect(ch07).not.toMatch(/Because it is built from 1961 prose, its vocabulary reflects that era/);
    expect(ch07).toMatch(/more than the age of the text, is why a word such as \*internet\*/);
  });

  test('chapter 8 types no parameter count in its math and says so truthfully', () => {
    const ch08 = chapter('08');
    expect(ch08).not.toMatch(/\$\$[^$]*\d\{,\}\d{3}\{,\}\d{3}[^$]*\$\$/);
    expect(flat(ch08)).toMatch(/in the sentences, the tables and the equations of the math section, is computed/);
  });

  test('the residual stream has one account: layers add, and an addition can cancel', () => {
    const ch05 = flat(chapter('05'));
    for (const text of [ch05, flat(diagram('Ch05Block.astro'))]) {
      expect(text).not.toMatch(/nothing overwrites|never overwritten|is ever overwritten/);
    }
    expect(ch05).not.toMatch(/unless a later layer actively writes over it/);
    expect(ch05).toMatch(/adds a change that cancels it/);
    expect(flat(diagram('Ch05Block.astro'))).toMatch(/an addition can cancel/);
  });

  test('GPT-3 is not "exactly the same recipe": its alternating sparse attention is named', () => {
    const text = everything();
    expect(text).not.toMatch(/exactly the same recipe/);
    expect(flat(chapter('01'))).toMatch(/alternate between ordinary \(dense\) attention and a sparse kind/);
  });

  test('one definition of hyperparameter: shape choices and training settings, in the glossary and chapters 1 and 8', () => {
    const entry = glossaryEntries(read('glossary.mdx')).find((e) => e.term === 'Hyperparameter')!.body;
    expect(entry).toMatch(/shape choices/);
    expect(entry).toMatch(/learning rate/);
    expect(flat(chapter('01'))).toMatch(/learning rate of chapter 7\), are chosen the same way and are hyperparameters too/);
    expect(flat(chapter('08'))).toMatch(/Training has hyperparameters of its own, such as the learning rate/);
  });

  test('chapter 7 losses follow from the probabilities the reader sees', () => {
    const ch07 = chapter('07');
    expect(ch07).not.toContain('$-\\ln 0.574 \\approx 0.554$');
    expect(ch07).not.toContain('$-\\ln 0.029 \\approx 3.55$');
    // Whatever is shown, the loss must be what the shown probability gives.
    for (const m of ch07.matchAll(/\$-\\ln (0\.\d+) \\approx (\d+\.\d+)\$/g)) {
      const digits = m[2].split('.')[1].length;
      expect((-Math.log(Number(m[1]))).toFixed(digits), m[0]).toBe(m[2]);
    }
    expect(exampleProbabilities()[0].toFixed(4)).toBe('0.5744');
  });

  test('the chapter 4 exercise does not ask for one winner where there is a tie', () => {
    const ch04 = flat(chapter('04'));
    expect(ch04).not.toContain('Which token would "a" now attend to most?');
    expect(ch04).toMatch(/"a" now has a tie for first place/);
  });

  test('the pipeline diagram does not say each tuning stage costs less than the one before', () => {
    const pipeline = flat(diagram('Ch09Pipeline.astro'));
    expect(pipeline).not.toMatch(/costs far less than the one before/);
    expect(pipeline).toMatch(/not ordered by cost/);
  });

  test('"nats" is defined where it is first used', () => {
    const ch07 = flat(chapter('07'));
    const first = ch07.search(/\bnats\b/);
    expect(first).toBeGreaterThan(0);
    expect(ch07.slice(first - 120, first + 200)).toMatch(/natural units/);
    expect(glossaryEntries(read('glossary.mdx')).find((e) => e.term === 'Nat')?.body).toMatch(/natural logarithm/);
  });

  test('the fabric-and-sand analogy is told once, credited with the licence linked, and the additions marked', () => {
    const tellers = CHAPTERS.filter((f) => /sprinkl/i.test(read(`chapters/${f}`)));
    expect(tellers).toEqual([CHAPTERS.find((f) => f.startsWith('07'))]);
    const ch07 = flat(chapter('07'));
    expect(ch07).toMatch(/Yuval Shavit[\s\S]{0,300}\[CC BY 4\.0\]\(https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/\)/);
    expect(ch07).toMatch(/are this book's additions/);
  });
});
