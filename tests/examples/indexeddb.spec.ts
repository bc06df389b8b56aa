// The IndexedDB adapter (examples/indexeddb, an async engine) under the async driver and every
// checker, a few seeds of its own profile: deterministic, and the verdict examples/README.md gives
// holds (what holds, holds; the known finding is found). Its regressions are replayed with the
// others by tests/simulations/regressions.spec.ts (simulations/regressions/indexeddb-*.json).
import { describe, expect, it } from 'vitest';
import indexeddb from '../../examples/indexeddb/index.ts';
import { checkRun } from '../../src/check/index.ts';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { simulateAsync } from '../../src/sim/run.ts';
import type { SimOptions } from '../../src/sim/options.ts';

const profile = loadProfile('examples/indexeddb/profile.yaml');

async function judged(options: SimOptions) {
  const r = await simulateAsync({ options, reconciler: indexeddb });
  return { ...r, violations: checkRun({ trace: r.trace, serverState: r.serverState, stampMode: options.stampMode }) };
}

describe('the IndexedDB adapter under the lab', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
  // One after another, as explore runs seeds on a thread.
  const runs = (async () => {
    const out = [];
    for (const seed of SEEDS) out.push(await judged(drawOptions(profile, seed)));
    return out;
  })();

  it('is deterministic: the same seed gives the same trace hash', async () => {
    const all = await runs;
    const again = await judged(drawOptions(profile, 5));
    expect(again.traceHash).toBe(all[4]!.traceHash);
    expect(new Set(all.map((r) => r.traceHash)).size).toBe(SEEDS.length);
  });

  it('stops a pull at an op it cannot open (damagedPulledOpPercent), says why and converges: no engine-error', async () => {
    let damaged = 0;
    for (const seed of SEEDS) {
      const r = await judged({ ...drawOptions(profile, seed), damagedPulledOpPercent: 60 });
      expect(r.converged).toBe(true);
      expect(r.violations.filter((v) => v.checker !== 'sync-state-disclosure')).toEqual([]);
      if (!r.trace.some((e) => e.kind === 'answer-damage')) continue;
      damaged++;
      const errors = r.trace.flatMap((e) => (e.kind === 'status' && typeof e.status['lastError'] === 'object' && e.status['lastError'] !== null ? [JSON.stringify(e.status['lastError'])] : []));
      expect(errors.some((x) => x.includes('rejected'))).toBe(true);
    }
    expect(damaged).toBeGreaterThan(1);
  });

  it('converges, and every checker but sync-state-disclosure holds', async () => {
    for (const r of await runs) {
      expect(r.converged).toBe(true);
      expect(r.violations.filter((v) => v.checker !== 'sync-state-disclosure')).toEqual([]);
    }
  });

  it('finds that going offline with a request in flight is not disclosed', async () => {
    const found = (await runs).filter((r) => r.violations.some((v) => v.checker === 'sync-state-disclosure'));
    expect(found.length).toBeGreaterThan(0);
  });
});
