// "Watch BPE learn"'s worker: runs the book's BPE trainer on the reader's text (a long text takes longer
// than a page may block) and answers with the view after any number of merges.
import { BPE_TEXT_LIMIT, BpeStepper } from './bpe-stepper.ts';
import type { BpeReply, BpeRequest } from './protocol.ts';
import { clipText } from './token-list.ts';

let stepper: BpeStepper | null = null;

self.onmessage = (event: MessageEvent<BpeRequest>) => {
  const { seq, text: full, step } = event.data;
  try {
    const text = clipText(full, BPE_TEXT_LIMIT);
    if (stepper?.text !== text) stepper = new BpeStepper(text);
    postMessage({ type: 'view', seq, view: stepper.view(step), clipped: text.length < full.length } satisfies BpeReply);
  } catch (error) {
    postMessage({ type: 'error', seq, message: error instanceof Error ? error.message : String(error) } satisfies BpeReply);
  }
};
