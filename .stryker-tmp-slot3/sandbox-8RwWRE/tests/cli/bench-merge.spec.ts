// @ts-nocheck
// The merge-throughput workload is the same for the three contenders, and each applies all of it.
import { describe, expect, it } from 'vitest';
import { benchMerge, mergeWrites } from '../../src/cli/bench-merge.ts';

describe('merge throughput workload', () => {
  it('is the same writes on every call: round-robin writers, rising wall times, records drawn from the pool', () => {
    const w = { writers: 3, records: 20, ops: 300 };
    const a = mergeWrites(w);
    expect(a).toEqual(mergeWrites(w));
    expect(a.slice(0, 4).map((x) => x.writer)).toEqual(['d0', 'd1', 'd2', 'd0']);
    expect(a.every((x, k) => k === 0 || x.wallMs > a[k - 1]!.wallMs)).toBe(true);
    expect(new Set(a.map((x) => x.record)).size).toBe(20);
  });

  it('every contender ends holding every record written', async () => {
    let tick = 0;
    const r = await benchMerge({ writers: 3, records: 25, ops: 400 }, 1, () => (tick += 1));
    expect(r.records).toEqual({ defaultReconciler: 25, tinybaseMergeableStore: 25, yjsMap: 25 });
    expect(r.defaultReconciler.runs).toBe(1);
  });
});
