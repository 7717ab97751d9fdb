// Applying learned BPE merges to one chunk's tokens (encoding), and the one merge step training repeats:
// replace every occurrence of a pair, left to right. GPT-2's rule: the earliest-learned merge fires first,
// on all its occurrences.

/** Replaces every (left, right), scanning left to right without overlaps: "a a a" + (a,a) -> "aa a". */
export function mergePair(word: readonly number[], left: number, right: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    if (word[i] === left && word[i + 1] === right) {
      out.push(id);
      i++;
    } else out.push(word[i]);
  }
  return out;
}

/** The merge index of a pair of ids, or undefined if the pair was never learned. */
type PairRank = (left: number, right: number) => number | undefined;

/**
 * ids with every applicable merge applied, in learning order. merges[k] = (left, right) becomes mergedId[k].
 * Short chunks take GPT-2's own loop; long ones (a pasted base64 blob is one chunk) an O(n log n) heap.
 */
export function applyMerges(ids: number[], merges: readonly (readonly [number, number])[], mergedId: Int32Array, rank: PairRank): number[] {
  return ids.length <= 64 ? mergeShort(ids, merges, mergedId, rank) : mergeLong(ids, mergedId, rank);
}

/** GPT-2's loop: find the earliest-learned pair, merge all its occurrences, repeat. */
function mergeShort(ids: number[], merges: readonly (readonly [number, number])[], mergedId: Int32Array, rank: PairRank): number[] {
  while (ids.length > 1) {
    let best = Infinity;
    for (let i = 0; i + 1 < ids.length; i++) {
      const k = rank(ids[i], ids[i + 1]);
      if (k !== undefined && k < best) best = k;
    }
    if (best === Infinity) break;
    const [left, right] = merges[best];
    ids = mergePair(ids, left, right, mergedId[best]);
  }
  return ids;
}

/**
 * The same result for long chunks: a linked list of tokens and a heap of (merge index, position). Merges
 * still fire in learning order and, within one merge, left to right; a pair a merge creates is always
 * learned later, so the order is GPT-2's.
 */
function mergeLong(ids: number[], mergedId: Int32Array, rank: PairRank): number[] {
  const n = ids.length;
  const tok = Int32Array.from(ids);
  const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const alive = new Uint8Array(n).fill(1);
  const heap = new MinHeap();
  const consider = (i: number) => {
    if (i < 0 || next[i] < 0) return;
    const k = rank(tok[i], tok[next[i]]);
    if (k !== undefined) heap.push(k, i);
  };
  for (let i = 0; i + 1 < n; i++) consider(i);
  for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
    const [k, i] = top;
    const j = next[i];
    if (!alive[i] || j < 0 || rank(tok[i], tok[j]) !== k) continue; // stale entry
    tok[i] = mergedId[k];
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    consider(prev[i]);
    consider(i);
  }
  const out: number[] = [];
  for (let i = 0; i >= 0; i = next[i]) out.push(tok[i]);
  return out;
}

/** Min-heap of (merge index, position): earliest-learned merge first, then leftmost. */
class MinHeap {
  private items: [number, number][] = [];

  private below(a: [number, number], b: [number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  push(k: number, i: number) {
    const items = this.items;
    items.push([k, i]);
    for (let c = items.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (!this.below(items[c], items[p])) break;
      [items[c], items[p]] = [items[p], items[c]];
      c = p;
    }
  }

  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        let m = p;
        if (l < items.length && this.below(items[l], items[m])) m = l;
        if (l + 1 < items.length && this.below(items[l + 1], items[m])) m = l + 1;
        if (m === p) break;
        [items[m], items[p]] = [items[p], items[m]];
        p = m;
      }
    }
    return top;
  }
}
