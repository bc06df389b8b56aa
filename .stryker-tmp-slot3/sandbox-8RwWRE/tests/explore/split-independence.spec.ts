// @ts-nocheck
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import type { ExploreOptions } from '../../src/explore/run-explore.ts';

const base = (overrides: Partial<ExploreOptions>): ExploreOptions => ({
  seeds: 200,
  from: 1000,
  profile: 'all',
  workers: 1,
  shard: { index: 0, count: 1 },
  out: mkdtempSync(join(tmpdir(), 'sync-lab-split-')),
  shrink: false,
  shrinkLimit: 0,
  ...overrides,
});

describe('results never depend on how the work is split', () => {
  it('gives identical per-seed trace hashes with 1 worker, 2 workers and 2 shards (200 seeds)', async () => {
    const one = await runExplore(base({ workers: 1 }));
    const two = await runExplore(base({ workers: 2 }));
    const shard0 = await runExplore(base({ workers: 1, shard: { index: 0, count: 2 } }));
    const shard1 = await runExplore(base({ workers: 2, shard: { index: 1, count: 2 } }));
    expect(Object.keys(one.hashes!)).toHaveLength(200);
    expect(two.hashes).toEqual(one.hashes);
    const merged = { ...shard0.hashes, ...shard1.hashes };
    expect(Object.keys(shard0.hashes!).some((s) => s in shard1.hashes!)).toBe(false);
    expect(Object.fromEntries(Object.entries(merged).sort((a, b) => Number(a[0]) - Number(b[0])))).toEqual(one.hashes);
  });
});
