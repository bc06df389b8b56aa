import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import type { ExploreOptions } from '../../src/explore/run-explore.ts';

const base = (over: Partial<ExploreOptions>): ExploreOptions => ({
  seeds: 200,
  from: 1,
  profile: 'default',
  workers: 1,
  shard: { index: 0, count: 1 },
  out: mkdtempSync(join(tmpdir(), 'sync-lab-ff-')),
  shrink: true,
  shrinkLimit: 8,
  ...over,
});

describe('explore --fail-fast', () => {
  it('stops at the first failing seed, shrinks that one failure and reports when it came', async () => {
    const reconciler = 'tests/fixtures/explore-broken/leaks-plaintext.ts';
    const full = await runExplore(base({ seeds: 30, reconciler, shrink: false }));
    const firstSeed = Math.min(...full.failures.map((f) => f.seed));
    expect(full.firstFailure).toMatchObject({ seed: firstSeed, seedsDone: firstSeed });
    expect(full.failFast).toBe(false);

    const fast = await runExplore(base({ reconciler, failFast: true }));
    expect(fast.failFast).toBe(true);
    // One thread: nothing starts after the failing seed.
    expect(fast.seedsRun).toBe(firstSeed);
    expect(fast.firstFailure).toMatchObject({ seed: firstSeed, seedsDone: firstSeed });
    expect(fast.firstFailure!.ms).toBeGreaterThanOrEqual(0);
    expect(fast.firstFailure!.ms).toBeLessThanOrEqual(fast.wallMs);
    expect(fast.failures.every((f) => f.seed === firstSeed)).toBe(true);
    const shrunkOnes = fast.failures.filter((f) => f.replayFile !== null);
    expect(shrunkOnes).toHaveLength(1);
    const [shrunk] = shrunkOnes;
    // The replay file names sync-lab's replay schema relative to itself, so an editor validates it.
    const written = JSON.parse(readFileSync(shrunk!.replayFile!, 'utf8')) as { $schema: string };
    expect(resolve(dirname(shrunk!.replayFile!), written.$schema)).toBe(resolve('schemas/replay.schema.json'));
  });

  it('runs every seed and reports no first failure when nothing fails', async () => {
    const summary = await runExplore(base({ seeds: 8, failFast: true }));
    expect(summary.seedsRun).toBe(8);
    expect(summary.firstFailure).toBeNull();
    expect(summary.failures).toEqual([]);
  });
});
