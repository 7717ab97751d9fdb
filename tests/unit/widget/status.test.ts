// Status sentences, step texts, the ?backend= reading shared by the widgets and live code, the URL
// cap and field errors (issue 18, bugs 4, 5 and 10; issue 12's accessibility details).
import { describe, expect, test } from 'vitest';
import { parseBackendOverride, tryOrder } from '../../../src/llm/backend-names.ts';
import { listNote, statusLine } from '../../../src/components/predict/status.ts';
import { stepText, type StepFacts } from '../../../src/components/predict/steps.ts';
import { DEFAULT_SEED, DEFAULT_SETTINGS, errorParts, MAX_URL_PROMPT, parseUrlState, serialiseUrlState, validateSettings } from '../../../src/components/predict/view.ts';

describe('list note', () => {
  test('after a failed load the list does not claim to be updating', () => {
    expect(listNote('failed', false, 'The old prompt')).not.toMatch(/updating/);
    expect(listNote('failed', false, 'The old prompt')).toContain('did not load');
    expect(listNote('ready', false, 'x')).toMatch(/updating/);
    expect(listNote('ready', true, 'x')).toBe('');
  });

  test('a failed load starts with the plain sentence', () => {
    const error = { code: 'corrupt-file' as const, message: 'A model file is damaged or incomplete; retry or reload the page.', detail: 'x', retryable: true };
    expect(statusLine({ phase: 'failed', error }, null, 'm')).toBe('The model could not load: A model file is damaged or incomplete; retry or reload the page.');
  });
});

describe('step texts', () => {
  const facts: StepFacts = { tokenCount: 7, vocabSize: 512, pick: { token: { id: 1, text: ' a', display: '␣a' }, probability: 0.25 }, temperature: 1 };

  test('append states the count the chips show, or none while the prompt is tokenized again', () => {
    expect(stepText('append', facts)).toContain('7 tokens');
    expect(stepText('append', facts)).not.toContain('8 tokens');
    expect(stepText('append', { ...facts, tokenCount: null })).not.toMatch(/\d+ tokens/);
  });

  test('the probabilities are the list above (the steps are drawn below it)', () => {
    expect(stepText('probabilities', facts)).toContain('the list above');
    expect(stepText('probabilities', facts)).not.toContain('below');
  });
});

describe('?backend= override', () => {
  test('any case and spaces; an unknown name falls back with one note', () => {
    expect(parseBackendOverride('WASM')).toEqual({ backend: 'wasm', note: '' });
    expect(parseBackendOverride(' WebGPU ')).toEqual({ backend: 'webgpu', note: '' });
    expect(parseBackendOverride(null)).toEqual({ backend: null, note: '' });
    expect(parseBackendOverride('bogus')).toEqual({ backend: null, note: 'Ignored ?backend=bogus: use webgpu, wasm, webgl or cpu.' });
  });

  test('a forced backend is tried once, then the usual order', () => {
    expect(tryOrder('webgpu', ['webgpu', 'wasm', 'webgl', 'cpu'])).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(tryOrder('cpu', ['webgpu', 'wasm', 'webgl', 'cpu'])).toEqual(['cpu', 'webgpu', 'wasm', 'webgl']);
    expect(tryOrder(null, ['wasm', 'cpu'])).toEqual(['wasm', 'cpu']);
  });
});

describe('URL and fields', () => {
  const defaults = { prompt: 'The', settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED };

  test('a prompt in the URL is capped, never splitting an emoji', () => {
    const long = `${'a'.repeat(MAX_URL_PROMPT - 1)}🙂${'b'.repeat(20_000)}`;
    const search = serialiseUrlState({ ...defaults, prompt: long }, defaults);
    expect(search.length).toBeLessThan(MAX_URL_PROMPT * 4);
    expect(parseUrlState(search, defaults).prompt).toBe('a'.repeat(MAX_URL_PROMPT - 1));
    expect(parseUrlState(`?prompt=${'c'.repeat(20_000)}`, defaults).prompt).toHaveLength(MAX_URL_PROMPT);
  });

  test('top-k off is null; 0 in the box or the URL means off', () => {
    expect(DEFAULT_SETTINGS.topK).toBeNull();
    expect(validateSettings({ temperature: '1', topK: '0', topP: '1', seed: '1' }, { settings: DEFAULT_SETTINGS, seed: 1 }).settings.topK).toBeNull();
    expect(parseUrlState('?top_k=0', defaults).settings.topK).toBeNull();
    expect(serialiseUrlState({ ...defaults, settings: { ...DEFAULT_SETTINGS, topK: 5 } }, defaults)).toBe('?top_k=5');
  });

  test('a field error announces the same rule while the field stays wrong (not on every keystroke)', () => {
    const at = (topP: string) => validateSettings({ temperature: '1', topK: '0', topP, seed: '1' }, { settings: DEFAULT_SETTINGS, seed: 1 }).errors.topP!;
    expect(errorParts(at('3')).rule).toBe(errorParts(at('37')).rule);
    expect(errorParts(at('37')).typed).toBe('You typed "37".');
    expect(errorParts(at('3')).rule).toMatch(/^Top-p must be .*\.$/);
  });
});
