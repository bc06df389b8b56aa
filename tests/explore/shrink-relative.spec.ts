// Shrinking a failure placed by a protocol-relative trigger keeps the trigger relative: the shrunk
// schedule still says "on a's next ack", never a wall time that only happened to match.
import { describe, expect, it } from 'vitest';
import { shrinkSchedule } from '../../src/explore/shrink.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';

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
});
