// Small multiples: one thumbnail of the attention weights per layer and head. Choosing one
// enlarges it below. Buttons, so the grid works with a keyboard and says which head is chosen.
import { useEffect, useRef } from 'preact/hooks';
import type { Activation } from '../../llm/index.ts';
import { drawWeights, prepare, useTheme } from './canvas.ts';
import { headName, headWeight } from './view.ts';

interface Props {
  attention: Activation; // [L, H, T, T]
  selected: { layer: number; head: number };
  onSelect: (layer: number, head: number) => void;
}

const THUMB_PX = 56;

function Thumb({ attention, layer, head }: { attention: Activation; layer: number; head: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const T = attention.shape[2];
    const ctx = ref.current && prepare(ref.current, THUMB_PX, THUMB_PX);
    if (!ctx) return;
    ctx.clearRect(0, 0, THUMB_PX, THUMB_PX);
    drawWeights(ctx, (i, j) => headWeight(attention, layer, head, i, j), T, THUMB_PX / T);
  }, [attention, layer, head, theme]);
  return <canvas ref={ref} class="inspect__thumb" width={THUMB_PX} height={THUMB_PX} aria-hidden="true" />;
}

export default function HeadGrid({ attention, selected, onSelect }: Props) {
  const [L, H] = attention.shape;
  return (
    <div class="inspect__scroll" tabIndex={0} role="group" aria-label="Every head of every layer">
      <table class="inspect__grid">
        <thead>
          <tr>
            <td />
            {Array.from({ length: H }, (_, h) => (
              <th scope="col" key={h}>Head {h + 1}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: L }, (_, l) => (
            <tr key={l}>
              <th scope="row">Layer {l + 1}</th>
              {Array.from({ length: H }, (_, h) => {
                const on = selected.layer === l && selected.head === h;
                return (
                  <td key={h}>
                    <button type="button" class="inspect__thumb-button" aria-pressed={on} aria-label={headName(l, h)} onClick={() => onSelect(l, h)}>
                      <Thumb attention={attention} layer={l} head={h} />
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
