// The prompt's tokens, shown the way the token chips show them. Hovering or focusing one makes it
// the query; every token it may look at is shaded by how much attention it gets from it.
// One tab stop: arrow keys move along the tokens.
import type { TokenView } from '../../worker/protocol.ts';
import { quoteToken } from '../predict/view.ts';

interface Props {
  tokens: TokenView[];
  query: number;
  weight: (j: number) => number; // the selected head's weight of key j for the query
  onQuery: (i: number) => void;
}

export default function QueryTokens({ tokens, query, weight, onQuery }: Props) {
  function key(e: KeyboardEvent) {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = Math.min(tokens.length - 1, Math.max(0, query + step));
    onQuery(next);
    const list = (e.currentTarget as HTMLElement).parentElement?.parentElement;
    (list?.querySelectorAll('button')[next] as HTMLButtonElement | undefined)?.focus();
  }
  return (
    <ol class="nt-chips inspect__tokens" aria-label="Tokens: choose the query (arrow keys)">
      {tokens.map((t, j) => {
        const w = j <= query ? weight(j) : 0;
        return (
          <li key={j}>
            <button
              type="button"
              class={j === query ? 'inspect__token inspect__token--query' : 'inspect__token'}
              style={{ '--w': w.toFixed(3) }}
              tabIndex={j === query ? 0 : -1}
              aria-pressed={j === query}
              aria-label={`${quoteToken(t.text)}${j === query ? ', the query' : j < query ? `, weight ${w.toFixed(2)}` : ', later token'}`}
              onMouseEnter={() => onQuery(j)}
              onFocus={() => onQuery(j)}
              onKeyDown={key}
            >
              {t.display}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
