// What the page shows before JavaScript runs: the server render of the widget with a precomputed result.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import type { Prediction } from '../../../src/worker/protocol.ts';
import PredictWidget from '../../../src/components/predict/PredictWidget.tsx';
import ProbabilityList from '../../../src/components/predict/ProbabilityList.tsx';
import StepByStep, { nextStep, STEPS, type Step } from '../../../src/components/predict/StepByStep.tsx';
import TokenChips from '../../../src/components/predict/TokenChips.tsx';

const prediction: Prediction = {
  model: 'book-tiny',
  prompt: 'The big',
  tokens: [
    { id: 300, text: 'The', display: 'The' },
    { id: 301, text: ' big', display: '␣big' },
  ],
  droppedTokens: 0,
  contextWindow: 64,
  settings: { temperature: 1, topK: 0, topP: 1 },
  candidates: [
    { id: 5, text: ' city', display: '␣city', logit: 3, modelProbability: 0.123, probability: 0.123 },
    { id: 6, text: '\n', display: '↵', logit: 1, modelProbability: 0.02, probability: 0 },
  ],
  computeMs: 3,
};

describe('server render', () => {
  test('rows read as "<token> <percent>" with the exact numbers in data attributes', () => {
    const html = renderToString(h(ProbabilityList, { candidates: prediction.candidates, labelId: 'l', prompt: 'The big', stale: false }));
    expect(html).toContain(`aria-label="' city' 12.3%"`);
    expect(html).toContain('data-probability="0.123"');
    expect(html).toContain('data-prompt="The big"');
    expect(html).toContain('filtered out; the model gave 2.0%');
    expect(html).toContain('aria-labelledby="l"');
  });

  test('chips show the visible form and carry the id', () => {
    const html = renderToString(h(TokenChips, { tokens: prediction.tokens }));
    expect(html).toContain('␣big');
    expect(html).toContain('data-token-id="301"');
    expect(html).toContain('id 301');
    expect(html).toContain('tabindex="0"');
  });

  test('the whole widget renders the precomputed result, labelled, with actions waiting for the model', () => {
    const html = renderToString(h(PredictWidget, { model: 'book-tiny', defaultPrompt: 'The big', initial: prediction }));
    expect(html).toMatch(/<label for="[^"]+-prompt">Prompt<\/label>/);
    expect(html).toContain('>The big</textarea>');
    expect(html).toContain('Next-token probabilities');
    expect(html).toContain("' city' 12.3%");
    expect(html).toContain('Precomputed result for the default prompt');
    expect(html).toMatch(/<button type="button" disabled[^>]*>Append top token/);
  });

  test('a precomputed result for another prompt is not shown', () => {
    const html = renderToString(h(PredictWidget, { model: 'book-tiny', defaultPrompt: 'Other', initial: prediction }));
    expect(html).not.toContain('12.3%');
    expect(html).toContain('Probabilities appear when the model has loaded');
  });
});

describe('step by step', () => {
  test('the loop cycles tokens -> model -> probabilities -> pick -> append -> tokens', () => {
    let s: Step = STEPS[0];
    const seen: Step[] = [s];
    for (let i = 0; i < 5; i++) seen.push((s = nextStep(s)));
    expect(seen).toEqual(['tokens', 'model', 'probabilities', 'pick', 'append', 'tokens']);
  });

  test('marks the current stage and names the pick', () => {
    const html = renderToString(
      h(StepByStep, {
        step: 'pick',
        tokenCount: 2,
        vocabSize: 512,
        pick: { token: { id: 5, text: ' city', display: '␣city' }, probability: 0.123 },
        temperature: 1,
        busy: false,
        onNext: () => {},
      }),
    );
    expect(html).toContain('aria-current="step"');
    expect(html).toContain("' city' (12.3%)");
    expect(html).toContain('Next step: Append');
  });

  test('the model stage shows real scores', () => {
    const html = renderToString(
      h(StepByStep, { step: 'model', tokenCount: 2, topLogits: [{ text: ' city', display: '␣city', logit: 3.14159 }], vocabSize: 512, pick: null, temperature: 1, busy: false, onNext: () => {} }),
    );
    expect(html).toContain("each of the 512 tokens in its vocabulary; the highest: ' city' 3.14.");
  });
});
