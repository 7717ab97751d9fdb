import { describe, expect, test } from 'vitest';
import { displayBytes, displaySymbols, visibleText } from '../../../src/llm/tokenizer/token-display.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('token display', () => {
  test('makes leading spaces, newlines and tabs visible', () => {
    expect(displayBytes(utf8(' hello'))).toBe('␣hello');
    expect(displayBytes(utf8('\n\n'))).toBe('↵↵');
    expect(displayBytes(utf8('\tx\r'))).toBe('⇥x␍');
  });

  test('shows control characters as control pictures and other invisibles as code points', () => {
    expect(visibleText('\u0000\u001b\u007f')).toBe('␀␛␡');
    expect(visibleText('a\u200bb')).toBe('a<U+200B>b');
    expect(visibleText('\uD800')).toBe('<U+D800>');
  });

  test('leaves ordinary characters alone, including emoji and combining marks', () => {
    expect(displayBytes(utf8('東京👋é'))).toBe('東京👋é');
    expect(displayBytes(utf8('e\u0301'))).toBe('e\u0301');
  });

  test('shows bytes that are only part of a character as hex', () => {
    expect(displayBytes([0xe2, 0x82])).toBe('<0xE2><0x82>'); // two of the three bytes of '€'
    expect(displayBytes([0x20, 0xf0, 0x9f])).toBe('␣<0xF0><0x9F>');
    expect(displayBytes([0xac])).toBe('<0xAC>');
  });

  test('works on GPT-2 byte symbols during training', () => {
    expect(displaySymbols('Ġthe')).toBe('␣the');
    expect(displaySymbols('ĊĊ')).toBe('↵↵');
  });
});
