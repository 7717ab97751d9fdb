import { describe, expect, test } from 'vitest';
import { LatestRequest } from '../../../src/components/tokens/latest.ts';

describe('LatestRequest', () => {
  test('one request in flight, only the newest waiting one is sent next', () => {
    const sent: [number, string][] = [];
    const latest = new LatestRequest<string>((seq, text) => sent.push([seq, text]));
    latest.request('a');
    latest.request('ab');
    latest.request('abc');
    expect(sent).toEqual([[1, 'a']]);
    expect(latest.settle(1)).toBe(false); // 'abc' is newer: do not show the answer for 'a'
    expect(sent).toEqual([[1, 'a'], [2, 'abc']]);
    expect(latest.settle(2)).toBe(true);
    expect(latest.settle(2)).toBe(false); // an answer counts once
  });

  test('after reset the next request goes out at once', () => {
    const sent: number[] = [];
    const latest = new LatestRequest<string>((seq) => sent.push(seq));
    latest.request('a');
    latest.reset();
    latest.request('b');
    expect(sent).toEqual([1, 2]);
    expect(latest.settle(1)).toBe(false);
  });
});
