// @ts-nocheck
// Shrinking a failure placed by a protocol-relative trigger keeps the trigger relative: the shrunk
// schedule still says "on a's next ack", never a wall time that only happened to match.
import { describe, expect, it } from 'vitest';
import { shrinkSchedule } from '../../src/explore/shrink.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { generateSchedule } from '../../src/sim/workload.ts';

describe('shrinking protocol-relative schedules', () => {
  it('keeps the failing trigger as a trigger (same moment, same action) and drops what does not matter', async () => {
    const s = loadScenario('simulations/reviewer/targeted-dropped-ack.yaml');
    const reconciler = await loadReconciler('tests/fixtures/broken-reconcilers/fresh-op-ids-on-retry.ts');
    // The dropped ack, armed by a trigger: right after a's first ack, drop the next one.
    const schedule = {
      ...s.schedule,
      events: [
        ...s.schedule.events.filter((e) => e.action !== 'drop-next'),
        { atMs: 100, device: 'a', action: 'on' as const, when: 'after-ack' as const, then: { device: 'a', action: 'drop-next' as const, message: 'response' as const, of: 'push' as const } },
        { atMs: 12_000, device: 'b', action: 'read' as const, ref: 'monday' },
      ],
    };
    const result = await shrinkSchedule({ options: s.options, schedule, reconciler, checker: 'no-duplicates', timeLimitMs: 20_000 });
    expect(result.shrunkEvents).toBeLessThan(result.originalEvents);
    expect(result.schedule.events).toContainEqual(schedule.events.find((e) => e.action === 'on'));
  });

  it('keeps a trigger the swarm drew (relativeFaultsPerHour) as a trigger: the failure needs the restart at that moment', async () => {
    // This engine only breaks on a server restart, and the only restarts here are drawn protocol-relative faults.
    const reconciler = await loadReconciler('tests/fixtures/explore-broken/ignores-connection-reset.ts');
    for (let seed = 1; seed <= 60; seed++) {
      const options = resolveSimOptions({ seed, devices: 3, durationMs: 10_000, quiescenceMs: 60_000, offlinePercent: 0, intermittentPercent: 0, relativeFaultsPerHour: 1500 }, 'test');
      const schedule = generateSchedule(options);
      expect(schedule.events.some((e) => e.action === 'server-restart')).toBe(false);
      const violation = runChecked({ options, schedule, reconciler }).violations.find((v) => v.checker === 'durability');
      if (!violation) continue;
      const result = await shrinkSchedule({ options, schedule, reconciler, checker: 'durability', timeLimitMs: 30_000 });
      expect(result.shrunkEvents).toBeLessThan(result.originalEvents);
      const restarts = result.schedule.events.filter((e) => e.action === 'on' && e.then.action === 'server-restart');
      expect(restarts.length, `seed ${seed}: ${JSON.stringify(result.schedule.events)}`).toBeGreaterThan(0);
      expect(runChecked({ options, schedule: result.schedule, reconciler }).violations.some((v) => v.checker === 'durability')).toBe(true);
      return;
    }
    expect.fail('no seed in 1..60 broke ignores-connection-reset through a drawn trigger');
  }, 120_000);
});
