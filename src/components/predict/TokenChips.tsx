// The prompt as the model sees it: one chip per token, the token id on hover or keyboard focus.
import type { TokenView } from '../model/protocol.ts';
import { quoteToken } from './view.ts';

interface Props {
  tokens: TokenView[];
  /** Index from which tokens are new (generated or appended), highlighted. */
  newFrom?: number;
  label?: string;
}

export default function TokenChips({ tokens, newFrom = tokens.length, label = 'Prompt tokens' }: Props) {
  return (
    <ol class="predict__chips" aria-label={`${label} (${tokens.length})`} data-testid="token-chips">
      {tokens.map((t, i) => (
        <li
          key={i}
          class={i >= newFrom ? 'predict__chip predict__chip--new' : 'predict__chip'}
          tabIndex={0}
          data-token-id={t.id}
          title={`${quoteToken(t.text)}: token id ${t.id}`}
        >
          <span class="predict__chip-text">{t.display}</span>
          <span class="predict__chip-id">
            <span class="sr-only">{quoteToken(t.text)}, token </span>id {t.id}
          </span>
        </li>
      ))}
    </ol>
  );
}
