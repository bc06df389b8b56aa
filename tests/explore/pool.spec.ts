import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH, batchSize, runSeeds } from '../../src/explore/pool.ts';
import { loadProfile } from '../../src/explore/profile.ts';
import runBatch from '../../src/explore/worker-main.ts';

const profile = loadProfile('default');
const tasks = (n: number) => Array.from({ length: n }, (_, i) => ({ seed: 100 + i, profile }));

describe('explore pool', () => {
  it('hands a pool thread a share of what remains: at most BATCH, single seeds at the end, never more queued than half a thread\'s share', () => {
    expect(batchSize(10_000, 2)).toBe(BATCH);
    expect(batchSize(10_000, 8)).toBe(BATCH);
    // bench --explore-seeds 10 with 2 threads: 19 seeds left after the main thread's first; 16 went to the cold pool thread at once before.
    expect(batchSize(19, 2)).toBe(2);
    for (let remaining = 0; remaining < 8; remaining++) expect(batchSize(remaining, 2)).toBe(1);
    for (const threads of [2, 3, 4, 16]) {
      for (let remaining = 1; remaining <= 400; remaining++) {
        const n = batchSize(remaining, threads);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(BATCH);
        // Two batches queued per pool thread hold at most half of one thread's share of the rest.
        if (n > 1) expect(2 * n).toBeLessThanOrEqual(remaining / threads / 2);
      }
    }
  });

  it('gives the same outcome per seed with the main thread alone and with pool threads helping (40 seeds)', async () => {
    const seen: number[] = [];
    const one = await runSeeds(tasks(40), { workers: 1 });
    const two = await runSeeds(tasks(40), { workers: 2, onOutcome: (o) => seen.push(o.seed) });
    expect([...two.keys()].sort((a, b) => a - b)).toEqual(tasks(40).map((t) => t.seed));
    for (const [seed, outcome] of one) expect(two.get(seed)).toEqual(outcome);
    expect(seen.sort((a, b) => a - b)).toEqual(tasks(40).map((t) => t.seed));
  }, 60_000);

  it('starts no new seed once shouldStop says so, on any thread', async () => {
    let done = 0;
    const out = await runSeeds(tasks(64), { workers: 2, onOutcome: () => done++, shouldStop: () => done >= 3 });
    expect(out.size).toBe(done);
    // At most the batches already handed to the pool finish after the stop.
    expect(out.size).toBeLessThan(64);
  }, 60_000);

  it('loads a TypeScript engine in the pool threads through the same loader, guarded the same way: an engine error is an outcome, not a crash', async () => {
    const reconciler = resolve('tests/fixtures/broken-reconcilers/receive-throws-mid-run.ts');
    const withEngine = (n: number) => tasks(n).map((t) => ({ ...t, reconciler }));
    const one = await runSeeds(withEngine(24), { workers: 1 });
    const two = await runSeeds(withEngine(24), { workers: 2 });
    expect([...two.keys()].length).toBe(24);
    for (const [seed, outcome] of one) expect(two.get(seed)).toEqual(outcome);
    const tripped = [...two.values()].filter((o) => o.violations.some((v) => v.checker === 'engine-error' && v.message.includes('failed in receive')));
    expect(tripped.length).toBeGreaterThan(12);
  }, 60_000);

  it('a worker refuses a module that is not a ReconcilerModule as the main thread does (as data, so it stays exit 2)', async () => {
    const result = await runBatch([{ seed: 1, profile, reconciler: resolve('tests/fixtures/broken-modules/no-export.ts') }]);
    expect(result).toEqual({ refused: expect.stringContaining('no-export.ts: expected a ReconcilerModule as the default export') });
    expect(await runBatch([{ seed: 1, profile }])).toEqual({ outcomes: [expect.objectContaining({ seed: 1, violations: [] })] });
  });
});
