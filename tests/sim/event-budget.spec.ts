import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { EventBudget } from '../../src/sim/event-budget.ts';
import { DEFAULT_SIM_OPTIONS, resolveSimOptions } from '../../src/sim/options.ts';
import syncsForever from '../fixtures/broken-reconcilers/syncs-forever.ts';

describe('event budget (eventBudgetPerSimSecond)', () => {
  it('is the rate times the run length in simulated seconds; 0 is no budget', () => {
    expect(new EventBudget({ eventBudgetPerSimSecond: 1000, durationMs: 10_000, quiescenceMs: 60_000 }).limit).toBe(70_000);
    expect(new EventBudget({ eventBudgetPerSimSecond: 0, durationMs: 10_000, quiescenceMs: 60_000 }).limit).toBe(Number.POSITIVE_INFINITY);
    expect(DEFAULT_SIM_OPTIONS.eventBudgetPerSimSecond).toBe(1000);
    expect(() => resolveSimOptions({ eventBudgetPerSimSecond: -1 }, 'test')).toThrow(/eventBudgetPerSimSecond/);
  });

  it('throws the finding once more events are spent than the budget, naming the budget and the busiest device', () => {
    const budget = new EventBudget({ eventBudgetPerSimSecond: 1, durationMs: 1000, quiescenceMs: 1000 });
    const trace = [{ i: 0, t: 0, kind: 'outbox', device: 'b', depth: 1 }, { i: 1, t: 0, kind: 'outbox', device: 'b', depth: 2 }, { i: 2, t: 0, kind: 'outbox', device: 'a', depth: 1 }] as const;
    budget.spend(trace, 0);
    budget.spend(trace, 0);
    expect(() => budget.spend(trace, 1_500_000)).toThrow(/livelock: the simulator dispatched 2 events by 1500 ms of a 2000 ms run .*device b: 2 of the last 3/);
  });

  // hlc stamps: the wall mode the default profile draws for a quarter of its seeds shows causal-lww on purpose (its declared expected finding).
  // Without the profile's idle-wake bound (idleWakesPerDeviceSecondMax), which ends syncs-forever first (it wakes every millisecond).
  const options = resolveSimOptions({ ...drawOptions(loadProfile('default'), 1), stampMode: 'hlc', idleWakesPerDeviceSecondMax: 0 }, 'test');

  it('ends a livelocking engine\'s run early with an engine-error finding (call event-budget); the run without a budget goes on', () => {
    const cut = runChecked({ options, reconciler: syncsForever });
    const error = cut.trace.find((e) => e.kind === 'engine-error');
    expect(error).toMatchObject({ kind: 'engine-error', call: 'event-budget' });
    expect(cut.violations.map((v) => v.checker)).toEqual(['engine-error']);
    expect(cut.violations[0]!.message).toContain('livelock');
    expect(cut.trace[cut.trace.length - 1]!.kind).toBe('run-end');
    const unbounded = runChecked({ options: { ...options, eventBudgetPerSimSecond: 0 }, reconciler: syncsForever });
    expect(unbounded.trace.some((e) => e.kind === 'engine-error')).toBe(false);
    expect(unbounded.trace.length).toBeGreaterThan(cut.trace.length * 2);
  });

  it('is never reached by the default engine, and is left out of run-start at its default (traces as before)', () => {
    const run = runChecked({ options });
    expect(run.violations).toEqual([]);
    const start = run.trace[0]!;
    expect(start.kind === 'run-start' && 'eventBudgetPerSimSecond' in start.options).toBe(false);
    const set = runChecked({ options: { ...options, eventBudgetPerSimSecond: 2000 } }).trace[0]!;
    expect(set.kind === 'run-start' && set.options['eventBudgetPerSimSecond']).toBe(2000);
  });

  // Under the default profile the idle-wake bound (idleWakesPerDeviceSecondMax 50) ends it first, 51 ms into the run: the
  // same engine-error finding, long before the event budget would (the replay file above records the budget's, bound off).
  it('explore --fail-fast stops at the livelocking engine\'s first seed', async () => {
    const summary = await runExplore({ seeds: 50, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, reconciler: 'tests/fixtures/broken-reconcilers/syncs-forever.ts', out: mkdtempSync(join(tmpdir(), 'sync-lab-budget-')), shrink: false, failFast: true, shrinkLimit: 1 });
    expect(summary.firstFailure?.seedsDone).toBe(1);
    expect(summary.failures[0]).toMatchObject({ checker: 'engine-error' });
    expect(summary.failures[0]!.message).toMatch(/idle wake-ups: device a was woken 51 times within 1000 ms .*idleWakesPerDeviceSecondMax 50/);
  });
});
