// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { noSilentRollback } from '../../src/check/no-silent-rollback.ts';
import broken from '../fixtures/broken-reconcilers/last-arrival-wins.ts';
import { cleanRuns, conflict, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

describe('no-silent-rollback', () => {
  const mine = version('a/r1', 'a/o1', stamp(10, 'a'));
  const newer = version('a/r1', 'b/o1', stamp(20, 'b'));
  const newest = version('a/r1', 'b/o2', stamp(30, 'b'));
  const older = version('a/r1', 'b/o0', stamp(5, 'b'));
  const check = (...events: Parameters<typeof trace>) => noSilentRollback.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  it('passes a newer remote value announced by a conflict entry, also through a chain in one pull', () => {
    expect(check(...write(1, 'a', mine), merge(2, 'a', 'b/o1', newer), conflict(2, 'a', 'a/r1', newer.stamp, mine.stamp))).toEqual([]);
    expect(check(...write(1, 'a', mine), merge(2, 'a', 'b/o2', newest), conflict(2, 'a', 'a/r1', newer.stamp, mine.stamp), conflict(2, 'a', 'a/r1', newest.stamp, newer.stamp))).toEqual([]);
  });
  it('flags a newer value without a conflict entry', () => {
    const found = check(...write(1, 'a', mine), merge(2, 'a', 'b/o1', newer));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('no conflict entry');
  });
  it('passes a plain update without a conflict entry (its writer had seen the visible version), but not a concurrent write', () => {
    const update = version('a/r1', 'b/o1', stamp(20, 'b'));
    expect(check(...write(1, 'a', mine, 'create', null), ...write(2, 'b', update, 'edit', 'a/o1'), merge(3, 'a', 'b/o1', update))).toEqual([]);
    const rival = version('a/r1', 'b/o2', stamp(30, 'b'));
    const found = check(...write(1, 'a', mine, 'create', null), ...write(2, 'b', rival, 'create', null), merge(3, 'a', 'b/o2', rival));
    expect(found[0]!.message).toContain('no conflict entry');
  });
  it('flags an older value replacing the visible one', () => {
    const found = check(...write(1, 'a', mine), merge(2, 'a', 'b/o0', older), conflict(2, 'a', 'a/r1', older.stamp, mine.stamp));
    expect(found[0]).toMatchObject({ eventIndex: 3, devices: ['a'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('older stamp');
  });
  it('catches a last-arrival-wins merge', () => {
    expect(firstCaught('no-silent-rollback', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('no-silent-rollback')).toEqual([]);
  });
});
