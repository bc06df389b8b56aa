// @ts-nocheck
// Numeric flags: refused with the limit named when the process cannot hold them; --workers capped at
// the cores, and said so.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_MAX, seedRangeFlags, SEEDS_PER_PROCESS_MAX, wholeNumberFlag, workersFlag } from '../../src/cli/flags.ts';
import { cli } from './_internals/cli.ts';

describe('numeric flags', () => {
  it('wholeNumberFlag takes digits within the range and names flag, range and reason otherwise', () => {
    const range = { min: 1, max: 10, maxWhy: 'because' };
    expect(wholeNumberFlag('x', '--n', '7', range)).toBe(7);
    expect(wholeNumberFlag('x', '--n', undefined, range)).toBeUndefined();
    for (const bad of ['0', '11', '-1', '1.5', '1e1', 'abc', '', ' ', '0x5', '99999999999999999999']) {
      expect(() => wholeNumberFlag('x', '--n', bad, range), bad).toThrow(`x: --n: expected a whole number from 1 to 10 (because), got ${JSON.stringify(bad)}`);
    }
  });

  it('seeds stay uint32 and within what one process holds', () => {
    expect(seedRangeFlags('explore', '100', '5', 1)).toEqual({ seeds: 100, from: 5 });
    expect(seedRangeFlags('explore', String(SEEDS_PER_PROCESS_MAX * 4), '1', 4).seeds).toBe(SEEDS_PER_PROCESS_MAX * 4);
    expect(() => seedRangeFlags('explore', '99999999999999', '1', 1)).toThrow(/--seeds: expected a whole number from 1 to 1000000 \(one process holds at most 1000000 seeds; split a larger swarm with --shard i\/n\)/);
    expect(() => seedRangeFlags('explore', '10', String(SEED_MAX + 1), 1)).toThrow(/--from: expected a whole number from 0 to 4294967295 \(seeds are 32-bit unsigned integers\)/);
    expect(() => seedRangeFlags('explore', '10', String(SEED_MAX - 5), 1)).toThrow(/the last seed would be 4294967299, past 4294967295/);
  });

  it('--workers above the cores is capped and the cap is said; 0 or junk is refused', () => {
    const said: string[] = [];
    expect(workersFlag('explore', '1000', (l) => said.push(l), 2)).toBe(2);
    expect(said).toEqual(['explore: --workers 1000 capped at 2, the number of cores of this machine (os.availableParallelism())']);
    expect(workersFlag('explore', '2', (l) => said.push(l), 2)).toBe(2);
    expect(workersFlag('explore', undefined, (l) => said.push(l), 2)).toBe(2);
    expect(said).toHaveLength(1);
    expect(() => workersFlag('explore', '0', () => {}, 2)).toThrow(/--workers: expected a whole number from 1/);
  });

  it('explore --workers 1000 (CLI) says it is capped at the cores on stderr', () => {
    const r = cli(['explore', '--seeds', '2', '--workers', '1000', '--out', mkdtempSync(join(tmpdir(), 'sync-lab-flags-')), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`explore: --workers 1000 capped at ${availableParallelism()}`);
    expect(JSON.parse(r.stdout).workers).toBe(availableParallelism());
  });

  it('explore refuses seeds, seed ranges and budgets the process cannot hold (exit 2, limit named, one line)', () => {
    const cases: [string[], RegExp][] = [
      [['--seeds', '99999999999999'], /--seeds: expected a whole number from 1 to 1000000/],
      [['--seeds', '10', '--from', '4294967290'], /the last seed would be 4294967299/],
      [['--time-budget-s', '99999999'], /--time-budget-s: expected a whole number from 1 to 604800 \(one week/],
      [['--shard', '0/99999999999'], /--shard: shard count must be a whole number from 1 to 4294967295/],
      [['--workers', 'many'], /--workers: expected a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['explore', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('a time budget whose seeds run out first says so (not silent)', () => {
    const r = cli(['explore', '--from', '4294967294', '--time-budget-s', '600', '--workers', '1', '--out', mkdtempSync(join(tmpdir(), 'sync-lab-flags-')), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).seedsRun).toBe(2);
    expect(r.stderr).toMatch(/explore: stopped after 2 seeds, before the 600 s budget ran out: a budgeted run draws from at most 1000000 seeds and none past 4294967295/);
  });
});
