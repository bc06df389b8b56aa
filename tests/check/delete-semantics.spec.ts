import { describe, expect, it } from 'vitest';
import { deleteSemantics } from '../../src/check/delete-semantics.ts';
import broken from '../fixtures/broken-reconcilers/resurrecting-merge.ts';
import { cleanRuns, end, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

describe('delete-semantics', () => {
  const oldEdit = version('a/r1', 'b/o1', stamp(10, 'b'));
  const tomb = version('a/r1', 'a/o2', stamp(20, 'a'), {}, true);
  const newEdit = version('a/r1', 'b/o3', stamp(30, 'b'));
  const check = (...events: Parameters<typeof trace>) => deleteSemantics.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  it('passes a newer edit after a delete', () => {
    expect(check(...write(1, 'a', tomb, 'delete'), merge(2, 'a', 'b/o3', newEdit), end(3, { a: [newEdit] }, [tomb, newEdit]))).toEqual([]);
  });
  it('flags an older edit bringing a tombstone back, during the run and at the end', () => {
    const found = check(...write(0, 'b', oldEdit), ...write(1, 'a', tomb, 'delete'), merge(2, 'a', 'b/o1', oldEdit), end(3, { a: [oldEdit] }, [tomb, oldEdit]));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ eventIndex: 5, devices: ['a'], records: ['a/r1'] });
    expect(found[1]!.message).toContain('at the end');
  });
  it('does not call a record deleted once a newer live version overtook its tombstone (an older one shown after is for the LWW checkers)', () => {
    // Wall mode: a's own edit stamped below the version it replaced shows to a until a pull settles
    // (found with tests/fixtures/engines/with-options.ts at default seed 142).
    const ownLow = version('a/r1', 'a/o4', stamp(5, 'a'));
    expect(check(...write(1, 'a', tomb, 'delete'), merge(2, 'a', 'b/o3', newEdit), ...write(3, 'a', ownLow), merge(4, 'a', 'a/o4', ownLow), end(5, { a: [newEdit] }, [tomb, newEdit, ownLow]))).toEqual([]);
    // Still deleted when the newest version known is the tombstone: the older edit is a resurrection.
    expect(check(...write(1, 'a', tomb, 'delete'), merge(2, 'a', 'b/o1', oldEdit))).toHaveLength(1);
  });

  it('catches a merge that resurrects tombstones', () => {
    expect(firstCaught('delete-semantics', broken, { deletePercent: 25 })).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('delete-semantics', { deletePercent: 25 })).toEqual([]);
  });
});
