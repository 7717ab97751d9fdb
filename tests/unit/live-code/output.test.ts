import { describe, expect, test } from 'vitest';
import { eventLine, outcomeLines, storageKey } from '../../../src/components/live/output.ts';

describe('outcomeLines', () => {
  test('a value, then the time and backend', () => {
    expect(outcomeLines({ status: 'done', value: '42', elapsedMs: 12.3 }, 'wasm')).toEqual([
      { kind: 'result', text: '42' },
      { kind: 'meta', text: 'Finished in 12 ms on wasm.' },
    ]);
  });

  test('an error with its line', () => {
    expect(outcomeLines({ status: 'done', error: { name: 'TypeError', message: 'x is not a function', line: 3 }, elapsedMs: 1500 })).toEqual([
      { kind: 'error', text: 'TypeError on line 3: x is not a function' },
      { kind: 'meta', text: 'Failed after 1.50 s.' },
    ]);
  });

  test('a syntax error was never run', () => {
    expect(outcomeLines({ status: 'done', error: { name: 'SyntaxError', message: 'Unexpected token', line: 2 }, elapsedMs: 0 })).toEqual([
      { kind: 'error', text: 'SyntaxError on line 2: Unexpected token' },
      { kind: 'meta', text: 'Not run.' },
    ]);
  });

  test('a timeout says what happened and what to do', () => {
    const [line] = outcomeLines({ status: 'timeout', limitMs: 5000 });
    expect(line.kind).toBe('error');
    expect(line.text).toMatch(/limit of 5\.00 s .*shut down.*Run again/);
  });

  test('a crash passes on its message', () => {
    expect(outcomeLines({ status: 'crashed', message: 'The code runner stopped unexpectedly.' })[0].text).toBe(
      'The code runner stopped unexpectedly. Press Run to try again.',
    );
  });
});

describe('eventLine', () => {
  test('console levels keep their kind; late errors say they came late', () => {
    expect(eventLine({ kind: 'log', level: 'warn', text: 'careful' })).toEqual({ kind: 'warn', text: 'careful' });
    expect(eventLine({ kind: 'late', error: { name: 'Uncaught', message: '1' } })?.text).toBe('Uncaught: 1 (after the run had finished)');
    expect(eventLine({ kind: 'started', backend: 'wasm' })).toBeNull();
  });
});

describe('storageKey', () => {
  test('one key per page and example, the same with or without index.html', () => {
    expect(storageKey('/next-token/chapters/02-the-math-you-need/', 'dot-product')).toBe(
      'next-token:live-code:/next-token/chapters/02-the-math-you-need/dot-product',
    );
    expect(storageKey('/a/index.html', 'x')).toBe(storageKey('/a', 'x'));
    expect(storageKey('/a/', 'x', 1)).toBe('next-token:live-code:/a/x#2');
  });
});
