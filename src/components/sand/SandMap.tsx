// Draws the fabric seen from above (darker bands = deeper, lower loss) and the grains on it.
// Receives the state; computes nothing about the simulation beyond the drawing of the surface.
import { EXTENT, loss, SAGS, type Point } from './surface.ts';

const SIZE = 300; // SVG units across
const CELLS = 48; // heat-map resolution per side
const BANDS = 8; // loss levels drawn, like the contour bands of a map
const LOW = 0.2; // loss at (about) the deepest point
const HIGH = 1.35; // loss of the flat fabric near the edges

interface Band {
  x: number;
  y: number;
  w: number;
  level: number;
}

/** The heat map as runs of equal-band cells (fewer rectangles than one per cell), computed once. */
const BANDS_MAP: Band[] = (() => {
  const cell = SIZE / CELLS;
  const runs: Band[] = [];
  for (let row = 0; row < CELLS; row++) {
    let start = 0;
    let level = -1;
    for (let col = 0; col <= CELLS; col++) {
      const here = col < CELLS ? levelAt(fromSvg((col + 0.5) * cell, (row + 0.5) * cell)) : -2;
      if (here !== level) {
        if (level > 0) runs.push({ x: start * cell, y: row * cell, w: (col - start) * cell, level });
        start = col;
        level = here;
      }
    }
  }
  return runs;
})();

function levelAt(p: Point): number {
  const t = (HIGH - loss(p)) / (HIGH - LOW); // 0 on the flat fabric, 1 at the bottom of the deepest sag
  return Math.max(0, Math.min(BANDS - 1, Math.floor(t * BANDS)));
}

function toSvg(p: Point): Point {
  return { x: ((p.x + EXTENT) / (2 * EXTENT)) * SIZE, y: ((EXTENT - p.y) / (2 * EXTENT)) * SIZE };
}

function fromSvg(x: number, y: number): Point {
  return { x: (x / SIZE) * 2 * EXTENT - EXTENT, y: EXTENT - (y / SIZE) * 2 * EXTENT };
}

interface Props {
  grains: Point[];
  /** Accessible name of the picture; the numbers are in the description and table beside it. */
  label: string;
}

export function SandMap({ grains, label }: Props) {
  const cell = SIZE / CELLS;
  return (
    <svg class="sand__map" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label}>
      <rect x="0" y="0" width={SIZE} height={SIZE} class="sand__fabric" />
      {BANDS_MAP.map((b) => (
        <rect x={b.x} y={b.y} width={b.w + 0.3} height={cell + 0.3} class="sand__band" fill-opacity={(b.level / (BANDS - 1)) * 0.6} />
      ))}
      {SAGS.map((s) => {
        const c = toSvg(s);
        return (
          <text x={c.x} y={c.y - (s.width / (2 * EXTENT)) * SIZE - 4} class="sand__sag-label" text-anchor="middle">
            {s.name}
          </text>
        );
      })}
      {grains.map((g) => {
        const c = toSvg(g);
        return <circle cx={c.x.toFixed(1)} cy={c.y.toFixed(1)} r="3.5" class="sand__grain" />;
      })}
    </svg>
  );
}
