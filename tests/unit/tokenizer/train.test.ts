import { describe, expect, test } from 'vitest';
import { learnMerges, train, type MergeEvent } from '../../../src/llm/tokenizer/bpe-train.ts';
import { BYTE_ORDER, wtf8Encode } from '../../../src/llm/tokenizer/bytes.ts';
import { countChunks, pretokenize } from '../../../src/llm/tokenizer/pretokenize.ts';
import { displaySymbols } from '../../../src/llm/tokenizer/token-display.ts';
import { SMALL_TEXT } from './helpers.ts';

const mergeStrings = (tok: ReturnType<typeof train>) => tok.merges.map(([l, r]) => `${tok.symbols[l]} ${tok.symbols[r]}`);

/**
 * The obviously-correct trainer: recount every pair of every word from scratch at each step, take the
 * highest count (ties: smallest left id, then right id), replace it everywhere. Slow, but no bookkeeping.
 */
function naiveMerges(text: string, merges: number): [number, number][] {
  const byteId = new Map(BYTE_ORDER.map((b, id) => [b, id]));
  const words = [...countChunks([text])].map(([chunk, n]) => ({ ids: Array.from(wtf8Encode(chunk), (b) => byteId.get(b)!), n }));
  const learned: [number, number][] = [];
  for (let step = 0; step < merges; step++) {
    const counts = new Map<string, number>();
    for (const w of words) for (let i = 0; i + 1 < w.ids.length; i++) {
      const key = `${w.ids[i]},${w.ids[i + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + w.n);
    }
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [l, r] = key.split(',').map(Number) as [number, number];
      if (count > bestCount || (count === bestCount && best && (l < best[0] || (l === best[0] && r < best[1])))) {
        best = [l, r];
        bestCount = count;
      }
    }
    if (!best) break;
    learned.push(best);
    const id = 256 + step;
    for (const w of words) {
      const out: number[] = [];
      for (let i = 0; i < w.ids.length; i++) {
        if (w.ids[i] === best[0] && w.ids[i + 1] === best[1]) {
          out.push(id);
          i++;
        } else out.push(w.ids[i]);
      }
      w.ids = out;
    }
  }
  return learned;
}

describe('train', () => {
  test('learns the merges worked out by hand, most frequent pair first', () => {
    // "aaa" and " aaa": (a,a) occurs 4 times (twice per word), then (aa,a) twice, then (Ġ,aaa) once
    expect(mergeStrings(train('aaa aaa', 256 + 3 + 1))).toEqual(['a a', 'aa a', 'Ġ aaa']);
  });

  test('breaks ties by the smallest (left id, right id)', () => {
    // every pair occurs once; ids: a=64 b=65 c=66 d=67 Ġ=220 (GPT-2 order)
    expect(mergeStrings(train('ab cd', 256 + 3 + 1))).toEqual(['a b', 'c d', 'Ġ cd']);
  });

  test('gives the same merges every time', () => {
    const first = mergeStrings(train(SMALL_TEXT, 500));
    expect(mergeStrings(train(SMALL_TEXT, 500))).toEqual(first);
    expect(first.slice(0, 5)).toEqual(mergeStrings(train(SMALL_TEXT, 256 + 5 + 1)));
  });

  test('matches a naive from-scratch trainer merge for merge', () => {
    const text = SMALL_TEXT.repeat(3) + ' aaaa aaaa bbbbbbb the thethe 1111 22 \u{1F600}\u{1F600}';
    const expected = naiveMerges(text, 300);
    expect(train(text, 256 + 300 + 1).merges).toEqual(expected);
  });

  test('has exactly vocabSize ids: bytes, merges, then <|endoftext|>', () => {
    const tok = train(SMALL_TEXT, 300);
    expect(tok.vocabSize).toBe(300);
    expect(tok.merges.length).toBe(300 - 256 - 1);
    expect(tok.eotId).toBe(299);
  });

  test('stops early when no pair is left, and says how far it got', () => {
    const tok = train('ab', 1000);
    expect(mergeStrings(tok)).toEqual(['a b']);
    expect(tok.vocabSize).toBe(256 + 1 + 1);
  });

  test('minFrequency stops before merging pairs that are too rare', () => {
    // (a,b) occurs in "ab" and " ab" (2 times); every other pair only once
    expect(mergeStrings(train('ab ab cd', 1000, { minFrequency: 2 }))).toEqual(['a b']);
    expect(mergeStrings(train('ab ab cd', 1000)).length).toBe(4); // default 1: until no pair is left
  });

  test('segments every training chunk exactly as encode() does', () => {
    const tok = train(SMALL_TEXT, 450);
    for (const chunk of new Set(pretokenize(SMALL_TEXT))) {
      const ids = tok.encode(chunk);
      expect(tok.decode(ids)).toBe(chunk);
    }
    // the most frequent word pieces of the text ended up as single tokens
    expect(tok.encode(' the')).toHaveLength(1);
    expect(tok.encode(' election')).toHaveLength(1);
  });

  test('reports progress after every merge, with non-increasing counts', () => {
    const events: MergeEvent[] = [];
    const tok = train(SMALL_TEXT, 320, { onMerge: (e) => events.push(e) });
    expect(events.map((e) => e.step)).toEqual(Array.from({ length: 63 }, (_, i) => i + 1));
    expect(events.every((e) => e.total === 63)).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].count).toBeLessThanOrEqual(events[i - 1].count);
    const first = events[0];
    expect(first.token).toBe(first.pair[0] + first.pair[1]);
    expect(tok.symbols[first.id]).toBe(first.token);
    expect(displaySymbols(first.token)).toBe(tok.displayToken(first.id));
  });

  test('can be stepped through one merge at a time', () => {
    const run = learnMerges('aaa aaa', 260);
    expect(run.next().value).toMatchObject({ step: 1, pair: ['a', 'a'], count: 4 });
    expect(run.next().value).toMatchObject({ step: 2, pair: ['aa', 'a'], count: 2 });
  });

  test('rejects a vocabulary smaller than the bytes plus special tokens', () => {
    expect(() => train(SMALL_TEXT, 200)).toThrow(/at least 257/);
    expect(() => train(SMALL_TEXT, 300.5)).toThrow(/integer/);
  });

  test('accepts several texts and counts chunks across them', () => {
    const joined = train(['aaa', ' aaa'], 260);
    expect(mergeStrings(joined)).toEqual(mergeStrings(train('aaa aaa', 260)));
  });
});
