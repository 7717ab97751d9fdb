// Build time only (Node): the first render of the tokens islands (TokenizerLab, WatchBpe .astro), by the same
// code their workers run, from the files the site serves, so the page shows real tokens before (and without)
// JavaScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpeStepper, type StepView } from '../components/tokens/bpe-stepper.ts';
import { tokenList } from '../components/tokens/token-list.ts';
import type { LabInitial } from '../components/tokens/TokenizerLab.tsx';
import { loadGpt2Tokenizer } from '../llm/tokenizer/gpt2-tokenizer.ts';
import { BpeTokenizer } from '../llm/tokenizer/tokenizer.ts';

export async function precomputeLab(model: string, text: string): Promise<LabInitial> {
  // Astro runs the build from the project root; public/ is what the site serves at <base>models/.
  const file = join(process.cwd(), 'public', 'models', model, 'tokenizer.json');
  let book: BpeTokenizer;
  try {
    book = BpeTokenizer.fromJSON(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`TokenizerLab: could not read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const gpt2 = await loadGpt2Tokenizer();
  return { text, book: tokenList(book, text), gpt2: tokenList(gpt2, text), bookVocab: book.vocabSize, gpt2Vocab: gpt2.vocabSize };
}

export function precomputeBpe(text: string, step: number): StepView {
  return new BpeStepper(text).view(step);
}
