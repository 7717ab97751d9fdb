// Text in, text out: encode a prompt, run the generate loop, decode what comes out. The one place
// that does this for the widget's worker, the live-code `book`, `npm run llm -- generate` and the
// model card, so they all cut long prompts, count and decode the same way.

import { generate, type GeneratedToken, type GenerateOptions } from './generate.ts';
import type { GPTModel } from './gpt.ts';
import { TokenTextStream } from './tokenizer/tokenizer.ts';

export interface TextStep extends GeneratedToken {
  newText: string; // whole characters this token completes ('' while a character is unfinished)
  textSoFar: string; // every whole character generated so far
}

export interface TextGenerateOptions extends GenerateOptions {
  /** Ids already generated after the prompt (a generation that resumes); they count as text so far. */
  continueFrom?: readonly number[];
}

/** A prompt as ids: text goes through the model's tokenizer; ids pass as they are. Never empty. */
export function promptIds(model: GPTModel, prompt: string | readonly number[]): number[] {
  let ids: number[];
  if (typeof prompt === 'string') {
    if (!model.tokenizer) throw new Error('This model has no tokenizer.json: give token ids instead of text.');
    ids = model.tokenizer.encode(prompt);
  } else ids = [...prompt];
  if (ids.length === 0) throw new Error('The prompt is empty; there is nothing to continue.');
  return ids;
}

/** Streams the continuation of a prompt token by token, with its text as whole characters. */
export async function* generateText(model: GPTModel, prompt: string | readonly number[], options: TextGenerateOptions): AsyncGenerator<TextStep> {
  const { continueFrom = [], ...rest } = options;
  const stream = model.tokenizer ? new TokenTextStream(model.tokenizer) : null;
  let textSoFar = '';
  for (const id of continueFrom) textSoFar += stream?.push(id) ?? '';
  for await (const token of generate(model, [...promptIds(model, prompt), ...continueFrom], rest)) {
    const newText = stream?.push(token.id) ?? '';
    textSoFar += newText;
    yield { ...token, newText, textSoFar };
  }
}

export interface Completion {
  ids: number[]; // the new ids only
  text: string; // decode(ids): characters split across tokens come out whole ('' without a tokenizer)
  droppedTokens: number; // prompt tokens cut from the left to fit the context
}

/** The whole continuation at once (encode, generate, collect, decode). */
export async function completeText(model: GPTModel, prompt: string | readonly number[], options: TextGenerateOptions): Promise<Completion> {
  const ids: number[] = [];
  let droppedTokens = 0;
  for await (const step of generateText(model, prompt, options)) {
    ids.push(step.id);
    droppedTokens = step.droppedTokens;
  }
  return { ids, text: model.tokenizer?.decode(ids) ?? '', droppedTokens };
}
