// The 2D map: one dot per word token at its first two principal components. One dot is in the tab
// order at a time (roving focus): arrow keys move to the nearest dot that way, Enter looks it up.
// Labels show for the dot under the pointer or focus, and for the query and its neighbours.
import { useMemo, useState } from 'preact/hooks';
import type { EmbeddingPoint } from '../../worker/protocol.ts';
import { arrowDirection, fitPoints, fmt, MAP_BOX, nextPoint } from './view.ts';

interface Props {
  points: EmbeddingPoint[];
  /** Ids to mark: the query and its neighbours. */
  marked: Set<number>;
  queryId: number;
  onPick: (point: EmbeddingPoint) => void;
  labelId: string;
}

export default function EmbeddingMap({ points, marked, queryId, onPick, labelId }: Props) {
  const screen = useMemo(() => fitPoints(points), [points]);
  const [active, setActive] = useState(0); // the dot in the tab order
  const [shown, setShown] = useState<number | null>(null); // hovered or focused
  const move = (to: number) => {
    setActive(to);
    setShown(to);
    (document.getElementById(`${labelId}-p${to}`) as SVGElement | null)?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    const dir = arrowDirection(e.key);
    if (dir) {
      e.preventDefault();
      const to = nextPoint(screen, i, dir);
      if (to !== null) move(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(points[i]);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      move(e.key === 'Home' ? 0 : points.length - 1);
    }
  };
  const labelled = points.map((_, i) => i).filter((i) => marked.has(points[i].token.id) || i === shown);
  return (
    <svg class="embed__map" viewBox={`0 0 ${MAP_BOX.width} ${MAP_BOX.height}`} role="group" aria-labelledby={labelId} data-testid="embed-map">
      {points.map((p, i) => (
        <circle
          key={p.token.id}
          id={`${labelId}-p${i}`}
          class={`embed__dot${p.token.id === queryId ? ' embed__dot--query' : marked.has(p.token.id) ? ' embed__dot--near' : ''}${screen[i].clamped ? ' embed__dot--edge' : ''}`}
          cx={screen[i].sx}
          cy={screen[i].sy}
          r={marked.has(p.token.id) ? 5 : 3.5}
          tabIndex={i === active ? 0 : -1}
          role="button"
          aria-label={`${p.token.display}, id ${p.token.id}: x ${fmt(p.x, 2)}, y ${fmt(p.y, 2)}`}
          data-token-id={p.token.id}
          onMouseEnter={() => setShown(i)}
          onMouseLeave={() => setShown(null)}
          onFocus={() => {
            setActive(i);
            setShown(i);
          }}
          onBlur={() => setShown(null)}
          onClick={() => onPick(p)}
          onKeyDown={(e) => onKey(e, i)}
        />
      ))}
      {labelled.map((i) => (
        <text
          key={`l${i}`}
          class={i === shown ? 'embed__label embed__label--shown' : 'embed__label'}
          x={Math.min(screen[i].sx + 7, MAP_BOX.width - 4)}
          y={Math.max(screen[i].sy - 7, 12)}
          text-anchor={screen[i].sx > MAP_BOX.width - 90 ? 'end' : 'start'}
          aria-hidden="true"
        >
          {points[i].token.display}
        </text>
      ))}
    </svg>
  );
}

/** The table alternative: every dot's token and coordinates. */
export function MapTable({ points, explained }: { points: EmbeddingPoint[]; explained: [number, number] }) {
  return (
    <details class="embed__details">
      <summary>The map as a table ({points.length} tokens)</summary>
      <div class="embed__scroll" tabIndex={0} role="region" aria-label="Map table, scrollable">
        <table class="nt-number-table embed__table" data-testid="embed-map-table" data-explained={explained.join(' ')}>
          <caption>Each token's position on the first two principal components</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Id</th>
              <th scope="col">x (PC 1)</th>
              <th scope="col">y (PC 2)</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.token.id} data-token-id={p.token.id}>
                <th scope="row">{p.token.display}</th>
                <td>{p.token.id}</td>
                <td data-value={p.x}>{fmt(p.x, 4)}</td>
                <td data-value={p.y}>{fmt(p.y, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
