import { describe, expect, test } from 'vitest';
import { captureLastExpression, findSyntaxErrorLine, LiveSyntaxError, prepare, transpile } from '../../../src/components/live/transform.ts';

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

/** Runs a prepared body the way the worker does and returns its value. */
async function run(source: string, scope: Record<string, unknown> = {}): Promise<unknown> {
  const { body } = prepare(source);
  return new AsyncFunction(...Object.keys(scope), body)(...Object.values(scope));
}

describe('transpile', () => {
  test('strips TypeScript types and keeps every line in place', () => {
    const source = 'const x: number = 1;\ninterface P { a: number }\nconst y = x as number;\nfunction f(a: string): void {}\ny';
    const js = transpile(source);
    expect(js.split('\n')).toHaveLength(source.split('\n').length);
    expect(js).not.toMatch(/interface|: number|as number/);
    expect(js.split('\n')[4]).toBe('y');
  });

  test('reports a syntax error with its line and column', () => {
    try {
      transpile('const a = 1;\nconst b = (2;\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LiveSyntaxError);
      expect((error as LiveSyntaxError).line).toBe(2);
      expect((error as LiveSyntaxError).column).toBeGreaterThan(1);
    }
  });

  test('rejects import and export with a message that says what is in scope', () => {
    expect(() => transpile("const a = 1;\nimport * as tf from '@tensorflow/tfjs-core';")).toThrow(/already in scope/);
    expect(() => transpile('export const a = 1;')).toThrow(expect.objectContaining({ line: 1 }));
    expect(() => transpile('const m = await import("x");')).not.toThrow();
    expect(() => transpile('importScripts("x.js");\nimportant();')).not.toThrow();
    expect(() => transpile("import './side-effect.js';")).toThrow(/already in scope/);
    expect(() => transpile("import{ a } from 'b';")).toThrow(/already in scope/);
  });
});

describe('captureLastExpression', () => {
  const captured = (js: string) => captureLastExpression(js);

  test('returns the last expression statement', () => {
    expect(captured('const a = 2;\na * 21').code).toBe('const a = 2;\nreturn (a * 21\n);');
    expect(captured('const a = 2; a + 1;').captured).toBe(true);
  });

  test('keeps line numbers: the return goes on the same line as the expression', () => {
    const { code } = captured('let a = 1\n\nfoo(a)\n// done\n');
    expect(code.split('\n')[2]).toBe('return (foo(a)');
  });

  test('does not capture declarations, loops or blocks', () => {
    for (const js of ['const a = 1', 'let a = 1;\nfor (const x of [1]) { a += x }', 'if (a) { b() }', 'function f() {}', '{ a: 1 }', 'class A {}']) {
      expect(captured(js)).toEqual({ code: js, captured: false });
    }
  });

  test('a line that continues the one above is part of the same statement', () => {
    expect(captured('const a = [1, 2]\n  .map((x) => x * 2)').captured).toBe(false);
    const sum = captured('const b = 3;\nb\n  + 1');
    expect(sum.captured).toBe(true);
    expect(sum.code).toContain('return (b\n  + 1');
  });

  test('multi-line expressions, templates, strings and comments do not fool it', () => {
    const js = 'const s = `a;\n${1 + 2}\nb`; // ; not a split\nconst r = /;/g;\n[\n  s.length,\n  ";",\n]';
    const out = captured(js);
    expect(out.captured).toBe(true);
    expect(out.code).toContain('return ([\n');
  });

  test('never changes what the code means', async () => {
    const cases: [string, unknown][] = [
      ['const a = 1\nconst b = a\n-1\nb', 0],
      ['const xs = [1, 2, 3]\nxs\n  .map((x) => x * 10)\n  .reduce((p, q) => p + q)', 60],
      ['let n = 0\nfor (let i = 0; i < 4; i++) n += i;\nn', 6],
      ['const o = { a: 1 }\n;[o.a, 2]', [1, 2]],
      ['const v = await Promise.resolve(7)\nv * 2', 14],
    ];
    for (const [source, expected] of cases) expect(await run(source)).toEqual(expected);
  });

  test('without a final expression the run returns undefined', async () => {
    expect(await run('const a = 1;\nconsole.info === undefined;\nlet b = a;')).toBeUndefined();
  });
});

describe('prepare', () => {
  test('top-level await works and the last value comes back', async () => {
    expect(await run('const x = await new Promise((r) => setTimeout(() => r(20), 1));\nx + 1')).toBe(21);
  });

  test('code runs in strict mode', async () => {
    await expect(run('undeclared = 5')).rejects.toThrow(ReferenceError);
  });

  test('a syntax error only the engine catches still names its line', () => {
    try {
      prepare('let a = 1;\nlet b = 2;\nlet a = 3;\nb');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LiveSyntaxError);
      expect((error as LiveSyntaxError).line).toBe(3);
      expect((error as Error).message).toMatch(/already been declared/);
    }
  });

  test('findSyntaxErrorLine points at the statement that breaks the program', () => {
    expect(findSyntaxErrorLine('let a = 1\nlet b = 2\nlet a = 3\nconst c = 4')).toBe(3);
  });
});
