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
