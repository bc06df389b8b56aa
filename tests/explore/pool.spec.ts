import { describe, expect, it } from 'vitest';
import { runSeeds } from '../../src/explore/pool.ts';
import { loadProfile } from '../../src/explore/profile.ts';

const profile = loadProfile('default');
const tasks = (n: number) => Array.from({ length: n }, (_, i) => ({ seed: 100 + i, profile }));

describe('explore pool', () => {
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
});
