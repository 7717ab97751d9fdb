import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  backendLine,
  candidateLabel,
  DEFAULT_SEED,
  DEFAULT_SETTINGS,
  formatBytes,
  formatProbability,
  isCurrentResult,
  LatestOnly,
  parseUrlState,
  progressPercent,
  quoteToken,
  requestKey,
  tokenFace,
  serialiseUrlState,
  truncationNote,
  validateSettings,
  type WidgetState,
} from '../../../src/components/predict/view.ts';

const defaults: WidgetState = { prompt: 'The history of the', settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED };
const fallback = { settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED };

describe('formatting', () => {
  test('probabilities read as percentages with one decimal', () => {
    expect(formatProbability(0.1234)).toBe('12.3%');
    expect(formatProbability(1)).toBe('100.0%');
    expect(formatProbability(0)).toBe('0.0%');
    expect(formatProbability(0.00049)).toBe('<0.1%');
    expect(formatProbability(0.0005)).toBe('0.1%');
    expect(formatProbability(Number.NaN)).toBe('–');
  });

  test('a row reads as the quoted token and its percentage', () => {
    expect(candidateLabel(' city', 0.123)).toBe("' city' 12.3%");
    expect(candidateLabel('\n', 0.5)).toBe("'\\n' 50.0%");
  });

  test('a token holding part of a character is shown by its bytes, not a bare replacement character', () => {
    expect(tokenFace('\uFFFD', '<0xE2><0x82>')).toBe('<0xE2><0x82>');
    expect(tokenFace(' 東', '␣東')).toBe("' 東'");
    expect(candidateLabel('\uFFFD', 0.25, '<0xF0>')).toBe('<0xF0> 25.0%');
  });

  test('control characters are escaped, other scripts and emoji kept', () => {
    expect(quoteToken('a\tb\r')).toBe("'a\\tb\\r'");
    expect(quoteToken('\u0001')).toBe("'\\x01'");
    expect(quoteToken(' 東京')).toBe("' 東京'");
    expect(quoteToken('🙂')).toBe("'🙂'");
  });

  test('bytes and progress', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024 + 1)).toBe('3.0 MB');
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(10, 0)).toBe(0);
    expect(progressPercent(300, 200)).toBe(100);
  });

  test('truncation note names the window and the dropped count', () => {
    expect(truncationNote(0, 64)).toBe('');
    expect(truncationNote(1, 64)).toContain('the first 1 token was dropped');
    expect(truncationNote(12, 64)).toContain('context window of 64 tokens, so the first 12 tokens were dropped');
  });

  test('backend line says what runs the model and why', () => {
    expect(backendLine({ name: 'webgpu', detail: 'NVIDIA H100' })).toBe('Running on WebGPU (NVIDIA H100)');
    expect(backendLine({ name: 'wasm', detail: 'WASM', reason: 'no usable GPU found' })).toBe('Running on WASM; no usable GPU found');
    // ?backend=webgpu without WebGPU: the same reason is said once, without the backend prefixes.
    expect(backendLine({ name: 'wasm', detail: 'SIMD', reason: 'webgpu: no usable GPU found (no WebGPU adapter); webgpu: no usable GPU found (no WebGPU adapter)' })).toBe(
      'Running on WASM (SIMD); no usable GPU found (no WebGPU adapter)',
    );
  });
});

describe('validateSettings', () => {
  test('accepts valid values', () => {
    const v = validateSettings({ temperature: '0.7', topK: '40', topP: '0.9', seed: '7' }, fallback, 4096);
    expect(v.errors).toEqual({});
    expect(v.settings).toEqual({ temperature: 0.7, topK: 40, topP: 0.9 });
    expect(v.seed).toBe(7);
  });

  test('each invalid field gets a message and keeps its fallback; valid fields still apply', () => {
    const v = validateSettings({ temperature: '-1', topK: '2.5', topP: '0', seed: 'abc' }, fallback, 4096);
    expect(Object.keys(v.errors).sort()).toEqual(['seed', 'temperature', 'topK', 'topP']);
    expect(v.errors.temperature).toContain('got "-1"');
    expect(v.settings).toEqual(DEFAULT_SETTINGS);
    expect(v.seed).toBe(DEFAULT_SEED);
    const partly = validateSettings({ temperature: '2', topK: '', topP: '1', seed: '1' }, fallback);
    expect(partly.errors.topK).toBeDefined();
    expect(partly.settings.temperature).toBe(2);
  });

  test('top-k is bounded by the vocabulary when known', () => {
    expect(validateSettings({ temperature: '1', topK: '5000', topP: '1', seed: '1' }, fallback, 4096).errors.topK).toContain('0 to 4096');
    expect(validateSettings({ temperature: '1', topK: '5000', topP: '1', seed: '1' }, fallback).errors.topK).toBeUndefined();
  });

  test('never lets an out-of-range value through (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (t, k, p, s) => {
        const v = validateSettings({ temperature: t, topK: k, topP: p, seed: s }, fallback, 512);
        expect(v.settings.temperature >= 0 && v.settings.temperature <= 5).toBe(true);
        expect(v.settings.topK === null || (Number.isInteger(v.settings.topK) && v.settings.topK >= 1 && v.settings.topK <= 512)).toBe(true);
        expect(v.settings.topP > 0 && v.settings.topP <= 1).toBe(true);
        expect(Number.isInteger(v.seed) && v.seed >= 0).toBe(true);
      }),
    );
  });
});

describe('URL state', () => {
  test('defaults serialise to nothing and keep unrelated parameters', () => {
    expect(serialiseUrlState(defaults, defaults)).toBe('');
    expect(serialiseUrlState(defaults, defaults, '?backend=wasm')).toBe('?backend=wasm');
  });

  test('round-trips prompt and settings, including emoji and other scripts', () => {
    const state: WidgetState = { prompt: 'Ünïcode 東京 🙂 & = ?', settings: { temperature: 0.5, topK: 3, topP: 0.8 }, seed: 99 };
    const search = serialiseUrlState(state, defaults, '?backend=webgpu');
    expect(search).toContain('backend=webgpu');
    expect(parseUrlState(search, defaults)).toEqual(state);
  });

  test('an empty prompt is kept, not replaced by the default', () => {
    const search = serialiseUrlState({ ...defaults, prompt: '' }, defaults);
    expect(parseUrlState(search, defaults).prompt).toBe('');
  });

  test('invalid values in a crafted URL fall back to the defaults', () => {
    const parsed = parseUrlState('?temperature=-3&top_k=x&top_p=7&seed=1.5&prompt=hi', defaults);
    expect(parsed).toEqual({ ...defaults, prompt: 'hi' });
  });

  test('round-trip property over valid states', () => {
    const state = fc.record({
      prompt: fc.string(),
      settings: fc.record({
        temperature: fc.integer({ min: 0, max: 50 }).map((n) => n / 10),
        topK: fc.integer({ min: 0, max: 1000 }).map((k) => (k === 0 ? null : k)),
        topP: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
      }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
    });
    fc.assert(
      fc.property(state, (s) => {
        expect(parseUrlState(serialiseUrlState(s, defaults), defaults)).toEqual(s);
      }),
    );
  });
});

describe('stale-result guard', () => {
  test('only the newest ticket for what is on screen may be shown', () => {
    const guard = new LatestOnly();
    const a = guard.issue(requestKey('m', 'The', DEFAULT_SETTINGS));
    const b = guard.issue(requestKey('m', 'The c', DEFAULT_SETTINGS));
    // The answer for "The" arrives after the reader typed "The c": dropped.
    expect(guard.isCurrent(a, requestKey('m', 'The c', DEFAULT_SETTINGS))).toBe(false);
    expect(guard.isCurrent(b, requestKey('m', 'The c', DEFAULT_SETTINGS))).toBe(true);
    // The reader kept typing but no request went out yet: b is stale too.
    expect(guard.isCurrent(b, requestKey('m', 'The ci', DEFAULT_SETTINGS))).toBe(false);
  });

  test('a settings change makes an older answer stale', () => {
    const key = requestKey('m', 'x', DEFAULT_SETTINGS);
    const hot = requestKey('m', 'x', { ...DEFAULT_SETTINGS, temperature: 2 });
    expect(key).not.toBe(hot);
    expect(isCurrentResult({ seq: 1, key }, { seq: 1, key }, hot)).toBe(false);
    expect(isCurrentResult({ seq: 1, key }, null, key)).toBe(false);
  });

  test('under any arrival order, the screen ends with the answer to the last request (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 8 }), fc.infiniteStream(fc.nat()), (prompts, noise) => {
        const guard = new LatestOnly();
        const tickets = prompts.map((p) => guard.issue(requestKey('m', p, DEFAULT_SETTINGS)));
        const screen = requestKey('m', prompts.at(-1)!, DEFAULT_SETTINGS);
        const order = tickets.map((t) => ({ t, r: noise.next().value })).sort((x, y) => x.r - y.r);
        let shown: number | null = null;
        for (const { t } of order) if (guard.isCurrent(t, screen)) shown = t.seq;
        expect(shown).toBe(tickets.at(-1)!.seq);
      }),
    );
  });
});
