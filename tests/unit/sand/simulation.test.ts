// The sand simulation's math: the gradient against finite differences of the loss, a small learning
// rate lowering the loss, a too-large one overshooting, and seeded runs repeating exactly.
import { describe as group, expect, test } from 'vitest';
import { EXTENT, gradient, loss, SAGS, sagOf } from '../../../src/components/sand/surface.ts';
import { describe, noiseScale, sprinkle, summarize, tap, tapMany } from '../../../src/components/sand/simulation.ts';

const settings = { learningRate: 0.05, batchSize: 16, grains: 40 };

group('the surface', () => {
  test('the gradient matches central finite differences of the loss everywhere', () => {
    const h = 1e-6;
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) {
        const p = { x: -1 + i / 10, y: -1 + j / 10 };
        const g = gradient(p);
        const fx = (loss({ x: p.x + h, y: p.y }) - loss({ x: p.x - h, y: p.y })) / (2 * h);
        const fy = (loss({ x: p.x, y: p.y + h }) - loss({ x: p.x, y: p.y - h })) / (2 * h);
        expect(g.x).toBeCloseTo(fx, 6);
        expect(g.y).toBeCloseTo(fy, 6);
      }
    }
  });

  test('each sag is a dip: lower at its centre than a sag-width away, and the deep sags are deepest', () => {
    for (const s of SAGS) {
      expect(sagOf(s)).toBe(SAGS.indexOf(s));
      expect(loss(s)).toBeLessThan(loss({ x: s.x + s.width * 1.5, y: s.y }));
    }
    expect(loss(SAGS[0])).toBeLessThan(loss(SAGS[2]));
    expect(loss(SAGS[1])).toBeLessThan(loss(SAGS[2]));
    expect(sagOf({ x: -EXTENT, y: -EXTENT })).toBe(-1);
  });
});

group('tapping', () => {
  test('without noise, a small learning rate lowers every grain\'s loss on every tap', () => {
    let s = sprinkle(7, 30);
    for (let k = 0; k < 50; k++) {
      const next = tap(s, { ...settings, learningRate: 0.01 }, 0);
      next.grains.forEach((p, i) => expect(loss(p)).toBeLessThanOrEqual(loss(s.grains[i]) + 1e-12));
      s = next;
    }
  });

  test('with the default noise, 100 taps settle most grains into sags and lower the mean loss', () => {
    const before = summarize(sprinkle(1, 40));
    const after = summarize(tapMany(sprinkle(1, 40), settings, 100));
    expect(after.taps).toBe(100);
    expect(after.meanLoss).toBeLessThan(before.meanLoss * 0.6);
    expect(after.between).toBeLessThan(before.between);
    expect(after.perSag.reduce((a, b) => a + b, 0) + after.between).toBe(40);
  });

  test('a too-large learning rate overshoots: grains bounce out of the sags', () => {
    const calm = summarize(tapMany(sprinkle(1, 40), settings, 200));
    const wild = summarize(tapMany(sprinkle(1, 40), { ...settings, learningRate: 0.4 }, 200));
    expect(wild.between).toBeGreaterThan(calm.between + 10);
    expect(wild.meanLoss).toBeGreaterThan(calm.meanLoss);
  });

  test('noise shrinks as one over the square root of the batch size', () => {
    expect(noiseScale(4) / noiseScale(16)).toBeCloseTo(2, 12);
    expect(noiseScale(1) / noiseScale(256)).toBeCloseTo(16, 12);
  });

  test('the same seed and settings give the same run; another seed gives another sprinkle', () => {
    const a = tapMany(sprinkle(3, 25), settings, 37);
    const b = tapMany(sprinkle(3, 25), settings, 37);
    expect(a).toEqual(b);
    expect(sprinkle(4, 25).grains).not.toEqual(sprinkle(3, 25).grains);
    // Taps one at a time equal taps in one run (the animation plays runs in pieces).
    let c = sprinkle(3, 25);
    for (let k = 0; k < 37; k++) c = tap(c, settings);
    expect(c).toEqual(a);
  });

  test('grains stay on the fabric, even when flung', () => {
    const s = tapMany(sprinkle(5, 50), { ...settings, learningRate: 0.5, batchSize: 1 }, 100);
    for (const p of s.grains) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(EXTENT);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(EXTENT);
    }
  });
});

group('describe', () => {
  test('says where the grains are and the mean loss', () => {
    const text = describe({ taps: 100, perSag: [23, 12, 1], between: 4, meanLoss: 0.412 });
    expect(text).toBe(
      'After 100 taps: 23 grains in the deep sag, 12 grains in the second deep sag, 1 grain in the shallow sag, 4 still moving; mean loss 0.41.',
    );
    expect(describe({ taps: 0, perSag: [0, 0, 0], between: 5, meanLoss: 1 })).toMatch(/^Fresh sprinkle, no taps yet/);
  });
});
