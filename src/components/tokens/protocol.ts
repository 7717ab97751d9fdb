// Messages between the tokens islands and their two small workers (tokenize.worker.ts for the
// tokenizer lab, bpe.worker.ts for "Watch BPE learn"). Neither worker touches TF.js.
import type { StepView } from './bpe-stepper.ts';
import type { TokenList } from './token-list.ts';

export type TokenizerName = 'book' | 'gpt2';

export type LabRequest = { type: 'load'; bookUrl: string } | { type: 'tokenize'; seq: number; text: string };

export type LabReply =
  | { type: 'loaded'; which: TokenizerName; vocabSize: number }
  | { type: 'load-failed'; which: TokenizerName; message: string }
  | { type: 'tokens'; seq: number; book: TokenList | null; gpt2: TokenList | null; clipped: boolean };

export interface BpeRequest {
  seq: number;
  text: string;
  step: number;
}

export type BpeReply =
  | { type: 'view'; seq: number; view: StepView; clipped: boolean }
  | { type: 'error'; seq: number; message: string };
