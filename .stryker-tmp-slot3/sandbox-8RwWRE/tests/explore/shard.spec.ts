// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { budgetedSeedCount, parseShard, SEED_MAX, SEEDS_PER_PROCESS_MAX, seedsOf, shardFromEnvironment } from '../../src/explore/shard.ts';

describe('shards', () => {
  it('split any seed range into disjoint shards that cover it exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 12 }), (from, total, count) => {
        const all = Array.from({ length: count }, (_, index) => seedsOf(from, total, { index, count })).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: total }, (_, k) => from + k));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses i/n and rejects nonsense with the flag named', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/--shard: index must be in 0..4/);
    expect(() => parseShard('two')).toThrow(/--shard: expected "i\/n"/);
  });

  it('takes the index from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or SYNC_LAB_SHARD_INDEX', () => {
    expect(shardFromEnvironment(4, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnvironment(4, { SYNC_LAB_SHARD_INDEX: '1' })).toEqual({ index: 1, count: 4 });
    expect(() => shardFromEnvironment(4, {})).toThrow(/no shard index given/);
    expect(() => shardFromEnvironment(4, { JOB_COMPLETION_INDEX: '9' })).toThrow(/index must be in 0..3/);
  });

  it('a time-budgeted range holds at most what one process runs and never passes the last uint32 seed', () => {
    expect(budgetedSeedCount(1)).toBe(SEEDS_PER_PROCESS_MAX);
    expect(budgetedSeedCount(SEED_MAX - 1)).toBe(2);
    expect(budgetedSeedCount(SEED_MAX)).toBe(1);
    expect(Math.max(...seedsOf(SEED_MAX - 9, budgetedSeedCount(SEED_MAX - 9), { index: 0, count: 1 }))).toBe(SEED_MAX);
  });

  it('refuses a shard count past the uint32 seeds', () => {
    expect(() => parseShard('0/99999999999')).toThrow(/shard count must be a whole number from 1 to 4294967295/);
  });
});
