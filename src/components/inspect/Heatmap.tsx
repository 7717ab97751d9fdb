// The enlarged heatmap of one head: rows are query tokens (the token doing the looking), columns
// key tokens (the tokens looked at). The selected query's row and the selected cell are outlined;
// arrow keys move the cell and a live region reads it out.
import { useEffect, useRef } from 'preact/hooks';
import type { Activation } from '../../llm/index.ts';
import type { TokenView } from '../../worker/protocol.ts';
import { drawWeights, prepare, useTheme } from './canvas.ts';
import { cellLabel, headName, headWeight, moveCell } from './view.ts';

interface Props {
  id: string;
  attention: Activation;
  layer: number;
  head: number;
  tokens: TokenView[];
  cell: { i: number; j: number };
  onCell: (cell: { i: number; j: number }) => void;
}

const MARGIN = 84; // room for the token labels, left and top

function cellSize(T: number): number {
  return Math.max(6, Math.min(28, Math.floor(300 / T)));
}

/** A label that fits the margin: long tokens end in "…". */
function fit(ctx: CanvasRenderingContext2D, text: string): string {
  if (ctx.measureText(text).width <= MARGIN - 6) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > MARGIN - 6) s = s.slice(0, -1);
  return `${s}…`;
}

function draw(canvas: HTMLCanvasElement, p: Props): void {
  const T = p.tokens.length;
  const s = cellSize(T);
  const ctx = prepare(canvas, MARGIN + T * s + 2, MARGIN + T * s + 2);
  if (!ctx) return;
  const text = getComputedStyle(canvas.parentElement ?? canvas).color;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  drawWeights(ctx, (i, j) => headWeight(p.attention, p.layer, p.head, i, j), T, s, MARGIN, MARGIN);
  ctx.fillStyle = text;
  ctx.strokeStyle = text;
  ctx.font = `${Math.min(13, Math.max(9, s - 4))}px ui-monospace, monospace`;
  ctx.textBaseline = 'middle';
  if (s >= 9) {
    p.tokens.forEach((t, k) => {
      ctx.textAlign = 'right';
      ctx.fillText(fit(ctx, t.display), MARGIN - 4, MARGIN + k * s + s / 2); // query (row) labels
      ctx.save();
      ctx.translate(MARGIN + k * s + s / 2, MARGIN - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      ctx.fillText(fit(ctx, t.display), 0, 0); // key (column) labels, read upwards
      ctx.restore();
    });
  }
  ctx.strokeRect(MARGIN + 0.5, MARGIN + p.cell.i * s + 0.5, T * s - 1, s - 1); // the query's row
  ctx.lineWidth = 3;
  ctx.strokeRect(MARGIN + p.cell.j * s + 1.5, MARGIN + p.cell.i * s + 1.5, s - 3, s - 3); // the cell
}

export default function Heatmap(props: Props) {
  const { id, attention, layer, head, tokens, cell, onCell } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  const T = tokens.length;
  useEffect(() => {
    if (ref.current) draw(ref.current, props);
  }, [attention, layer, head, tokens, cell.i, cell.j, theme]);

  function cellAt(e: MouseEvent): { i: number; j: number } | null {
    const s = cellSize(T);
    const i = Math.floor((e.offsetY - MARGIN) / s);
    const j = Math.floor((e.offsetX - MARGIN) / s);
    return i >= 0 && j >= 0 && i < T && j < T ? { i, j } : null;
  }

  const w = headWeight(attention, layer, head, cell.i, cell.j);
  const label = cellLabel(tokens[cell.i], tokens[cell.j], w, cell.j > cell.i);
  return (
    <div class="inspect__heatmap">
      {/* eslint-disable-next-line jsx-a11y-x/no-noninteractive-element-interactions -- a canvas heatmap: arrow keys move a cursor over its cells, announced through a live region (no per-cell DOM to make interactive) */}
      <div
        class="inspect__scroll inspect__heatmap-box"
        tabIndex={0}
        role="group"
        aria-roledescription="heatmap"
        aria-label={`${headName(layer, head)}: attention weights, rows are queries, columns are keys`}
        aria-describedby={`${id}-hint`}
        data-testid="heatmap"
        onKeyDown={(e) => {
          const next = moveCell(cell, e.key, T);
          if (next) {
            e.preventDefault();
            onCell(next);
          }
        }}
      >
        <canvas ref={ref} aria-hidden="true" onMouseMove={(e) => { const c = cellAt(e); if (c) onCell(c); }} />
      </div>
      <p id={`${id}-hint`} class="inspect__hint">Arrow keys move the selected cell; Home and End jump to the first key and to the query itself.</p>
      <p class="inspect__cell" aria-live="polite" data-testid="cell-label">{label}</p>
    </div>
  );
}
