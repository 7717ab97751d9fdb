// The "guess first" widget's logic: model choices give nothing away, typed guesses parse as readers type them,
// and the verdict compares the guess with the answer (the model's live ranking when there is one).
import { describe, expect, test } from 'vitest';
import { formatAnswer, isClose, modelChoices, parseGuess, rankedFromPrediction, verdict, type GuessSpec, type RankedToken } from '../../src/components/guess/guess.ts';
import type { Prediction } from '../../src/worker/protocol.ts';

const token = (text: string, probability: number): RankedToken => ({ text, display: text.replace(' ', '␣'), probability });
const ranked = [token(' court', 0.3), token(' case', 0.2), token(' jury', 0.1), token(' new', 0.05)];

describe('model questions', () => {
  test('choices are the top tokens in alphabetical order, not in rank order', () => {
    expect(modelChoices(ranked).map((t) => t.text)).toEqual([' case', ' court', ' jury', ' new']);
    expect(ranked.map((t) => t.text)[0]).toBe(' court'); // the input is not reordered
  });

  test('the ranking comes from the prediction, best first, with the model\'s own probabilities', () => {
    const prediction = {
      candidates: [
        { id: 1, text: ' a', display: '␣a', logit: 2, modelProbability: 0.6, probability: 0.7 },
        { id: 2, text: ' b', display: '␣b', logit: 1, modelProbability: 0.3, probability: 0.3 },
        { id: 3, text: ' c', display: '␣c', logit: 0, modelProbability: 0.1, probability: 0 },
      ],
    } as unknown as Prediction;
    expect(rankedFromPrediction(prediction, 2)).toEqual([
      { text: ' a', display: '␣a', probability: 0.6 },
      { text: ' b', display: '␣b', probability: 0.3 },
    ]);
  });

  test('the verdict follows the live ranking when there is one', () => {
    const spec: GuessSpec = { kind: 'model', model: 'm', prompt: 'p', ranked };
    expect(verdict(spec, "' court'")).toBe("You picked ' court': the model ranks it first.");
    expect(verdict(spec, "' jury'")).toBe("You picked ' jury': the model ranks it number 3 of these, with 10.0%.");
    const live = [token(' jury', 0.4), ...ranked.filter((t) => t.text !== ' jury')];
    expect(verdict(spec, "' jury'", live)).toBe("You picked ' jury': the model ranks it first.");
    expect(verdict(spec, undefined)).toMatch(/did not commit/);
  });
});

describe('number questions', () => {
  test('typed guesses parse the way readers type them', () => {
    expect(parseGuess('4.6')).toBe(4.6);
    expect(parseGuess(' -0.16 ')).toBe(-0.16);
    expect(parseGuess('−0.16')).toBe(-0.16); // a typographic minus
    expect(parseGuess('27,938')).toBe(27938);
    expect(parseGuess('.5')).toBe(0.5);
    expect(parseGuess('1e3')).toBe(1000);
    for (const bad of ['', ' ', 'abc', '1..2', '4.6.1', '-', '1e', 'Infinity', 'NaN', '0x10']) expect(parseGuess(bad), bad).toBeUndefined();
  });

  test('closeness is relative to the answer, exact when the tolerance is 0', () => {
    expect(isClose(4.2, 4.605, 0.1)).toBe(true);
    expect(isClose(4.1, 4.605, 0.1)).toBe(false);
    expect(isClose(6, 6, 0)).toBe(true);
    expect(isClose(7, 6, 0)).toBe(false);
    expect(isClose(-0.15, -0.1588, 0.25)).toBe(true);
  });

  test('the verdict names the answer and whether the guess was close', () => {
    const loss: GuessSpec = { kind: 'number', answer: -Math.log(0.01), tolerance: 0.1, digits: 1, unit: '' };
    expect(verdict(loss, '4.5')).toBe('You guessed 4.5; the answer is 4.6: within 10%, close enough.');
    expect(verdict(loss, '2')).toBe('You guessed 2; the answer is 4.6, so not within 10%.');
    expect(verdict(loss, 'lots')).toMatch(/is not a number/);
    const tokens: GuessSpec = { kind: 'number', answer: 6, tolerance: 0, digits: 0, unit: '' };
    expect(verdict(tokens, '6')).toBe('You guessed 6: exactly right.');
    expect(verdict(tokens, '5')).toBe('You guessed 5; the answer is 6.');
    expect(formatAnswer(27938, 0)).toBe('27,938');
  });
});

describe('choice questions', () => {
  test('the verdict says right or names the answer', () => {
    const spec: GuessSpec = { kind: 'choice', choices: ['a', 'fashion', 'model'], correct: 1 };
    expect(verdict(spec, 'fashion')).toBe('You picked “fashion”: right.');
    expect(verdict(spec, 'a')).toBe('You picked “a”; the answer is “fashion”.');
  });
});

describe('server render (what the page shows without JavaScript)', async () => {
  const { h } = await import('preact');
  const { renderToString } = await import('preact-render-to-string');
  const { default: GuessIsland } = await import('../../src/components/guess/GuessIsland.tsx');
  /** Preact's text separators and entity escapes out of the way, to compare what a reader sees. */
  const clean = (html: string) => html.replaceAll('<!-- -->', '').replaceAll('&#39;', "'").replaceAll('&quot;', '"');

  test('the answer of a model question sits in a <details>, from the precomputed ranking, choices in alphabetical order', () => {
    const spec: GuessSpec = { kind: 'model', model: 'book-small', prompt: 'The jury said that the', ranked };
    const html = clean(renderToString(h(GuessIsland, { question: 'Which token first?', spec })));
    expect(html).toMatch(/<details class="guess__details"><summary>Show answer<\/summary>/);
    expect(html).toContain('<legend><span class="guess__badge">Guess first</span> Which token first?</legend>');
    const radios = [...html.matchAll(/type="radio"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
    expect(radios).toEqual(["' case'", "' court'", "' jury'", "' new'"]);
    const details = html.slice(html.indexOf('<details'));
    expect(details).toContain("the model ranks ' court' first");
    expect(details).toMatch(/computed when this page was built/);
    expect(details.indexOf("' court'")).toBeLessThan(details.indexOf("' case'"));
    expect(html).not.toContain('<button');
  });

  test('a number question renders a labelled text field and its computed answer', () => {
    const spec: GuessSpec = { kind: 'number', answer: -Math.log(0.01), tolerance: 0.1, digits: 1, unit: '' };
    const html = clean(renderToString(h(GuessIsland, { question: 'Loss?', spec })));
    expect(html).toMatch(/<label class="guess__number">Your guess:\s*<input type="text" inputmode="decimal"/i);
    expect(html).toContain('<strong>Answer:</strong> 4.6</p>');
  });
});
