// @ts-nocheck
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';

describe('the default reconciler under the `all` profile', () => {
  it('shows no violation over 2,000 seeds', async () => {
    const summary = await runExplore({ seeds: 2000, from: 1, profile: 'all', workers: 2, shard: { index: 0, count: 1 }, out: mkdtempSync(join(tmpdir(), 'sync-lab-all-')), shrink: true, shrinkLimit: 3});
    expect(summary.seedsRun).toBe(2000);
    expect(summary.failures.map((f) => `seed ${f.seed} ${f.checker}: ${f.message}`)).toEqual([]);
    expect(summary.notConverged).toBe(0);
  }, 300_000);
});
