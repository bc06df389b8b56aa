// @ts-nocheck
// Nothing silent at run time (issue 11.3): a valid schedule event that cannot take effect is a
// `schedule-skip` trace event with its reason; impossible ones (that the schema refuses) are our bug.
import { guardEngine } from '../../src/sim/engine-guard.ts';
import { runSync } from '../../src/sim/engine-call.ts';
import { describe, expect, it } from 'vitest';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Schedule, ScheduleEvent } from '../../src/sim/schedule.ts';
import { World } from '../../src/sim/world.ts';
import type { ScheduleSkipEvent } from '../../src/trace/events.ts';

const options = resolveSimOptions({ seed: 5, devices: 2, durationMs: 10_000, quiescenceMs: 30_000 }, 'test');
const still = { offsetMs: 0, driftPpm: 0 };
const schedule = (events: ScheduleEvent[], modes: Schedule['initialModes'] = { a: 'online', b: 'online' }): Schedule => ({
  devices: ['a', 'b'],
  initialModes: modes,
  clocks: { a: still, b: still },
  events,
});
const skips = (s: Schedule) =>
  runSync(new World(options, s, guardEngine(defaultReconciler)).run())
    .trace.filter((e): e is ScheduleSkipEvent => e.kind === 'schedule-skip')
    .map(({ device, action, ref, atMs, code }) => ({ device, action, ...(ref ? { ref } : {}), atMs, code }));
const fields = { notes: 'x' };

describe('schedule-skip', () => {
  it('an edit of a record the device does not show yet, and a read of one it shows as deleted', () => {
    expect(
      skips(
        schedule(
          [
            { atMs: 100, device: 'a', action: 'create', ref: 'r', fields },
            { atMs: 100, device: 'b', action: 'edit', ref: 'r', fields },
            { atMs: 3_000, device: 'a', action: 'delete', ref: 'r' },
            { atMs: 3_001, device: 'a', action: 'read', ref: 'r' },
          ],
          { a: 'online', b: 'offline' },
        ),
      ),
    ).toEqual([
      { device: 'b', action: 'edit', ref: 'r', atMs: 100, code: 'record-not-shown' },
      { device: 'a', action: 'read', ref: 'r', atMs: 3_001, code: 'record-deleted' },
    ]);
  });

  it('a user action on a crashed device, and every later use of a ref whose create never happened', () => {
    expect(
      skips(
        schedule([
          { atMs: 100, device: 'a', action: 'crash', point: 'now' },
          { atMs: 200, device: 'a', action: 'create', ref: 'r', fields },
          { atMs: 300, device: 'a', action: 'backup' },
          { atMs: 4_000, device: 'b', action: 'edit', ref: 'r', fields },
        ]),
      ),
    ).toEqual([
      { device: 'a', action: 'create', ref: 'r', atMs: 200, code: 'device-not-running' },
      { device: 'a', action: 'backup', atMs: 300, code: 'device-not-running' },
      { device: 'b', action: 'edit', ref: 'r', atMs: 4_000, code: 'ref-not-created' },
    ]);
  });

  it('a switch to the mode the device is already in', () => {
    expect(skips(schedule([{ atMs: 100, device: 'a', action: 'connectivity', mode: 'online' }]))).toEqual([{ device: 'a', action: 'connectivity', atMs: 100, code: 'same-mode' }]);
  });

  it('an armed crash replaced before it struck, and one that never struck before the heal', () => {
    // Offline, the device never pushes: the armed crash never comes.
    const found = skips(
      schedule(
        [
          { atMs: 100, device: 'a', action: 'crash', point: 'after-push-sent' },
          { atMs: 200, device: 'a', action: 'crash', point: 'before-pull-apply' },
        ],
        { a: 'offline', b: 'online' },
      ),
    );
    expect(found).toEqual([
      { device: 'a', action: 'crash', atMs: 100, code: 'crash-replaced' },
      { device: 'a', action: 'crash', atMs: 200, code: 'crash-never-struck' },
    ]);
  });

  it('an armed crash that strikes is no skip', () => {
    expect(skips(schedule([{ atMs: 100, device: 'a', action: 'crash', point: 'after-push-sent' }, { atMs: 200, device: 'a', action: 'create', ref: 'r', fields }]))).toEqual([]);
  });

  it('gives the reason in words', () => {
    const run = runSync(new World(options, schedule([{ atMs: 100, device: 'a', action: 'restart' }]), guardEngine(defaultReconciler)).run());
    const skip = run.trace.find((e): e is ScheduleSkipEvent => e.kind === 'schedule-skip');
    expect(skip?.reason).toBe('the device is running: there is nothing to restart');
  });

  it('asserts on what the schema refuses: a device with no clock or mode, an event after the fault phase, an unknown device', () => {
    const bad = (s: Schedule) => () => runSync(new World(options, s, guardEngine(defaultReconciler)).run());
    expect(bad({ ...schedule([]), clocks: { a: still } })).toThrow(/internal error: device b has no clock/);
    expect(bad({ ...schedule([]), initialModes: { a: 'online' } })).toThrow(/internal error: device b has no initial mode/);
    expect(bad(schedule([{ atMs: 10_000, device: 'a', action: 'restart' }]))).toThrow(/internal error: schedule event restart at 10000 ms is outside the fault phase/);
    expect(bad(schedule([{ atMs: 1, device: 'z', action: 'restart' }]))).toThrow(/internal error: schedule event restart at 1 ms names device z/);
  });
});
