// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecked, simOptionsSchema, resolveOptionsForTest, profileSchema } from './_internals/api.ts';
import { syncLabArbitraries } from '../../src/testing/arbitraries.ts';
import { findScheduleProblem, scheduleSchema } from '../../src/sim/schedule.ts';
import lastArrivalWins from '../fixtures/broken-reconcilers/last-arrival-wins.ts';

describe('syncLabArbitraries', () => {
  it('draws schedules the strict schema and the run context accept', () => {
    fc.assert(
      fc.property(syncLabArbitraries.schedule({ devices: 4, durationMs: 60_000 }), (s) => {
        expect(scheduleSchema.safeParse(s).success).toBe(true);
        expect(findScheduleProblem(s, { devices: 4, durationMs: 60_000 })).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('draws options and profiles their schemas accept', () => {
    fc.assert(fc.property(syncLabArbitraries.options(), (o) => void resolveOptionsForTest(o)), { numRuns: 200 });
    fc.assert(fc.property(syncLabArbitraries.profile(), (p) => profileSchema.safeParse(p).success), { numRuns: 100 });
    expect(simOptionsSchema).toBeDefined();
  });

  it('the default reconciler holds every property on drawn schedules', () => {
    fc.assert(fc.property(syncLabArbitraries.schedule({ devices: 3 }), (s) => runChecked({ schedule: s }).violations.length === 0), { numRuns: 15, seed: 1 });
  });

  it('a last-arrival-wins engine fails, and fast-check shrinks the schedule to a handful of events', () => {
    const details = fc.check(
      fc.property(syncLabArbitraries.schedule({ devices: 3 }), (s) => runChecked({ schedule: s, reconciler: lastArrivalWins }).violations.length === 0),
      { numRuns: 100, seed: 1 },
    );
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample!;
    expect(shrunk.events.length).toBeLessThanOrEqual(6);
    // Seed and path replay the same counterexample.
    const again = fc.check(
      fc.property(syncLabArbitraries.schedule({ devices: 3 }), (s) => runChecked({ schedule: s, reconciler: lastArrivalWins }).violations.length === 0),
      { seed: details.seed, path: details.counterexamplePath!, numRuns: 1 },
    );
    expect(again.counterexample?.[0]).toEqual(shrunk);
  });
});
