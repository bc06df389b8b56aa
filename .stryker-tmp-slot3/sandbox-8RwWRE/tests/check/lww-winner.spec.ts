// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { lwwWinner } from '../../src/check/lww-winner.ts';
import broken from '../fixtures/broken-reconcilers/last-arrival-wins.ts';
import { cleanRuns, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

describe('lww-winner', () => {
  const mine = version('a/r1', 'a/o1', stamp(30, 'a'));
  const older = version('a/r1', 'b/o1', stamp(20, 'b'));
  const check = (...events: Parameters<typeof trace>) => lwwWinner.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  it('passes a merge that keeps the newer local version', () => {
    expect(check(...write(1, 'b', older), ...write(2, 'a', mine), merge(3, 'a', 'b/o1', mine, false))).toEqual([]);
  });
  it('flags a merge that leaves the older remote version visible', () => {
    const found = check(...write(1, 'b', older), ...write(2, 'a', mine), merge(3, 'a', 'b/o1', older));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eventIndex: 5, records: ['a/r1'] });
    expect(found[0]!.devices).toEqual(['a', 'b']);
  });
  it('catches a last-arrival-wins merge', () => {
    expect(firstCaught('lww-winner', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('lww-winner')).toEqual([]);
  });
});
