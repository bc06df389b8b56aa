// @ts-nocheck
// Every bench flag is checked before anything is measured: no section is skipped because a flag was unreadable.
import { describe, expect, it } from 'vitest';
import { benchTable, parseBenchFlags, runBench } from '../../src/cli/bench.ts';
import { cli } from './_internals/cli.ts';

describe('bench flags', () => {
  it('parses good values, and 0 explore seeds (skip the section) only when asked for', () => {
    expect(parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600', threads: '2' })).toEqual({ seeds: 40, days: 1, exploreSeeds: 600, fixtureRuns: 0, runs: 5, threads: 2, mergeOps: 20000 });
    expect(parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600', fixtureRuns: '5' }).fixtureRuns).toBe(5);
    expect(() => parseBenchFlags({ seeds: '40', days: '1', exploreSeeds: '600', fixtureRuns: 'x' })).toThrow(/bench: --fixture-runs: expected a whole number/);
    expect(parseBenchFlags({ seeds: '1', days: '0.5', exploreSeeds: '0', runs: '3', threads: '4', mergeOps: '0' })).toEqual({ seeds: 1, days: 0.5, exploreSeeds: 0, fixtureRuns: 0, runs: 3, threads: 4, mergeOps: 0 });
    expect(() => parseBenchFlags({ ...{ seeds: '1', days: '1', exploreSeeds: '0' }, runs: '0' })).toThrow(/bench: --runs: expected a whole number from 1/);
    expect(() => parseBenchFlags({ ...{ seeds: '1', days: '1', exploreSeeds: '0' }, threads: 'many' })).toThrow(/bench: --threads: expected a whole number/);
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
      [['--runs', '0'], /bench: --runs: expected a whole number from 1/],
      [['--merge-ops', '-5'], /bench: --merge-ops: expected a whole number/],
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

describe('bench report', () => {
  it('gives every figure of issue 15 with median, min, max and its goal, the CLI start figures measured or saying why not', async () => {
    const report = await runBench({ seeds: 1, days: 0.01, exploreSeeds: 2, fixtureRuns: 0, runs: 2, threads: 2, mergeOps: 300 });
    const names = Object.keys(report.figures);
    expect(names).toEqual(['simulatorEventsPerSecond', 'lightWeekWallSeconds', 'simOverheadRatio', 'exploreSeedsPerSecondPerThread', 'poolEfficiency', 'cliHelpSeconds', 'cliRunSeed1Seconds']);
    for (const name of names.slice(0, 5)) {
      const f = report.figures[name]!;
      expect(f.goal, name).toBeGreaterThan(0);
      if (f.median === null) throw new Error(`${name}: expected a measurement`);
      expect(f.runs, name).toBe(2);
      expect(f.min, name).toBeLessThanOrEqual(f.median);
      expect(f.max, name).toBeGreaterThanOrEqual(f.median);
      expect(f.met, name).toBe(f.better === 'higher' ? f.median >= f.goal! : f.median <= f.goal!);
    }
    // Measured from the compiled bin by scripts/bench-start.mjs, or (a stale build) a slot saying why.
    for (const [name, goal] of [['cliHelpSeconds', 0.25], ['cliRunSeed1Seconds', 0.4]] as const) {
      const f = report.figures[name]!;
      expect(f.goal, name).toBe(goal);
      if (f.median === null) expect('note' in f ? f.note : '', name).toMatch(/^not measured: /);
      else expect(f.met, name).toBe(f.median <= goal);
    }
    const details = report.details as { trace: { traceBytesPerEvent: number; hashBytesPerEvent: number; hashNsPerEvent: { goal: number; median: number }; hashShareOfRun: number }; overhead: { engineCalls: number }; merge: { records: Record<string, number> } };
    expect(details.trace.traceBytesPerEvent).toBeGreaterThan(20);
    // The v2 hash covers a compact encoding: fewer bytes than the JSONL text of the same events.
    expect(details.trace.hashBytesPerEvent).toBeGreaterThan(10);
    expect(details.trace.hashBytesPerEvent).toBeLessThan(details.trace.traceBytesPerEvent);
    expect(details.trace.hashNsPerEvent.goal).toBe(300);
    expect(details.trace.hashShareOfRun).toBeGreaterThan(0);
    expect(details.overhead.engineCalls).toBeGreaterThan(100);
    expect(new Set(Object.values(details.merge.records)).size).toBe(1);
    expect(benchTable(report)).toMatch(/simOverheadRatio .* goal 1\.5/);
    expect(benchTable(report)).toMatch(/trace: \d+ bytes\/event as JSONL, \d+ hashed \(v2\); hashing [\d,.]+ ns\/event \(goal ≤ 300\)/);
    expect(benchTable(report)).toMatch(/merge writes\/s: default reconciler [\d,.]+, TinyBase MergeableStore [\d,.]+, Yjs Y\.Map [\d,.]+/);
  }, 300_000);
});
