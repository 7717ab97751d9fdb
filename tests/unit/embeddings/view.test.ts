// The explorer's pure view logic and its server render from a snapshot computed by the worker's code.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import { precomputeEmbeddings } from '../../../src/precompute/embeddings.ts';
import EmbeddingExplorer from '../../../src/components/embeddings/EmbeddingExplorer.tsx';
import { arrowDirection, fitPoints, fmt, MAP_BOX, nextPoint, product } from '../../../src/components/embeddings/view.ts';
import type { EmbeddingPoint } from '../../../src/worker/protocol.ts';

const point = (x: number, y: number, id = 0): EmbeddingPoint => ({ token: { id, text: '', display: '' }, x, y });

describe('view helpers', () => {
  test('numbers use a real minus sign; negative factors get brackets', () => {
    expect(fmt(-0.12345)).toBe('−0.123');
    expect(fmt(0.5, 2)).toBe('0.50');
    expect(product(0.1, -0.2)).toBe('0.100 × (−0.200)');
  });

  test('the map fills the box, y up; a far-out point sits on the edge, marked clamped', () => {
    const pts = Array.from({ length: 200 }, (_, i) => point(i % 20, Math.floor(i / 20)));
    pts.push(point(1000, 5));
    const s = fitPoints(pts);
    for (const p of s) {
      expect(p.sx).toBeGreaterThanOrEqual(MAP_BOX.pad - 1e-9);
      expect(p.sx).toBeLessThanOrEqual(MAP_BOX.width - MAP_BOX.pad + 1e-9);
      expect(p.sy).toBeGreaterThanOrEqual(MAP_BOX.pad - 1e-9);
      expect(p.sy).toBeLessThanOrEqual(MAP_BOX.height - MAP_BOX.pad + 1e-9);
    }
    expect(s.at(-1)).toMatchObject({ sx: MAP_BOX.width - MAP_BOX.pad, clamped: true });
    expect(s.filter((p) => p.clamped)).toHaveLength(1);
    expect(s[1].sx).toBeGreaterThan(s[0].sx); // x grows right
    expect(s[20].sy).toBeLessThan(s[0].sy); // y grows up
    expect(s[19].sx - s[0].sx).toBeGreaterThan((MAP_BOX.width - 2 * MAP_BOX.pad) * 0.5); // the bulk fills the box
    expect(fitPoints([point(1, 1), point(1, 1)]).every((p) => Number.isFinite(p.sx + p.sy))).toBe(true);
  });

  test('arrow keys move to the nearest dot that way, null at the edge', () => {
    const s = [{ sx: 0, sy: 0 }, { sx: 10, sy: 1 }, { sx: 3, sy: 0 }, { sx: 0, sy: -5 }];
    expect(nextPoint(s, 0, 'right')).toBe(2);
    expect(nextPoint(s, 2, 'right')).toBe(1);
    expect(nextPoint(s, 0, 'up')).toBe(3);
    expect(nextPoint(s, 0, 'left')).toBeNull();
    expect(arrowDirection('ArrowDown')).toBe('down');
    expect(arrowDirection('a')).toBeNull();
  });
});

describe('server render', () => {
  test('shows the build snapshot: neighbours, worked cosine and the map table, no NaN', async () => {
    const snap = await precomputeEmbeddings('book-tiny', 'the');
    const html = renderToString(h(EmbeddingExplorer, { model: 'book-tiny', initial: snap }));
    expect(html).toContain('data-testid="embed-neighbours"');
    for (const n of snap.neighbours.neighbours) expect(html).toContain(`data-similarity="${n.similarity}"`);
    expect(html).toContain(`data-value="${snap.cosine.cosine}"`);
    expect(html).toContain('noisy');
    expect((html.match(/<circle/g) ?? []).length).toBe(snap.map.points.length);
    expect((html.match(/tabindex="0"/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(html).not.toMatch(/NaN|undefined/);
  });
});
