// Crashes while the durable snapshot holds remote actions in flight or failed: the `on action-in-flight`
// trigger, the actionCrashesPerHour knob that draws it, and the deletion epilogue's crash of a device
// told the account is deleted. Each restart hands restore the snapshot; the default engine takes it.
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { DurableSnapshot, ReconcilerModule } from '../../src/reconciler/types.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { DRAWN_TRIGGER_MOMENTS, TRIGGER_MOMENTS } from '../../src/sim/schedule.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';

interface SnapshotAction {
  id: string;
  state: string;
  lastError: string | null;
}

/** The default engine, keeping every snapshot a restart hands to restore (per device). */
function recording(): { module: ReconcilerModule; restored: { device: string; actions: SnapshotAction[] }[] } {
  const restored: { device: string; actions: SnapshotAction[] }[] = [];
  const module: ReconcilerModule = {
    name: 'recording',
    create: (options) => defaultReconciler.create(options),
    restore(snapshot: DurableSnapshot, options, nowMs) {
      const s = snapshot as unknown as { remoteActions: SnapshotAction[] };
      restored.push({ device: options.deviceId, actions: s.remoteActions.map((a) => ({ id: a.id, state: a.state, lastError: a.lastError })) });
      return defaultReconciler.restore(snapshot, options, nowMs);
    },
  };
  return { module, restored };
}

const calm = { lossPercent: 0, duplicatePercent: 0, reorderPercent: 0, oneWayFailurePercent: 0 };
const fired = (trace: readonly TraceEvent[]) => trace.filter((e) => e.kind === 'targeted' && e.state === 'fired');

/** Devices a and b online with true clocks, and these events. */
const twoOnline = (events: Schedule['events']): Schedule => ({
  devices: ['a', 'b'],
  initialModes: { a: 'online', b: 'online' },
  clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
  events,
});

describe('on action-in-flight', () => {
  it('is a trigger moment a scenario may name, never drawn by relative edits or faults (their seeds keep their draws)', () => {
    expect(TRIGGER_MOMENTS).toContain('action-in-flight');
    expect(DRAWN_TRIGGER_MOMENTS).toEqual(['pull-in-flight', 'push-in-flight', 'after-ack', 'outbox-draining']);
  });

  it('fires at the backup request, not at the pulls and pushes before it: the crash leaves the action in flight in the snapshot', () => {
    const schedule = twoOnline([
      { atMs: 100, device: 'a', action: 'on', when: 'action-in-flight', then: { device: 'a', action: 'crash', point: 'now' } },
      { atMs: 200, device: 'a', action: 'create', ref: 'r1', fields: { notes: 'before the backup' } },
      { atMs: 3000, device: 'a', action: 'backup' },
      { atMs: 6000, device: 'a', action: 'restart' },
    ]);
    const { module, restored } = recording();
    const run = runChecked({ options: resolveSimOptions({ seed: 3, durationMs: 10_000, ...calm }, 'test'), schedule, reconciler: module });
    expect(run.violations).toEqual([]);
    const [trigger] = fired(run.trace);
    const send = run.trace.find((e) => e.kind === 'msg-send' && trigger?.kind === 'targeted' && e.requestId === trigger.requestId);
    expect(send).toMatchObject({ from: 'a', type: 'backup' });
    // Pulls and a push went out before the backup; the trigger waited for the backup.
    expect(run.trace.some((e) => e.kind === 'msg-send' && e.from === 'a' && e.type !== 'backup' && e.i < send!.i)).toBe(true);
    const crash = run.trace.find((e) => e.kind === 'crash' && e.device === 'a')!;
    expect(crash.t).toBe(send!.t);
    expect(restored[0]).toMatchObject({ device: 'a', actions: [{ state: 'in-flight', lastError: null }] });
    // Restored, the engine sends the backup again and it is done.
    expect(run.trace.some((e) => e.kind === 'remote-action' && e.device === 'a' && e.action === 'backup' && e.state === 'done')).toBe(true);
  });

  it('an engine whose restore refuses a snapshot holding an action in flight: an engine-error (the knob alone reaches it)', () => {
    const refusing: ReconcilerModule = {
      name: 'refuses-in-flight',
      create: (options) => defaultReconciler.create(options),
      restore(snapshot, options, nowMs) {
        if ((snapshot as unknown as { remoteActions: SnapshotAction[] }).remoteActions.some((a) => a.state === 'in-flight')) throw new Error('invalid field remoteActions.0.state');
        return defaultReconciler.restore(snapshot, options, nowMs);
      },
    };
    const options = resolveSimOptions({ seed: 5, durationMs: 10_000, backupsPerHour: 720, adminActionsPerHour: 720, actionCrashesPerHour: 1440 }, 'test');
    const run = runChecked({ options, reconciler: refusing });
    expect(run.violations.map((v) => v.checker)).toContain('engine-error');
  });
});

describe('on action-in-flight with an engine\'s own protocol', () => {
  const schedule = twoOnline([
    { atMs: 100, device: 'a', action: 'on', when: 'action-in-flight', then: { device: 'a', action: 'crash', point: 'now' } },
    { atMs: 3000, device: 'a', action: 'backup' },
  ]);
  const options = resolveSimOptions({ seed: 3, durationMs: 10_000, ...calm }, 'test');

  it('fires at its backup request when the protocol names kinds (kindOf)', () => {
    const run = runChecked({ options, schedule, reconciler: ledgerModule() as unknown as ReconcilerModule });
    const [trigger] = fired(run.trace);
    expect(run.trace.find((e) => e.kind === 'msg-send' && trigger?.kind === 'targeted' && e.requestId === trigger.requestId)).toMatchObject({ from: 'a', type: 'backup' });
    expect(run.trace.some((e) => e.kind === 'crash' && e.device === 'a')).toBe(true);
  });

  it('is unsupported, with its reason, when the protocol declares no kindOf', () => {
    const { kindOf: _kindOf, ...kindless } = ledgerModule().server!;
    const noKinds = { ...ledgerModule(), name: 'ledger-no-kinds', server: kindless } as unknown as ReconcilerModule;
    const run = runChecked({ options, schedule, reconciler: noKinds });
    const on = run.trace.filter((e) => e.kind === 'targeted' && e.action === 'on');
    expect(on).toEqual([expect.objectContaining({ state: 'unsupported', detail: expect.stringMatching(/^on action-in-flight: .* declares no kindOf, so a backup or admin request cannot be told apart$/) })]);
    expect(run.trace.some((e) => e.kind === 'crash')).toBe(false);
  });
});

describe('actionCrashesPerHour', () => {
  const base = { seed: 11, durationMs: 10_000, backupsPerHour: 720, adminActionsPerHour: 720, crashesPerHour: 360, relativeFaultsPerHour: 360 };

  it('off, draws nothing: the schedule is the one without the knob', () => {
    const off = generateSchedule(resolveSimOptions(base, 'test'));
    expect(off.events.some((e) => e.action === 'on' && e.when === 'action-in-flight')).toBe(false);
    expect(generateSchedule(resolveSimOptions({ ...base, actionCrashesPerHour: 0 }, 'test'))).toEqual(off);
  });

  it('on, adds only its own triggers (a crash now) and restarts, from its own stream: every other event stays', () => {
    const off = generateSchedule(resolveSimOptions(base, 'test'));
    const on = generateSchedule(resolveSimOptions({ ...base, actionCrashesPerHour: 1440 }, 'test'));
    const added = on.events.filter((e) => !off.events.includes(e) && !off.events.some((o) => JSON.stringify(o) === JSON.stringify(e)));
    const triggers = added.filter((e) => e.action === 'on');
    expect(triggers.length).toBeGreaterThan(0);
    for (const t of triggers) expect(t).toMatchObject({ action: 'on', when: 'action-in-flight', then: { device: t.device, action: 'crash', point: 'now' } });
    const restarts = added.filter((e) => e.action === 'restart');
    expect(restarts.length).toBe(triggers.filter((t) => t.atMs + 3000 < 10_000).length);
    expect(added.length).toBe(triggers.length + restarts.length);
    expect(on.events.length).toBe(off.events.length + added.length);
  });

  it('crashes devices with an action in flight; the default engine restores them cleanly', () => {
    const { module, restored } = recording();
    const run = runChecked({ options: resolveSimOptions({ ...base, crashesPerHour: 0, relativeFaultsPerHour: 0, actionCrashesPerHour: 1440 }, 'test'), reconciler: module });
    expect(run.violations).toEqual([]);
    expect(fired(run.trace).some((e) => e.kind === 'targeted' && e.detail.startsWith('on action-in-flight: crash'))).toBe(true);
    expect(restored.some((r) => r.actions.some((a) => a.state === 'in-flight'))).toBe(true);
  });
});

describe('the deletion epilogue: a device told the account is deleted crashes and restarts', () => {
  const EPILOGUE = { accountDeletionPercent: 100, backupsPerHour: 720, adminActionsPerHour: 720, remoteActionWithinBoundMs: 5000, requestsAfterDeletionBound: 2 };

  it('half the runs, 4-8 s in, a device other than the deleter; it restarts a second later and every checker holds', () => {
    let seen = 0;
    let afterFailure = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { module, restored } = recording();
      const run = runChecked({ options: resolveSimOptions({ seed, ...EPILOGUE }, 'test'), reconciler: module });
      expect(run.violations).toEqual([]);
      const marker = run.trace.findIndex((e) => e.kind === 'phase' && e.phase === 'deletion');
      const deletion = run.trace.find((e) => e.kind === 'remote-action' && e.action === 'delete-account');
      const deleter = deletion?.kind === 'remote-action' ? deletion.device : undefined;
      const crash = run.trace.find((e, i) => i > marker && e.kind === 'crash' && e.device !== deleter);
      if (!crash || crash.kind !== 'crash') continue;
      seen++;
      expect(crash.t - run.trace[marker]!.t).toBeGreaterThanOrEqual(4_000_000);
      expect(crash.t - run.trace[marker]!.t).toBeLessThanOrEqual(8_000_000);
      const restart = run.trace.find((e) => e.kind === 'restart' && e.device === crash.device && e.i > crash.i)!;
      expect(restart.t - crash.t).toBe(1_000_000);
      expect(restored.some((r) => r.device === crash.device)).toBe(true);
      if (run.trace.some((e) => e.kind === 'remote-action' && e.device === crash.device && e.state === 'failed' && e.i > marker && e.i < crash.i)) afterFailure++;
    }
    expect(seen).toBeGreaterThan(0);
    expect(afterFailure).toBeGreaterThan(0);
  });
});
