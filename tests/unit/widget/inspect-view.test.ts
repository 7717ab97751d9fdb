// Pure view logic of the inspection islands: cell lookup and labels, keyboard moves, the knock-out
// set in the URL, and the JSON round trip of build-time results.
import { describe, expect, test } from 'vitest';
import { cellLabel, formatChange, formatWeight, fromProps, headWeight, knockoutsFromUrl, knockoutsToUrl, moveCell, toggle, toProps } from '../../../src/components/inspect/view.ts';
import { normaliseKnockouts } from '../../../src/llm/knockout.ts';

const tok = (text: string, id = 0) => ({ id, text, display: text.replace(/ /g, '␣') });

describe('attention cells', () => {
  test('headWeight reads [L, H, T, T] in row-major order', () => {
    const data = Float32Array.from({ length: 2 * 3 * 4 * 4 }, (_, i) => i);
    const a = { shape: [2, 3, 4, 4], data };
    expect(headWeight(a, 1, 2, 3, 1)).toBe(((1 * 3 + 2) * 4 + 3) * 4 + 1);
  });

  test('a cell is announced with both tokens and its weight; the future says it is masked', () => {
    expect(cellLabel(tok(' court'), tok(' the'), 0.3141, false)).toBe("query ' court', key ' the', 0.31");
    expect(cellLabel(tok('a'), tok('b'), 0, true)).toBe("query 'a', key 'b', masked: a later token");
    expect(formatWeight(0.5, true)).toBe('');
  });

  test('arrow keys move inside the square; other keys do nothing', () => {
    expect(moveCell({ i: 2, j: 1 }, 'ArrowUp', 4)).toEqual({ i: 1, j: 1 });
    expect(moveCell({ i: 3, j: 3 }, 'ArrowDown', 4)).toEqual({ i: 3, j: 3 });
    expect(moveCell({ i: 2, j: 0 }, 'ArrowLeft', 4)).toEqual({ i: 2, j: 0 });
    expect(moveCell({ i: 2, j: 0 }, 'End', 4)).toEqual({ i: 2, j: 2 });
    expect(moveCell({ i: 2, j: 0 }, 'a', 4)).toBeNull();
  });

  test('a change in probability is written in signed points', () => {
    expect(formatChange(0.31, 0.124)).toBe('−18.6 points');
    expect(formatChange(0.1, 0.142)).toBe('+4.2 points');
  });
});

describe('the knock-out set in the URL', () => {
  test('round-trips, keeps other parameters, and disappears when empty', () => {
    const k = normaliseKnockouts({ heads: [{ layer: 1, head: 0 }], mlps: [0] });
    const search = knockoutsToUrl('?prompt=hi', k);
    expect(search).toBe('?prompt=hi&knockouts=L1MLP,L2H1');
    expect(knockoutsFromUrl(search, 4, 4)).toEqual({ knockouts: k, problem: null });
    expect(knockoutsToUrl(search, {})).toBe('?prompt=hi');
  });

  test('a part the model lacks, or an unreadable one, switches nothing off and says why', () => {
    const lacking = knockoutsFromUrl('?knockouts=L5H1', 4, 4);
    expect(lacking.knockouts).toEqual(normaliseKnockouts({}));
    expect(lacking.problem).toMatch(/L5H1.*4 layers of 4 heads/);
    expect(knockoutsFromUrl('?knockouts=head', 4, 4).problem).toMatch(/"head"/);
  });

  test('toggle switches one head, MLP or block on and off', () => {
    let k = normaliseKnockouts({});
    k = toggle(k, { layer: 2, head: 1 });
    k = toggle(k, { layer: 0, mlp: true });
    k = toggle(k, { layer: 3 });
    expect(k).toEqual({ heads: [{ layer: 2, head: 1 }], mlps: [0], blocks: [3] });
    k = toggle(toggle(toggle(k, { layer: 2, head: 1 }), { layer: 0, mlp: true }), { layer: 3 });
    expect(k).toEqual(normaliseKnockouts({}));
  });
});

test('build-time results survive the JSON props round trip', () => {
  const r = { attention: { shape: [1, 1, 2, 2], data: Float32Array.of(1, 0, 0.25, 0.75) }, focus: null, prompt: 'x' };
  const json = JSON.parse(JSON.stringify(toProps(r))) as typeof r;
  const back = fromProps(json)!;
  expect(back.attention.data).toBeInstanceOf(Float32Array);
  expect(Array.from(back.attention.data)).toEqual([1, 0, 0.25, 0.75]);
  expect(back.prompt).toBe('x');
});
