// Knock-outs: which parts of the model to switch off for one forward pass, so a reader can see
// what a head, an MLP or a whole block contributes. Layers and heads are numbered from 0 here
// (the views number them from 1). Knows nothing about tensors.

import type { GPTConfig } from './config.ts';

/** Parts to switch off. A head's output is zeroed before the attention output projection (c_proj);
 *  an MLP or a whole block adds nothing to the residual stream. */
export interface Knockouts {
  heads?: { layer: number; head: number }[];
  mlps?: number[]; // layers whose MLP adds nothing
  blocks?: number[]; // layers that add nothing at all (attention and MLP)
}

/** What one block switches off. */
export interface BlockKnockout {
  heads: number[]; // heads of this layer whose output is zeroed
  mlp: boolean;
  block: boolean;
}

/** Throws a RangeError naming the first part that does not exist in this model. */
export function checkKnockouts(config: GPTConfig, k: Knockouts): void {
  const layerOk = (l: number) => Number.isInteger(l) && l >= 0 && l < config.n_layer;
  for (const { layer, head } of k.heads ?? []) {
    if (!layerOk(layer) || !Number.isInteger(head) || head < 0 || head >= config.n_head) {
      throw new RangeError(`Knock-out head (layer ${layer}, head ${head}) does not exist: layers 0..${config.n_layer - 1}, heads 0..${config.n_head - 1}.`);
    }
  }
  for (const [what, layers] of [['MLP', k.mlps], ['block', k.blocks]] as const) {
    for (const l of layers ?? []) {
      if (!layerOk(l)) throw new RangeError(`Knock-out ${what} of layer ${l} does not exist: layers 0..${config.n_layer - 1}.`);
    }
  }
}

/** The knock-outs of one layer, or undefined when nothing in it is switched off. */
export function blockKnockout(k: Knockouts | undefined, layer: number): BlockKnockout | undefined {
  if (!k) return undefined;
  const heads = (k.heads ?? []).filter((h) => h.layer === layer).map((h) => h.head);
  const mlp = (k.mlps ?? []).includes(layer);
  const block = (k.blocks ?? []).includes(layer);
  return heads.length > 0 || mlp || block ? { heads, mlp, block } : undefined;
}

/** True when nothing is switched off. */
export function isEmptyKnockouts(k: Knockouts | undefined): boolean {
  return !k || ((k.heads ?? []).length === 0 && (k.mlps ?? []).length === 0 && (k.blocks ?? []).length === 0);
}

// ---------------------------------------------------------------------------------------------
// Knock-outs as text, numbered from 1 as readers see them: "L2H3" is head 3 of layer 2, "L1MLP"
// the MLP of layer 1, "L4" all of layer 4; a list is comma-separated ("L2H3,L1MLP"). The CLI's
// --knockouts and the pages' URL use it.

const PART = /^L(\d+)(?:H(\d+)|(MLP))?$/i;

/** "L2H3,L1MLP,L4" -> knock-outs (0-based). Throws a RangeError naming a part it cannot read. */
export function parseKnockouts(text: string): Required<Knockouts> {
  const k: Required<Knockouts> = { heads: [], mlps: [], blocks: [] };
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = PART.exec(part);
    if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < 1)) {
      throw new RangeError(`Cannot read the knock-out "${part}": write L2H3 for head 3 of layer 2, L2MLP for its MLP, L2 for the whole block.`);
    }
    const layer = Number(m[1]) - 1;
    if (m[2] !== undefined) k.heads.push({ layer, head: Number(m[2]) - 1 });
    else if (m[3]) k.mlps.push(layer);
    else k.blocks.push(layer);
  }
  return normaliseKnockouts(k);
}

/** Sorted, without repeats, every list present: one spelling per set, so equal sets compare equal. */
export function normaliseKnockouts(k: Knockouts): Required<Knockouts> {
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const heads = [...new Map((k.heads ?? []).map((h) => [`${h.layer}:${h.head}`, h])).values()];
  heads.sort((a, b) => a.layer - b.layer || a.head - b.head);
  return { heads, mlps: uniq(k.mlps ?? []), blocks: uniq(k.blocks ?? []) };
}

/** Knock-outs -> "L1H2,L1MLP,L3" (layer by layer; empty string when nothing is off). */
export function formatKnockouts(k: Knockouts): string {
  const n = normaliseKnockouts(k);
  const parts: [number, number, string][] = [
    ...n.heads.map((h): [number, number, string] => [h.layer, h.head, `L${h.layer + 1}H${h.head + 1}`]),
    ...n.mlps.map((l): [number, number, string] => [l, 1000, `L${l + 1}MLP`]),
    ...n.blocks.map((l): [number, number, string] => [l, 1001, `L${l + 1}`]),
  ];
  return parts.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[2]).join(',');
}

/** KL(p ‖ q) in nats: how much the distribution q (after a knock-out) differs from p (before). */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) kl += p[i] * Math.log(p[i] / Math.max(q[i], 1e-30));
  return Math.max(0, kl);
}
