// @ts-nocheck
// The explore summary says which checkers could not judge the engine (its own protocol lacks their
// facts), with why: in the JSON, not only in a log line, so a reader of the file cannot take them as holding.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';

const explore = (reconciler?: string) =>
  runExplore({ seeds: 2, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, out: mkdtempSync(join(tmpdir(), 'sync-lab-not-judged-')), shrink: false, shrinkLimit: 0, ...(reconciler ? { reconciler } : {}) });

describe('explore summary: notJudged', () => {
  it('lists, per checker, why an engine with its own protocol cannot be judged by it', async () => {
    const summary = await explore('tests/fixtures/own-protocol/ledger.ts');
    expect(summary.notJudged.length).toBeGreaterThan(0);
    for (const n of summary.notJudged) expect(n.reason).toMatch(/ledger/);
    expect(summary.notJudged.map((n) => n.checker)).toEqual([...summary.notJudged.map((n) => n.checker)].sort());
    expect(summary.notJudged.map((n) => n.checker)).not.toContain('convergence'); // the ledger declares storedVersions()
  }, 120_000);

  it('is empty for sync-lab\'s own protocol', async () => {
    expect((await explore()).notJudged).toEqual([]);
  }, 120_000);
});
