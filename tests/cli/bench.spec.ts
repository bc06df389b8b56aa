// Every bench flag is checked before anything is measured: no section is skipped because a flag was unreadable.
import { describe, expect, it } from 'vitest';
import { parseBenchFlags } from '../../src/cli/bench.ts';
import { cli } from './_internals/cli.ts';

describe('bench flags', () => {
  it('parses good values, and 0 explore seeds (skip the section) only when asked for', () => {
    expect(parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600' })).toEqual({ seeds: 40, days: 1, exploreSeeds: 600, fixtureRuns: 0 });
    expect(parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600', fixtureRuns: '5' }).fixtureRuns).toBe(5);
    expect(() => parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600', fixtureRuns: 'x' })).toThrow(/bench: --fixture-runs: expected a whole number/);
    expect(parseBenchFlags({ seeds: '1', days: '0.5', exploreSeeds: '0' })).toEqual({ seeds: 1, days: 0.5, exploreSeeds: 0, fixtureRuns: 0 });
    const good = { seeds: '40', days: '1', exploreSeeds: '600' };
    expect(() => parseBenchFlags({ ...good, exploreSeeds: '99999999999999' })).toThrow(/bench: --explore-seeds: expected a whole number from 0 to 1000000/);
    expect(() => parseBenchFlags({ ...good, seeds: '0' })).toThrow(/bench: --seeds: expected a whole number from 1/);
    expect(() => parseBenchFlags({ ...good, seeds: '2.5' })).toThrow(/bench: --seeds: expected a whole number/);
    expect(() => parseBenchFlags({ ...good, days: '8' })).toThrow(/bench: --days: expected a number of simulated days in \(0, 7\]/);
    expect(() => parseBenchFlags({ ...good, days: '0' })).toThrow(/bench: --days/);
  });

  it('refuses every unreadable or out-of-range flag with exit 2, naming it (CLI)', () => {
    const cases: [string[], RegExp][] = [
      [['--explore-seeds', 'abc'], /bench: --explore-seeds: expected a whole number from 0 to 1000000/],
      [['--explore-seeds', '-1'], /bench: --explore-seeds: expected a whole number/],
      [['--days', 'abc'], /bench: --days: expected a number of simulated days in \(0, 7\]/],
      [['--no-such-flag'], /unknown option/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['bench', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });
});
