import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { generateSchedule } from '../../src/sim/workload.ts';

describe('generateSchedule', () => {
  it('is a pure function of the options', () => {
    const options = resolveSimOptions({ seed: 3 }, 'test');
    expect(generateSchedule(options)).toEqual(generateSchedule(options));
  });

  it('keeps the workload when only network knobs change (independent streams)', () => {
    const base = generateSchedule(resolveSimOptions({ seed: 3 }, 'test'));
    const lossy = generateSchedule(resolveSimOptions({ seed: 3, lossPercent: 40, latencyMaxMs: 900 }, 'test'));
    expect(lossy).toEqual(base);
    const user = (s: typeof base) => s.events.filter((e) => ['create', 'edit', 'delete', 'read'].includes(e.action));
    const crashy = generateSchedule(resolveSimOptions({ seed: 3, crashesPerHour: 500 }, 'test'));
    expect(user(crashy)).toEqual(user(base));
  });

  it('relativeEditPercent places some edits and deletes at a protocol moment, leaving every other event as it was', () => {
    const base = generateSchedule(resolveSimOptions({ seed: 3, durationMs: 600_000 }, 'test'));
    const rel = generateSchedule(resolveSimOptions({ seed: 3, durationMs: 600_000, relativeEditPercent: 50 }, 'test'));
    const triggered = rel.events.filter((e) => e.action === 'on');
    expect(triggered.length).toBeGreaterThan(20);
    // Each trigger is one of the base schedule's edits or deletes, with its time as the arming time.
    const asPlain = rel.events.map((e) => (e.action === 'on' ? { atMs: e.atMs, ...e.then } : e));
    expect(asPlain).toEqual(base.events);
    for (const e of triggered) {
      if (e.action !== 'on') continue;
      expect(['edit', 'delete']).toContain(e.then.action);
      expect('device' in e.then && e.then.device).toBe(e.device);
    }
    expect(new Set(triggered.map((e) => (e.action === 'on' ? e.when : '')))).toEqual(new Set(['pull-in-flight', 'push-in-flight', 'after-ack', 'outbox-draining']));
  });

  it('relativeFaultsPerHour adds faults armed for a protocol moment (restart, outage, crash, lost answer); off, none', () => {
    const off = generateSchedule(resolveSimOptions({ seed: 4, durationMs: 600_000 }, 'test'));
    expect(off.events.some((e) => e.action === 'on')).toBe(false);
    const on = generateSchedule(resolveSimOptions({ seed: 4, durationMs: 600_000, relativeFaultsPerHour: 120 }, 'test'));
    const faults = on.events.filter((e) => e.action === 'on');
    expect(new Set(faults.map((e) => (e.action === 'on' ? e.then.action : '')))).toEqual(new Set(['server-restart', 'server-outage', 'crash', 'timeout-after-apply']));
    expect(on.events.filter((e) => e.action !== 'on')).toEqual(off.events);
  });

  it('adminActionsPerHour adds backup admin actions on their own stream, leaving every other event as it was; off, none', () => {
    const off = generateSchedule(resolveSimOptions({ seed: 4, durationMs: 600_000 }, 'test'));
    expect(off.events.filter((e) => e.action === 'admin')).toEqual([]);
    const on = generateSchedule(resolveSimOptions({ seed: 4, durationMs: 600_000, adminActionsPerHour: 60 }, 'test'));
    const admin = on.events.filter((e) => e.action === 'admin');
    // About 10 per device over 10 minutes at 60 per hour, all backup admin (account deletion is drawn apart, by the deletion epilogue).
    expect(admin.length).toBeGreaterThan(10);
    expect(new Set(admin.map((e) => (e.action === 'admin' ? e.adminAction : '')))).toEqual(new Set(['backup-admin']));
    expect(on.events.filter((e) => e.action !== 'admin')).toEqual(off.events);
  });

  it('writes realistic entries, biased toward a few hot records, sorted by time', () => {
    const s = generateSchedule(resolveSimOptions({ seed: 5, durationMs: 600_000 }, 'test'));
    const times = s.events.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const creates = s.events.filter((e) => e.action === 'create');
    expect(creates.length).toBeGreaterThan(20);
    for (const c of creates) {
      if (c.action !== 'create') continue;
      expect(c.fields).toMatchObject({ date: expect.stringMatching(/^2026-\d\d-\d\d$/), notes: expect.any(String) });
      expect((c.fields['notes'] as string).length).toBeGreaterThanOrEqual(20);
    }
    const edits = s.events.filter((e) => e.action === 'edit' || e.action === 'delete') as { ref: string }[];
    const hot = edits.filter((e) => ['r1', 'r2', 'r3', 'r4'].includes(e.ref)).length;
    expect(hot / edits.length).toBeGreaterThan(0.5);
  });

  it('schedules faults at roughly the configured rates', () => {
    const s = generateSchedule(resolveSimOptions({ seed: 11, durationMs: 3_600_000, devices: 3, crashesPerHour: 20, opsPerMinute: 0 }, 'test'));
    const crashes = s.events.filter((e) => e.action === 'crash').length;
    expect(crashes).toBeGreaterThan(30);
    expect(crashes).toBeLessThan(95);
  });
});

describe('generateSchedule: one random stream per fault kind', () => {
  const base = { seed: 11, devices: 3, durationMs: 120_000, opsPerMinute: 60, crashesPerHour: 120, partitionsPerHour: 120, serverOutagesPerHour: 60, tokenExpiriesPerHour: 120, clockJumpsPerHour: 120, backupsPerHour: 60, modeChangesPerHour: 120 };
  const kinds: Record<string, readonly string[]> = {
    crashes: ['crash', 'restart'],
    partitions: ['partition', 'partition-heal'],
    outages: ['server-outage'],
    tokens: ['token-expire', 'token-renew'],
    clockJumps: ['clock-jump'],
    backups: ['backup'],
    connectivity: ['connectivity'],
    workload: ['create', 'edit', 'delete', 'read'],
  };
  const knobs: Record<string, Record<string, number>> = {
    crashes: { crashesPerHour: 900 },
    partitions: { partitionsPerHour: 900 },
    outages: { serverOutagesPerHour: 600 },
    tokens: { tokenExpiriesPerHour: 900 },
    clockJumps: { clockJumpsPerHour: 900, clockJumpMaxMs: 9_000 },
    backups: { backupsPerHour: 600 },
    connectivity: { modeChangesPerHour: 900, offlinePercent: 50 },
    workload: { opsPerMinute: 240 },
  };
  const eventsOf = (options: Record<string, unknown>, kind: string) => {
    const schedule = generateSchedule(resolveSimOptions(options, 'test'));
    return schedule.events.filter((e) => kinds[kind]!.includes(e.action));
  };

  it.each(Object.keys(knobs))('turning the %s knob changes its own events and leaves every other kind\'s draws identical', (turned) => {
    const changed = { ...base, ...knobs[turned] };
    expect(eventsOf(changed, turned)).not.toEqual(eventsOf(base, turned));
    for (const other of Object.keys(kinds)) {
      if (other === turned) continue;
      expect(eventsOf(changed, other), `${other} after turning ${turned}`).toEqual(eventsOf(base, other));
    }
  });

  it('keeps initial clocks when clock jumps change, and initial modes when mode changes do', () => {
    const a = generateSchedule(resolveSimOptions({ ...base, clockOffsetMaxMs: 5_000 }, 'test'));
    const b = generateSchedule(resolveSimOptions({ ...base, clockOffsetMaxMs: 5_000, clockJumpsPerHour: 900, modeChangesPerHour: 900 }, 'test'));
    expect(b.clocks).toEqual(a.clocks);
    expect(b.initialModes).toEqual(a.initialModes);
  });
});
