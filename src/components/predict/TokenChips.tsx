// The prompt as the model sees it: one chip per token, its id shown on focus and in its accessible
// name. The list is one tab stop: arrow keys, Home and End move between chips (roving tabindex).
import { useRef, useState } from 'preact/hooks';
import type { TokenView } from '../../worker/protocol.ts';
import { quoteToken } from './view.ts';

interface Props {
  tokens: TokenView[];
  /** Index from which tokens are new (generated or appended), highlighted. */
  newFrom?: number;
  label?: string;
  /** Extra text under each chip (e.g. a probability), and a class for it; the id is shown otherwise. */
  note?: (index: number) => { text: string; className: string } | null;
}

const KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => Math.min(n - 1, i + 1),
  ArrowDown: (i, n) => Math.min(n - 1, i + 1),
  ArrowLeft: (i) => Math.max(0, i - 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export default function TokenChips({ tokens, newFrom = tokens.length, label = 'Prompt tokens', note }: Props) {
  const [active, setActive] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const focusIndex = Math.min(active, Math.max(0, tokens.length - 1));

  function onKeyDown(event: KeyboardEvent) {
    const move = KEYS[event.key];
    if (!move || tokens.length === 0) return;
    event.preventDefault();
    const next = move(focusIndex, tokens.length);
    setActive(next);
    (list.current?.children[next] as HTMLElement | undefined)?.focus();
  }

  return (
    <ol class="nt-chips predict__chips" role="listbox" aria-label={`${label} (${tokens.length}; arrow keys move between them)`} data-testid="token-chips" ref={list} onKeyDown={onKeyDown}>
      {tokens.map((t, i) => {
        const extra = note?.(i) ?? null;
        return (
          <li
            key={i}
            class={['nt-chip predict__chip', i >= newFrom ? 'predict__chip--new' : '', extra?.className ?? ''].join(' ').trim()}
            role="option"
            aria-selected={i === focusIndex}
            tabIndex={i === focusIndex ? 0 : -1}
            data-token-id={t.id}
            title={`${quoteToken(t.text)}: token id ${t.id}`}
            onFocus={() => setActive(i)}
          >
            <span class="predict__chip-text">{t.display}</span>
            <span class="predict__chip-id">
              <span class="sr-only">{quoteToken(t.text)}, token </span>id {t.id}
            </span>
            {extra && <span class="predict__chip-note">{extra.text}</span>}
          </li>
        );
      })}
    </ol>
  );
}
