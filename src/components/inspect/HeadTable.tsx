// One attention head's weights as a table: a row per query (the looking token), a column per key, each row
// adding up to 1, the masked future left empty. The table is what a screen reader and the e2e tests read.
// Shared by the inspection islands (AttentionTable) and the in-tab trainer (trainer/HeadPattern).
import type { ComponentChildren } from 'preact';
import { formatWeight } from './view.ts';

interface Props {
  tokens: string[]; // as displayed ('␣the'): row and column headers
  weight: (query: number, key: number) => number;
  caption: ComponentChildren;
  corner: string; // what the empty corner cell names, for screen readers ("query", "looking token")
  class: string;
  shade?: boolean; // each cell's --w is its weight (CSS deepens its background); the future gets head-table__future
  'data-testid': string;
  [data: `data-${string}`]: string | number;
}

export function HeadTable({ tokens, weight, caption, corner, shade = false, class: className, ...data }: Props) {
  return (
    <table class={`head-table ${className}`} {...data}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="sr-only">{corner}</span>
          </th>
          {tokens.map((t, j) => (
            <th scope="col" key={j}>{t}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tokens.map((t, i) => (
          <tr key={i}>
            <th scope="row">{t}</th>
            {tokens.map((_, j) => {
              const w = weight(i, j);
              const future = j > i;
              return (
                <td key={j} style={shade && !future ? `--w: ${w.toFixed(3)}` : undefined} class={shade && future ? 'head-table__future' : undefined}>
                  {formatWeight(w, future)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
