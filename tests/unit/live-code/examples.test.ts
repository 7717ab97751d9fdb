import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkTimeout, EXAMPLES, exampleSource, shippedModels } from '../../../src/components/live/examples.ts';
import { prepare } from '../../../src/components/live/transform.ts';

const LIVE_DIR = join(import.meta.dirname, '..', '..', '..', 'src', 'examples');
const PLANNED = [
  'first-prediction',
  'dot-product',
  'softmax-temperature',
  'tokenize',
  'attention-head',
  'mlp-layer',
  'sampling',
  'run-model',
  'training-step',
  'count-parameters',
  'tokens-and-letters',
];

describe('examples', () => {
  test('every planned example exists and is read exactly from its file', () => {
    for (const name of PLANNED) expect(EXAMPLES.has(name), name).toBe(true);
    const files = readdirSync(LIVE_DIR).filter((f) => f.endsWith('.ts'));
    expect(EXAMPLES.size).toBe(files.length);
    for (const f of files) expect(exampleSource(f.slice(0, -3))).toBe(readFileSync(join(LIVE_DIR, f), 'utf8').replace(/\s+$/, ''));
  });

  test('every example transpiles, and those that end in an expression show its value', () => {
    for (const [name, source] of EXAMPLES) {
      const { body, captured } = prepare(source);
      expect(body.split('\n').length, name).toBe(source.split('\n').length + (captured ? 1 : 0));
    }
    expect(prepare(exampleSource('dot-product')).captured).toBe(true);
  });

  test('an unknown example fails with the list of known ones', () => {
    expect(() => exampleSource('dot-produkt')).toThrow(/no example "dot-produkt" \(expected the file src\/examples\/dot-produkt\.ts\)\. Known examples: attention-head, count-parameters, /);
  });

  test('timeouts must be sane numbers of milliseconds', () => {
    expect(checkTimeout('x', 5000)).toBe(5000);
    for (const bad of [0, 50, 200_000, Number.NaN, '5000', undefined]) expect(() => checkTimeout('x', bad)).toThrow(/between 100 and 120000/);
  });

  test('shippedModels lists the models with weights, largest first', () => {
    const root = mkdtempSync(join(tmpdir(), 'live-models-'));
    expect(shippedModels(root)).toEqual([]);
    for (const name of ['book-tiny', 'book-small']) {
      mkdirSync(join(root, 'public', 'models', name), { recursive: true });
      writeFileSync(join(root, 'public', 'models', name, 'model.safetensors'), '');
    }
    expect(shippedModels(root)).toEqual(['book-small', 'book-tiny']);
  });
});
