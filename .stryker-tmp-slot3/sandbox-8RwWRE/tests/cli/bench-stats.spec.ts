// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { figure, spread } from '../../src/cli/bench-stats.ts';

describe('bench statistics', () => {
  it('median, min and max of the runs, the median of an even count halfway between the middle two', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(spread([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, runs: 4 });
    expect(() => spread([])).toThrow(/no measurements/);
  });

  it('judges the median against the goal in the right direction', () => {
    expect(figure([900, 1100, 1000], 'events/s', 1000, 'higher').met).toBe(true);
    expect(figure([900, 1100, 999], 'events/s', 1000, 'higher').met).toBe(false);
    expect(figure([1.4, 1.6, 1.5], '×', 1.5, 'lower').met).toBe(true);
    expect(figure([1.6, 1.7, 1.5], '×', 1.5, 'lower').met).toBe(false);
    expect(figure([1], 'ms', null, 'lower').met).toBeNull();
  });
});
