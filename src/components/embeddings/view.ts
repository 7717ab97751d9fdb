// Pure view logic of the embedding explorer: number formatting, fitting the map into its box, and
// which point the arrow keys move to. No DOM, no model.
import type { EmbeddingPoint } from '../../worker/protocol.ts';

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

/** The q-quantile of sorted values (linear between neighbours). */
function quantile(sorted: number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/** The range an axis shows: 0.5th to 99.5th percentile plus a margin, so a few far-out tokens do not squash the rest. */
function axisRange(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const lo = quantile(sorted, 0.005), hi = quantile(sorted, 0.995);
  const margin = (hi - lo) * 0.08 || 1;
  return [lo - margin, hi + margin];
}

export interface ScreenPoint {
  sx: number;
  sy: number;
  /** Outside the shown range: drawn on the edge of the box (the table has its true place). */
  clamped: boolean;
}

/** Scales points into the box, each axis to its own range; y grows upwards. */
export function fitPoints(points: readonly EmbeddingPoint[], box: Box = MAP_BOX): ScreenPoint[] {
  if (points.length === 0) return [];
  const [x0, x1] = axisRange(points.map((p) => p.x));
  const [y0, y1] = axisRange(points.map((p) => p.y));
  const w = box.width - 2 * box.pad, h = box.height - 2 * box.pad;
  return points.map((p) => {
    const fx = (p.x - x0) / (x1 - x0), fy = (p.y - y0) / (y1 - y0);
    const cx = Math.min(1, Math.max(0, fx)), cy = Math.min(1, Math.max(0, fy));
    return { sx: box.pad + cx * w, sy: box.height - (box.pad + cy * h), clamped: cx !== fx || cy !== fy };
  });
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
