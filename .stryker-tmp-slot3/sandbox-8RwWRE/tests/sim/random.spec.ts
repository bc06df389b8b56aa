// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { RandomStream, streamSeed } from '../../src/sim/random.ts';

describe('RandomStream', () => {
  it('is a pure function of (seed, name)', () => {
    const a = new RandomStream(7, 'network');
    const b = new RandomStream(7, 'network');
    expect(Array.from({ length: 50 }, () => a.int(0, 1000))).toEqual(Array.from({ length: 50 }, () => b.int(0, 1000)));
  });

  it('gives independent streams per name and per seed', () => {
    expect(streamSeed(7, 'network')).not.toBe(streamSeed(7, 'workload'));
    expect(streamSeed(7, 'network')).not.toBe(streamSeed(8, 'network'));
  });

  it('draws within bounds and hits the configured chance', () => {
    const r = new RandomStream(1, 'x');
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = r.int(3, 5);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(5);
      if (r.chance(10)) hits++;
    }
    expect(hits / 20_000).toBeGreaterThan(0.09);
    expect(hits / 20_000).toBeLessThan(0.11);
    expect(r.chance(0)).toBe(false);
  });
});
