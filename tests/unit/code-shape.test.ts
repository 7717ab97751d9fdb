// The house limit on file size: no source file under src/ or scripts/ over 400 lines, so each file stays one
// role a reader can hold in mind. (Functions over 120 lines are ESLint's max-lines-per-function, `npm run lint`.)

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|astro|js|mjs|css)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

function lineCount(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('code shape', () => {
  const files = ['src', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

  test('finds the source files', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => relative(ROOT, f))).toContain('src/llm/gpt.ts');
  });

  test(`no source file under src/ or scripts/ is over ${MAX_LINES} lines`, () => {
    const tooLong = files
      .map((f) => ({ file: relative(ROOT, f), lines: lineCount(f) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });
});
