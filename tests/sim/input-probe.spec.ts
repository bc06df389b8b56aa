// Input probes (userInputProbesPerHour, src/sim/input-probe.ts): drawn only when the knob is on, every
// probe performed on the engine and recorded as it happened, and a probe that cannot be made a skip.
import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/check/index.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import { INPUT_PROBES } from '../../src/sim/schedule.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import lenient from '../fixtures/explore-broken/accepts-bad-input.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import type { InputProbeEvent } from '../../src/trace/input-probe-event.ts';

const options = (seed: number, more: Record<string, unknown> = {}) => resolveSimOptions({ seed, devices: 2, durationMs: 20_000, quiescenceMs: 30_000, ...more }, 'test');
const probesOf = (trace: readonly { kind: string }[]) => trace.filter((e): e is InputProbeEvent => e.kind === 'input-probe');

describe('input probes', () => {
  it('are never drawn with the knob at 0: the schedule and the recorded options are what they were', () => {
    const off = options(7);
    expect(generateSchedule(off).events.some((e) => e.action === 'input-probe')).toBe(false);
    const start = simulate({ options: off }).trace[0]!;
    expect(start.kind === 'run-start' && 'userInputProbesPerHour' in start.options).toBe(false);
  });

  it('are drawn with the knob on, of every kind, and the default engine refuses each bad one with a reason and keeps the good one as written', () => {
    const probes: InputProbeEvent[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const result = simulate({ options: options(seed, { userInputProbesPerHour: 3600 }) });
      expect(checkRun({ trace: result.trace, serverState: result.serverState, stampMode: 'hlc' })).toEqual([]);
      probes.push(...probesOf(result.trace));
    }
    expect(new Set(probes.map((p) => p.probe))).toEqual(new Set(INPUT_PROBES));
    for (const p of probes.filter((q) => q.probe !== 'all-types')) {
      expect(p, p.input).toMatchObject({ ok: false, changed: [] });
      expect(p.reason).toMatch(/reconciler: /);
      expect(p.pending!.after).toBe(p.pending!.before);
    }
    for (const p of probes.filter((q) => q.probe === 'all-types')) {
      expect(p.ok).toBe(true);
      expect(p.returned).toEqual(p.asked);
      expect(p.readBack).toEqual(p.asked);
      expect(p.asked).toMatchObject({ doctor: null, done: true, painLevel: -2.5, medications: [] });
    }
  });

  it('records the good write as an ordinary write, and a probe that cannot be made as a skip with its reason', () => {
    const schedule: Schedule = {
      devices: ['a', 'b'],
      initialModes: { a: 'online', b: 'online' },
      clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
      events: [
        { atMs: 100, device: 'a', action: 'input-probe', probe: 'edit-bad-value' },
        { atMs: 200, device: 'a', action: 'input-probe', probe: 'all-types' },
        { atMs: 300, device: 'b', action: 'crash', point: 'now' },
        { atMs: 400, device: 'b', action: 'input-probe', probe: 'fields-null' },
        { atMs: 500, device: 'a', action: 'input-probe', probe: 'edit-bad-value' },
      ],
    };
    const result = simulate({ options: options(1, { devices: 2 }), schedule });
    const skips = result.trace.filter((e) => e.kind === 'schedule-skip');
    expect(skips.map((e) => e.kind === 'schedule-skip' && [e.device, e.action, e.code])).toEqual([
      ['a', 'input-probe', 'record-not-shown'],
      ['b', 'input-probe', 'device-not-running'],
    ]);
    const writes = result.trace.filter((e) => e.kind === 'local-write');
    expect(writes).toHaveLength(1);
    const [probe] = probesOf(result.trace).filter((p) => p.probe === 'edit-bad-value');
    expect(probe).toMatchObject({ ok: false, input: `edit("${writes[0]!.kind === 'local-write' && writes[0]!.recordId}", { painLevel: NaN })` });
    expect(checkRun({ trace: result.trace, serverState: result.serverState, stampMode: 'hlc' })).toEqual([]);
  });

  it('a bad probe an engine accepts makes a record users act on like any other: another device edits it after a pull brings it', () => {
    // An accepted bad create once had no ref, so a user's reaction to it after a pull was an internal error (exit 3).
    const schedule: Schedule = {
      devices: ['a', 'b'],
      initialModes: { a: 'online', b: 'online' },
      clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
      events: [{ atMs: 100, device: 'a', action: 'input-probe', probe: 'fields-null' }],
    };
    const result = simulate({ options: options(1, { editAfterPullPercent: 100 }), schedule, reconciler: lenient as unknown as ReconcilerModule });
    const [probe] = probesOf(result.trace);
    expect(probe).toMatchObject({ ok: true });
    // Then each device edits the record every time a pull brings the other's edit of it.
    const writes = result.trace.filter((e) => e.kind === 'local-write' && e.ok);
    const created = writes[0]!.kind === 'local-write' ? writes[0]!.recordId : '';
    expect(writes.slice(0, 2).map((e) => e.kind === 'local-write' && [e.device, e.op, e.recordId])).toEqual([
      ['a', 'create', created],
      ['b', 'edit', created],
    ]);
  });
});
