// @ts-nocheck
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { moduleProblems } from '../../src/io/reconciler-loader.ts';

describe("an engine's own stamp order through explore", () => {
  it('a correct engine breaking exact ties by a hash of its device id shows no violation', async () => {
    const summary = await runExplore({
      seeds: 60,
      from: 1,
      profile: 'default',
      workers: 1,
      shard: { index: 0, count: 1 },
      out: mkdtempSync(join(tmpdir(), 'sync-lab-order-')),
      shrink: false,
      shrinkLimit: 1,
      reconciler: 'tests/fixtures/engines/hash-tie-break.ts',
    });
    expect(summary.seedsRun).toBe(60);
    expect(summary.failures.map((f) => `seed ${f.seed} ${f.checker}: ${f.message}`)).toEqual([]);
  }, 120_000);
  it('a malformed stampOrder is refused when the module loads', () => {
    const base = { name: 'x', create: () => undefined, restore: () => undefined };
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: 1 } } })).toEqual(['`stampOrder.compare(a, b)` must be a function']);
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: () => 0, tieWindowMs: -1 } } })[0]).toContain('tieWindowMs');
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: () => 0 } } })).toEqual([]);
  });
});
