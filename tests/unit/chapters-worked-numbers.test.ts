// The worked numbers in chapters 1-5 are recomputed here from plain, obviously-correct code and looked up in the
// chapter text, so an edit to either side that makes them disagree fails the build of trust.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { softmax } from '../../src/components/utils/softmax.ts';

const chapter = (file: string) => readFileSync(new URL(`../../src/content/docs/chapters/${file}`, import.meta.url), 'utf8');
const fixed = (n: number, digits = 4) => n.toFixed(digits);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const matMul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => dot(row, b.map((r) => r[j]))));
const transpose = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));

describe('chapter 1: the big picture', () => {
  const text = chapter('01-the-big-picture.mdx');
  test('the two-step continuation probability and the memory figures', () => {
    expect(text).toContain(`0.41 \\times 0.62 = ${0.41 * 0.62}`);
    expect(text).toContain(`${(175_181_291_520 * 2).toLocaleString('en-US')} bytes`);
  });
});

describe('chapter 2: the math you need', () => {
  const text = chapter('02-the-math-you-need.mdx');

  test('shows the softmax function exactly as src/components/utils/softmax.ts has it', () => {
    const source = readFileSync(new URL('../../src/components/utils/softmax.ts', import.meta.url), 'utf8');
    const fromSource = source.slice(source.indexOf('/** Softmax')).trim();
    const block = /```ts\n([\s\S]*?)```/.exec(text);
    expect(block).not.toBeNull();
    expect(block![1].trim()).toBe(fromSource);
  });

  test('softmax table matches the code at every temperature', () => {
    for (const t of [0, 0.5, 1, 2]) {
      const row = `| ${t} | ${softmax([2, 1, 0.1], t).map((p) => fixed(p)).join(' | ')} |`;
      expect(text).toContain(row);
    }
  });

  test('dot products, lengths and cosine similarities of the toy word vectors', () => {
    const cat = [0.9, 0.8, 0.1];
    const dog = [0.8, 0.9, 0.2];
    const car = [0.1, 0.0, 0.9];
    expect(text).toContain(`= ${+dot(cat, dog).toFixed(10)}$`);
    expect(text).toContain(`= ${+dot(cat, car).toFixed(10)}$`);
    expect(text).toContain(`= ${+dot(dog, car).toFixed(10)}$`);
    for (const v of [cat, dog, car]) expect(text).toContain(`| ${fixed(norm(v))} |`);
    const cos = (a: number[], b: number[]) => dot(a, b) / norm(a) / norm(b);
    expect(text).toContain(`\\approx ${fixed(cos(cat, dog))}$`);
    expect(text).toContain(`\\approx ${fixed(cos(cat, car))}$`);
    expect(text).toContain(`\\approx ${fixed(cos(dog, car))}$`);
    const degrees = (a: number[], b: number[]) => Math.round((Math.acos(cos(a, b)) * 180) / Math.PI);
    expect(text).toContain(`about ${degrees(cat, dog)}°`);
    expect(text).toContain(`about ${degrees(cat, car)}°`);
  });

  test('the matrix product example and the GPT-3 batching count', () => {
    const product = matMul([[3, 1, 2], [1, 0, 1]], [[1, 0], [0, 1], [2, -1]]);
    expect(product).toEqual([[7, -1], [3, -1]]);
    expect(text).toContain('= (7, -1)');
    expect(text).toContain('= (3, -1)');
    expect(text).toContain((2048 * 12288 * 12288).toLocaleString('en-US').replaceAll(',', '{,}'));
  });
});

