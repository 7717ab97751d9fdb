// The tokenizer lab (chapter 3): the reader's text cut by the book's tokenizer and by GPT-2's, side by
// side. The build renders the default text's tokens (TokenizerLab.astro); the worker does the rest.
import { useId, useMemo, useState } from 'preact/hooks';
import ChipList from './ChipList.tsx';
import TextBox from './TextBox.tsx';
import type { TokenizerName } from './protocol.ts';
import { summaryText, textKey, TEXT_LIMIT, type TokenList } from './token-list.ts';
import { useTokenizers, type LoadState } from './use-tokenizers.ts';

export interface LabInitial {
  text: string;
  book: TokenList;
  gpt2: TokenList;
  bookVocab: number;
  gpt2Vocab: number;
}

interface Props {
  model: string; // folder under public/models/ whose tokenizer.json is "the book's tokenizer"
  initial: LabInitial;
}

interface SideProps {
  which: TokenizerName;
  title: string;
  list: TokenList | null;
  load: LoadState;
  showIds: boolean;
}

function Side({ which, title, list, load, showIds }: SideProps) {
  return (
    <section class="tokens-lab__side" data-testid={`tokens-${which}`} aria-label={title}>
      <p class="tokens-lab__title">{title}</p>
      {load.phase === 'failed' && (
        <p class="nt-error tokens-lab__error" role="alert">
          Could not load this tokenizer: {load.message}
        </p>
      )}
      {list === null ? (
        load.phase === 'loading' && <p class="tokens-lab__status">Loading the vocabulary…</p>
      ) : (
        <>
          <p class="tokens-lab__count" data-testid="count" data-count={list.count} data-chars={list.chars}>
            {summaryText(list)}
          </p>
          <ChipList chips={list.chips} count={list.count} label={`${title}: tokens`} showIds={showIds} />
        </>
      )}
    </section>
  );
}

export default function TokenizerLab({ model, initial }: Props) {
  const id = useId();
  const [text, setText] = useState(initial.text);
  const [showIds, setShowIds] = useState(false);
  const { load, result, crashed, restart } = useTokenizers(`${import.meta.env.BASE_URL}models/${model}/tokenizer.json`, text);
  // before the worker has answered (or while one tokenizer still loads), the build's lists stand in
  const fallback = (which: TokenizerName) => (result === null || result.text === initial.text ? initial[which] : null);
  const shown = {
    text: result?.text ?? initial.text,
    book: result?.book ?? fallback('book'),
    gpt2: result?.gpt2 ?? fallback('gpt2'),
    clipped: result?.clipped ?? false,
  };
  const vocab = (which: TokenizerName, fallback: number) => {
    const state = load[which];
    return (state.phase === 'ready' ? state.vocabSize : fallback).toLocaleString('en-US');
  };
  // the same element object while its inputs stay the same: Preact then skips the chips on every keystroke
  const bookTitle = `This book's tokenizer (${model}, ${vocab('book', initial.bookVocab)} tokens)`;
  const gpt2Title = `GPT-2 and GPT-3 (${vocab('gpt2', initial.gpt2Vocab)} tokens)`;
  const bookSide = useMemo(() => <Side which="book" title={bookTitle} list={shown.book} load={load.book} showIds={showIds} />, [bookTitle, shown.book, load.book, showIds]);
  const gpt2Side = useMemo(() => <Side which="gpt2" title={gpt2Title} list={shown.gpt2} load={load.gpt2} showIds={showIds} />, [gpt2Title, shown.gpt2, load.gpt2, showIds]);
  const busy = shown.text !== text || load.book.phase === 'loading' || load.gpt2.phase === 'loading';

  return (
    <div class="nt-island tokens-lab not-content" data-testid="tokenizer-lab" data-busy={String(busy)} data-text-key={textKey(shown.text)}>
      <TextBox id={`${id}-text`} label="Text to tokenize" value={text} onInput={setText} />
      <div class="tokens-lab__options">
        <label>
          <input type="checkbox" checked={showIds} onChange={(e) => setShowIds((e.target as HTMLInputElement).checked)} /> Show every token's id
        </label>
      </div>
      {shown.clipped && <p class="tokens-lab__note">The text is long: only its first {TEXT_LIMIT.toLocaleString('en-US')} characters are tokenized.</p>}
      {crashed && (
        <p class="nt-error tokens-lab__error" role="alert">
          {crashed} <button type="button" onClick={restart}>Retry</button>
        </p>
      )}
      <div class="tokens-lab__sides" aria-busy={busy}>
        {bookSide}
        {gpt2Side}
      </div>
    </div>
  );
}
