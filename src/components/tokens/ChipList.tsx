// A row of token chips: one tab stop for the whole list (roving tabindex; arrows, Home and End move),
// the focused or hovered token's id spelled out in a line below, and every id on the chips on request.
import { useRef, useState } from 'preact/hooks';
import { rovingIndex, type Chip } from './token-list.ts';

interface Props {
  chips: Chip[];
  count: number; // tokens in the whole text (chips may hold only the first ones)
  label: string; // names the list for screen readers: "GPT-2 tokens"
  showIds: boolean;
  newId?: number; // chips with this id are highlighted (the token the last merge made)
}

/** How one token reads aloud and in the detail line. */
function chipDescription(chip: Chip, index: number, count: number): string {
  const part = chip.partial ? ' (bytes that are only part of a character)' : '';
  return `Token ${index + 1} of ${count}: ${chip.display}${part}, id ${chip.id}`;
}

export default function ChipList({ chips, count, label, showIds, newId }: Props) {
  const [active, setActive] = useState(0);
  const [hovered, setHovered] = useState<number | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const current = Math.min(active, Math.max(chips.length - 1, 0));
  const shown = hovered !== null && hovered < chips.length ? hovered : current;

  const onKeyDown = (event: KeyboardEvent) => {
    const next = rovingIndex(event.key, current, chips.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    (list.current?.children[next] as HTMLElement | undefined)?.focus();
  };

  if (chips.length === 0) return <p class="tokens-chips__empty">No tokens: the text is empty.</p>;
  return (
    <div class="tokens-chips">
      <ol ref={list} class="nt-chips tokens-chips__list" role="listbox" aria-label={`${label} (${count})`} onKeyDown={onKeyDown} onMouseLeave={() => setHovered(null)}>
        {chips.map((chip, i) => (
          <li
            key={i}
            role="option"
            tabIndex={i === current ? 0 : -1}
            aria-selected={i === current}
            aria-posinset={i + 1}
            aria-setsize={count}
            class={`nt-chip tokens-chip${chip.partial ? ' tokens-chip--partial' : ''}${chip.id === newId ? ' tokens-chip--new' : ''}`}
            data-token-id={chip.id}
            title={`id ${chip.id}`}
            onFocus={() => setActive(i)}
            onMouseEnter={() => setHovered(i)}
          >
            <span class="tokens-chip__text">{chip.display}</span>
            <span class="sr-only">{chip.partial ? ', part of a character' : ''}, id </span>
            <span class={showIds ? 'tokens-chip__id' : 'tokens-chip__id sr-only'}>{chip.id}</span>
          </li>
        ))}
      </ol>
      <p class="tokens-chips__detail" data-testid="chip-detail">
        {chipDescription(chips[shown], shown, count)}
      </p>
      {chips.length < count && (
        <p class="tokens-chips__more">
          Showing the first {chips.length.toLocaleString('en-US')} of {count.toLocaleString('en-US')} tokens; the count covers the whole text.
        </p>
      )}
    </div>
  );
}
