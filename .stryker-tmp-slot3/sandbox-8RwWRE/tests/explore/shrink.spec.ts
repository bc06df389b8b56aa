// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { shrinkSchedule, violates } from '../../src/explore/shrink.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import { canonicalJson } from '../../src/core/canonical.ts';

describe('shrinkSchedule', () => {
  it('keeps a subsequence of the original events that still trips the same checker', async () => {
    const reconciler = await loadReconciler('tests/fixtures/explore-broken/last-arrival-wins.ts');
    const profile = loadProfile('default');
    // The first seed of the default profile on which this engine breaks lww-winner.
    let seed = 1;
    while (!(await violates({ options: drawOptions(profile, seed), schedule: generateSchedule(drawOptions(profile, seed)), reconciler, checker: 'lww-winner' }, generateSchedule(drawOptions(profile, seed))))) seed++;
    const options = drawOptions(profile, seed);
    const schedule = generateSchedule(options);
    const input = { options, schedule, reconciler, checker: 'lww-winner' };
    const shrunk = await shrinkSchedule(input);
    expect(shrunk.originalEvents).toBe(schedule.events.length);
    expect(shrunk.shrunkEvents).toBe(shrunk.schedule.events.length);
    expect(shrunk.shrunkEvents).toBeLessThan(shrunk.originalEvents);
    expect(await violates(input, shrunk.schedule)).toBe(true);
    // A subsequence: every kept event is an original event, in the original order.
    const original = schedule.events.map((e) => canonicalJson(e));
    let at = 0;
    for (const e of shrunk.schedule.events) {
      at = original.indexOf(canonicalJson(e), at);
      expect(at).toBeGreaterThanOrEqual(0);
      at++;
    }
    // Shrinking is deterministic: same input, same result.
    expect((await shrinkSchedule(input)).schedule).toEqual(shrunk.schedule);
  });
});
