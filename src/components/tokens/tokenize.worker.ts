// The tokenizer lab's worker: loads the book's tokenizer.json and GPT-2's vocabulary (building GPT-2's
// 50,000 merges takes longer than a page may block) and tokenizes the reader's text with both.
import { loadGpt2Tokenizer } from '../../llm/tokenizer/gpt2-tokenizer.ts';
import { BpeTokenizer } from '../../llm/tokenizer/tokenizer.ts';
import type { LabReply, LabRequest, TokenizerName } from './protocol.ts';
import { clipText, tokenList } from './token-list.ts';

const ready: Partial<Record<TokenizerName, BpeTokenizer>> = {};
const reply = (message: LabReply) => postMessage(message);

async function loadBook(url: string): Promise<BpeTokenizer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}.`);
  return BpeTokenizer.fromJSON(await response.text());
}

function load(which: TokenizerName, loader: () => Promise<BpeTokenizer>) {
  loader().then(
    (tokenizer) => {
      ready[which] = tokenizer;
      reply({ type: 'loaded', which, vocabSize: tokenizer.vocabSize });
    },
    (error: unknown) => reply({ type: 'load-failed', which, message: error instanceof Error ? error.message : String(error) }),
  );
}

self.onmessage = (event: MessageEvent<LabRequest>) => {
  const message = event.data;
  if (message.type === 'load') {
    load('book', () => loadBook(message.bookUrl));
    load('gpt2', loadGpt2Tokenizer);
    return;
  }
  const text = clipText(message.text);
  const list = (which: TokenizerName) => (ready[which] ? tokenList(ready[which], text) : null);
  reply({ type: 'tokens', seq: message.seq, book: list('book'), gpt2: list('gpt2'), clipped: text.length < message.text.length });
};
