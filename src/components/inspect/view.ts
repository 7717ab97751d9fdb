// View logic of the inspection islands as pure functions: reading one head's weights out of the
// [L, H, T, T] block, formatting, what a screen reader hears for a cell, and the knock-out set in
// the URL. No DOM, no model. Layers and heads are 0-based in code and shown from 1.

import type { Activation } from '../../llm/index.ts';
// knockout.ts holds no TF.js: safe to import into an island.
import { formatKnockouts, normaliseKnockouts, parseKnockouts, type Knockouts } from '../../llm/knockout.ts';
import type { TokenView } from '../../worker/protocol.ts';
import { quoteToken } from '../predict/view.ts';

export const TOP_N = 5;

/** One head's weight of key j for query i (0 for the future, which the mask hides). */
export function headWeight(attention: Activation, layer: number, head: number, i: number, j: number): number {
  const [, H, T] = attention.shape;
  return attention.data[((layer * H + head) * T + i) * T + j];
}

/** A weight as the table and the heatmap show it: "0.31"; the masked future is empty. */
export function formatWeight(w: number, masked: boolean): string {
  return masked ? '' : w.toFixed(2);
}

/** "query ' court', key ' the', 0.31" (or "..., masked: a later token") for the selected cell. */
export function cellLabel(query: TokenView, key: TokenView, w: number, masked: boolean): string {
  return `query ${quoteToken(query.text)}, key ${quoteToken(key.text)}, ${masked ? 'masked: a later token' : formatWeight(w, false)}`;
}

export function headName(layer: number, head: number): string {
  return `Layer ${layer + 1}, head ${head + 1}`;
}

/** Row names of the logit lens: what the residual stream has been through so far. */
export function stageName(stage: number): string {
  return stage === 0 ? 'After the embedding' : `After block ${stage}`;
}

/** A vector norm with three significant digits: 12.3, 0.456. */
export function formatNorm(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toPrecision(3);
}

/** Signed change in percentage points: "+4.2 points", "−18.6 points". */
export function formatChange(before: number, after: number): string {
  const d = (after - before) * 100;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return `${sign}${Math.abs(d).toFixed(1)} points`;
}

/** Moves a selected cell (query row i, key column j) by an arrow key, staying inside T x T. */
export function moveCell(cell: { i: number; j: number }, key: string, T: number): { i: number; j: number } | null {
  const clamp = (n: number) => Math.min(T - 1, Math.max(0, n));
  switch (key) {
    case 'ArrowUp': return { i: clamp(cell.i - 1), j: cell.j };
    case 'ArrowDown': return { i: clamp(cell.i + 1), j: cell.j };
    case 'ArrowLeft': return { i: cell.i, j: clamp(cell.j - 1) };
    case 'ArrowRight': return { i: cell.i, j: clamp(cell.j + 1) };
    case 'Home': return { i: cell.i, j: 0 };
    case 'End': return { i: cell.i, j: cell.i }; // the query itself: the last key it may see
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The knock-out set in the URL: ?knockouts=L1H2,L2MLP (numbered from 1, as on screen).

const KNOCKOUT_PARAM = 'knockouts';

/** The knock-outs a URL asks for; a part the reader's model lacks or cannot be read gives a message. */
export function knockoutsFromUrl(search: string, layers: number, heads: number): { knockouts: Required<Knockouts>; problem: string | null } {
  const text = new URLSearchParams(search).get(KNOCKOUT_PARAM) ?? '';
  try {
    const k = parseKnockouts(text);
    const fits = k.heads.every((h) => h.layer < layers && h.head < heads) && [...k.mlps, ...k.blocks].every((l) => l < layers);
    if (fits) return { knockouts: k, problem: null };
    return { knockouts: normaliseKnockouts({}), problem: `The link asks to switch off "${text}", but this model has ${layers} layers of ${heads} heads; nothing is switched off.` };
  } catch (error) {
    return { knockouts: normaliseKnockouts({}), problem: `${(error as Error).message} Nothing is switched off.` };
  }
}

/** The page's search string with the knock-out set written in (or removed when empty). */
export function knockoutsToUrl(search: string, k: Knockouts): string {
  const params = new URLSearchParams(search);
  const text = formatKnockouts(k);
  if (text) params.set(KNOCKOUT_PARAM, text);
  else params.delete(KNOCKOUT_PARAM);
  const out = params.toString().replaceAll('%2C', ',');
  return out ? `?${out}` : '';
}

/** Switches one part on or off: { heads } of a layer, its MLP, or the whole block. */
export function toggle(k: Required<Knockouts>, part: { layer: number; head?: number; mlp?: boolean }): Required<Knockouts> {
  const { layer, head, mlp } = part;
  if (head !== undefined) {
    const on = k.heads.some((h) => h.layer === layer && h.head === head);
    return normaliseKnockouts({ ...k, heads: on ? k.heads.filter((h) => h.layer !== layer || h.head !== head) : [...k.heads, { layer, head }] });
  }
  const key = mlp ? 'mlps' : 'blocks';
  const list = k[key];
  return normaliseKnockouts({ ...k, [key]: list.includes(layer) ? list.filter((l) => l !== layer) : [...list, layer] });
}

// ---------------------------------------------------------------------------------------------
// The build's result crosses into the island as props, which Astro serialises as JSON (typed
// arrays are not kept): plain arrays there, Float32Array again on the island's side.

type Arrays = { shape: number[]; data: ArrayLike<number> } | null;

function mapActivations<R>(r: R, f: (a: NonNullable<Arrays>) => NonNullable<Arrays>): R {
  const x = r as unknown as { attention: Arrays; focus: { dots: Arrays; values: Arrays; mixed: Arrays } | null };
  const m = (a: Arrays) => (a ? f(a) : a);
  return {
    ...r,
    attention: m(x.attention),
    focus: x.focus && { ...x.focus, dots: m(x.focus.dots), values: m(x.focus.values), mixed: m(x.focus.mixed) },
  } as R;
}

/** The result with plain arrays, for a component prop. */
export function toProps<R>(r: R): R {
  return mapActivations(r, (a) => ({ shape: a.shape, data: Array.from(a.data) }));
}

/** The result with Float32Arrays again, as the worker sends it. */
export function fromProps<R>(r: R | null): R | null {
  return r && mapActivations(r, (a) => ({ shape: a.shape, data: Float32Array.from(a.data) }));
}
