// Pure view logic of the embedding explorer: number formatting, fitting the map into its box, and
// which point the arrow keys move to. No DOM, no model.
import type { EmbeddingPoint } from '../model/protocol.ts';

/** The word the explorer starts with (its result is computed at build time for the no-JS page). */
export const DEFAULT_WORD = 'two';
export const NEIGHBOURS = 10;
export const MAP_TOKENS = 500;
export const COSINE_HEAD = 4; // dimensions written out in the worked cosine
export const MAX_WORD = 100; // longer input is cut (only the first token matters)

/** 0.87654 -> "0.877"; -0.1 -> "−0.100" (a real minus sign, as in the book's math). */
export function fmt(x: number, digits = 3): string {
  const s = x.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A term of the dot product: "0.120 × (−0.031)" with negative factors in brackets. */
export function product(a: number, b: number): string {
  const wrap = (x: number) => (x < 0 ? `(${fmt(x)})` : fmt(x));
  return `${wrap(a)} × ${wrap(b)}`;
}

export interface Box {
  width: number;
  height: number;
  pad: number;
}

export const MAP_BOX: Box = { width: 640, height: 420, pad: 16 };

/** Scales points into the box, keeping the aspect ratio (so distances on screen stay honest). y grows upwards. */
export function fitPoints(points: readonly EmbeddingPoint[], box: Box = MAP_BOX): { sx: number; sy: number }[] {
  if (points.length === 0) return [];
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((box.width - 2 * box.pad) / (x1 - x0 || 1), (box.height - 2 * box.pad) / (y1 - y0 || 1));
  const ox = (box.width - scale * (x1 - x0)) / 2, oy = (box.height - scale * (y1 - y0)) / 2;
  return points.map((p) => ({ sx: ox + (p.x - x0) * scale, sy: box.height - (oy + (p.y - y0) * scale) }));
}

export type Direction = 'left' | 'right' | 'up' | 'down';

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

export function arrowDirection(key: string): Direction | null {
  return ARROWS[key] ?? null;
}

/**
 * The point the arrow key moves to: the closest one lying in that direction (within 60° of it), the
 * distance across the direction counting double so the move feels straight. Null at the edge.
 */
export function nextPoint(screen: readonly { sx: number; sy: number }[], from: number, dir: Direction): number | null {
  const o = screen[from];
  let best: number | null = null, bestCost = Infinity;
  screen.forEach((p, i) => {
    if (i === from) return;
    const dx = p.sx - o.sx, dy = p.sy - o.sy;
    const along = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const across = Math.abs(dir === 'left' || dir === 'right' ? dy : dx);
    if (along <= 0 || across > along * Math.tan(Math.PI / 3)) return;
    const cost = along + 2 * across;
    if (cost < bestCost) [best, bestCost] = [i, cost];
  });
  return best;
}

/** Percent with one decimal: 0.10207 -> "10.2%". */
export function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
