// The fabric of chapter 7's sand simulation: a made-up 2D loss surface with three sags of different
// depths, its exact gradient, and which sag a point lies in. Pure functions; nothing here draws.

/** A point on the fabric: the two weights of a toy model. */
export interface Point {
  x: number;
  y: number;
}

/** One sag: a Gaussian dip in the fabric. */
export interface Sag {
  name: string;
  x: number;
  y: number;
  depth: number;
  /** Standard deviation of the dip; a grain within `width` of the centre counts as in the sag. */
  width: number;
}

/** The fabric spans [-EXTENT, EXTENT] in both directions; grains are kept on it. */
export const EXTENT = 1;

/** Three sags: two deep ones that fit almost equally well, one shallow. */
export const SAGS: readonly Sag[] = [
  { name: 'deep sag', x: -0.45, y: 0.35, depth: 1.0, width: 0.3 },
  { name: 'second deep sag', x: 0.5, y: -0.35, depth: 0.92, width: 0.28 },
  { name: 'shallow sag', x: 0.4, y: 0.6, depth: 0.5, width: 0.18 },
];

const BASE = 1.2; // loss of the flat fabric far from any sag
const BOWL = 0.15; // a gentle bowl, so the fabric's edges slope inwards

/** The loss (height of the fabric) at p: lower is better. */
export function loss(p: Point): number {
  let l = BASE + BOWL * (p.x * p.x + p.y * p.y);
  for (const s of SAGS) l -= s.depth * dip(s, p);
  return l;
}

/** The exact gradient of `loss` at p (the direction of steepest climb). */
export function gradient(p: Point): Point {
  let gx = 2 * BOWL * p.x;
  let gy = 2 * BOWL * p.y;
  for (const s of SAGS) {
    // d/dp of -depth·exp(-r²/2w²) is depth·exp(...)·(p - c)/w²
    const k = (s.depth * dip(s, p)) / (s.width * s.width);
    gx += k * (p.x - s.x);
    gy += k * (p.y - s.y);
  }
  return { x: gx, y: gy };
}

/** Index into SAGS of the sag p lies in, or -1 when it is between sags. */
export function sagOf(p: Point): number {
  return SAGS.findIndex((s) => Math.hypot(p.x - s.x, p.y - s.y) < s.width);
}

function dip(s: Sag, p: Point): number {
  const dx = p.x - s.x;
  const dy = p.y - s.y;
  // Plain products, never **: V8 may compute x ** 2 differently once optimised, and a chaotic run
  // (too large a learning rate) would then differ between the page and the tests.
  const r2 = dx * dx + dy * dy;
  return Math.exp(-r2 / (2 * s.width * s.width));
}
