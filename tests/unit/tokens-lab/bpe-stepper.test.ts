// "Watch BPE learn" against the trainer: the merges it steps through are exactly train()'s, the pair
// at the top of each step's counts is the pair the trainer chose (with its count), and the text after
// the last merge is what the trained tokenizer's encode gives.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { train } from '../../../src/llm/tokenizer/bpe-train.ts';
import { BpeStepper, MAX_MERGES } from '../../../src/components/tokens/bpe-stepper.ts';
import { SAMPLES } from '../../../src/components/tokens/samples.ts';
import { NASTY, SMALL_TEXT, anyString } from '../tokenizer/helpers.ts';

const TEXTS: [string, string][] = [...SAMPLES.map((s): [string, string] => [s.name, s.text]), ['SMALL_TEXT', SMALL_TEXT]];

/** Checks every step of a stepper against train() on the same text. */
function expectMatchesTrainer(text: string, maxMerges = MAX_MERGES) {
  const stepper = new BpeStepper(text, maxMerges);
  const trained = train(text, 256 + maxMerges + 1);
  expect(stepper.events.map((e) => [e.left, e.right])).toEqual(trained.merges);
  for (let k = 1; k <= stepper.events.length; k++) {
    const view = stepper.view(k);
    const event = stepper.events[k - 1];
    expect(view.merge?.id).toBe(event.id);
    expect(view.top[0]).toMatchObject({ left: event.left, right: event.right, count: event.count });
  }
  const last = stepper.view(stepper.events.length);
  expect(stepper.idsAt(stepper.events.length)).toEqual(trained.encode(text));
  expect(last.count).toBe(trained.encode(text).length);
  expect(trained.decode(stepper.idsAt(stepper.events.length))).toBe(text);
  return stepper;
}

describe('BpeStepper', () => {
  test.each(TEXTS)('%s: merges, winners and final tokens equal the trainer', (_, text) => {
    expectMatchesTrainer(text);
  });

  test.each(NASTY)('%s: nasty text trains and round-trips', (_, text) => {
    expectMatchesTrainer(text, 40);
  });

  test('arbitrary strings (lone surrogates, NUL, combining marks) match the trainer', () => {
    fc.assert(fc.property(anyString, (text) => void expectMatchesTrainer(text, 20)), { numRuns: 60 });
  });

  test('the toy text learns the hand-worked merges first, with spaces attached', () => {
    const stepper = new BpeStepper(SAMPLES[0].text);
    expect(stepper.events.slice(0, 4).map((e) => stepper.display(e.id))).toEqual(['at', 'th', '␣th', 'cat']);
    const first = stepper.view(1);
    expect(first.merge).toMatchObject({ display: ['a', 't'], tokenDisplay: 'at', count: 7 });
  });

  test('step 0 is the text as bytes; counts only fall as merges are applied', () => {
    const stepper = new BpeStepper(SAMPLES[1].text);
    const zero = stepper.view(0);
    expect(zero.merge).toBeNull();
    expect(zero.count).toBe(new TextEncoder().encode(SAMPLES[1].text).length);
    expect(zero.bytes).toBe(zero.count);
    let previous = zero.count;
    for (let k = 1; k <= stepper.events.length; k++) {
      const { count } = stepper.view(k);
      expect(count).toBeLessThan(previous); // every merge joins at least one pair
      previous = count;
    }
  });

  test('views can be asked for in any order (going back recomputes)', () => {
    const stepper = new BpeStepper(SMALL_TEXT, 50);
    const forward = [10, 30, 50].map((k) => stepper.view(k));
    const backward = [50, 30, 10].map((k) => stepper.view(k)).reverse();
    expect(backward).toEqual(forward);
    const order = [7, 49, 3, 26, 25, 24, 50, 0, 33, 1];
    const fresh = order.map((k) => new BpeStepper(SMALL_TEXT, 50).view(k));
    expect(order.map((k) => stepper.view(k))).toEqual(fresh);
  });

  test('empty text and out-of-range steps', () => {
    const empty = new BpeStepper('');
    expect(empty.events).toEqual([]);
    expect(empty.view(5)).toMatchObject({ step: 0, merges: 0, merge: null, top: [], count: 0, chips: [] });
    const stepper = new BpeStepper('aaab');
    expect(stepper.view(-3).step).toBe(0);
    expect(stepper.view(1e9).step).toBe(stepper.events.length);
    expect(stepper.view(Number.NaN).step).toBe(0);
    expect(stepper.view(1.7).step).toBe(1);
  });

  test('the chips stop at the limit; a new token is marked partial when it holds part of a character', () => {
    const stepper = new BpeStepper(SAMPLES[4].text);
    const view = stepper.view(3, 8, 10);
    expect(view.chips).toHaveLength(10);
    expect(view.count).toBeGreaterThan(10);
    expect(stepper.chip(stepper.events[0].id).partial).toBe(true); // Japanese: the first merges join bytes
  });
});
