// The widget's parts as the page gets them (server render): one announcement of the status, a
// failed load as an error, a pick outside the list, one tab stop for the chips, coloured chips
// with a legend and the probability in words (issue 18 bugs 4 and 10, issue 12 accessibility).
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import GeneratedTokens from '../../../src/components/predict/GeneratedTokens.tsx';
import ProbabilityList from '../../../src/components/predict/ProbabilityList.tsx';
import StatusLine from '../../../src/components/predict/StatusLine.tsx';
import TokenChips from '../../../src/components/predict/TokenChips.tsx';

const ready = { phase: 'ready' as const, info: { model: 'm', contextWindow: 64, vocabSize: 512, layers: 4, heads: 4, bytes: 1, backend: { name: 'wasm' as const, detail: 'SIMD' } } };
const count = (html: string, text: string) => html.split(text).length - 1;

describe('status line', () => {
  test('the status sentence is in the page once (no hidden copy to announce it twice)', () => {
    const html = renderToString(h(StatusLine, { id: 's', load: ready, backend: null, model: 'm', note: '', onRetry: () => {} }));
    expect(count(html, 'Running on WASM (SIMD)')).toBe(1);
    expect(count(html, 'role="status"')).toBe(1);
    expect(html).not.toContain('sr-only');
  });

  test('while loading, the byte count is shown but not in the live region', () => {
    const html = renderToString(h(StatusLine, { id: 's', load: { phase: 'loading', loaded: 1024, total: 4096 }, backend: null, model: 'm', note: '', onRetry: () => {} }));
    expect(html).toMatch(/<span role="status">Loading the model<\/span><span aria-hidden="true">: 1\.0 KB of 4\.0 KB<\/span>/);
  });

  test('a failed load is an alert styled as an error, sentence first, detail below, with Retry', () => {
    const error = { code: 'missing-file' as const, message: 'A model file is missing from the site; retry or reload the page.', detail: '/m/model.safetensors: HTTP 404.', retryable: true };
    const html = renderToString(h(StatusLine, { id: 's', load: { phase: 'failed', error }, backend: null, model: 'm', note: '', onRetry: () => {} }));
    expect(html).toContain('predict__status--error');
    expect(html).toContain('role="alert"');
    expect(html.indexOf('A model file is missing')).toBeLessThan(html.indexOf('HTTP 404'));
    expect(html).toContain('>Retry</button>');
  });
});

describe('probability list', () => {
  const candidates = [{ id: 5, text: ' city', display: '␣city', logit: 3, modelProbability: 0.5, probability: 0.5 }];

  test('a pick outside the listed candidates gets its own row with its rank', () => {
    const pick = { token: { id: 77, text: ' zebra', display: '␣zebra' }, probability: 0.002, modelProbability: 0.001, rank: 57 };
    const html = renderToString(h(ProbabilityList, { candidates, labelId: 'l', prompt: 'p', stale: false, pick }));
    expect(html).toContain('data-testid="pick-outside"');
    expect(html).toContain("' zebra'");
    expect(html).toContain('number 57');
  });

  test('a pick in the list is highlighted there, not repeated', () => {
    const pick = { token: { id: 5, text: ' city', display: '␣city' }, probability: 0.5, modelProbability: 0.5, rank: 1 };
    const html = renderToString(h(ProbabilityList, { candidates, labelId: 'l', prompt: 'p', stale: false, pick }));
    expect(html).toContain('predict__prob--picked');
    expect(html).not.toContain('pick-outside');
  });
});

describe('chips', () => {
  const tokens = Array.from({ length: 128 }, (_, i) => ({ id: i, text: `t${i}`, display: `t${i}` }));

  test('128 chips are one tab stop, and each names its token id', () => {
    const html = renderToString(h(TokenChips, { tokens }));
    expect(count(html, 'tabindex="0"')).toBe(1);
    expect(count(html, 'tabindex="-1"')).toBe(127);
    expect(html).toContain("<span class=\"sr-only\">'t42', token </span>id 42");
  });

  test('generated chips are coloured by probability, with the percentage written and a legend', () => {
    const generation = {
      phase: 'done' as const,
      base: 'x',
      candidates: null,
      steps: [0.8, 0.3, 0.02].map((probability, id) => ({ token: { id, text: `g${id}`, display: `g${id}` }, probability })),
    };
    const html = renderToString(h(GeneratedTokens, { generation, maxNewTokens: 20 }));
    expect(html).toContain('predict__chip--likely');
    expect(html).toContain('predict__chip--plausible');
    expect(html).toContain('predict__chip--surprising');
    expect(html).toContain('80.0% (likely)');
    expect(html).toContain('2.0% (surprising)');
    expect(html).toContain('likely: 50% or more');
  });
});
