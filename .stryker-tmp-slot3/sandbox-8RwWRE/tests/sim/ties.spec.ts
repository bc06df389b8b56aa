// @ts-nocheck
// The tie knobs: coarse clocks, shared clocks and same-millisecond edit bursts make exact stamp ties
// happen; off (the default) the schedule and the trace are what they were before the knobs existed.
import { describe, expect, it } from 'vitest';
import { resolveSimOptions, recordedOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import { generateSchedule } from '../../src/sim/workload.ts';

const opts = (over: Record<string, unknown>) => resolveSimOptions({ seed: 11, devices: 4, durationMs: 20_000, opsPerMinute: 240, ...over }, 'test');

describe('tie knobs', () => {
  it('at 0 leave the schedule and the recorded options as they were', () => {
    const off = opts({});
    const named = opts({ quantisedClockPercent: 0, sharedClockPercent: 0, burstPercent: 0 });
    expect(generateSchedule(named)).toEqual(generateSchedule(off));
    expect(Object.keys(recordedOptions(off))).not.toContain('burstPercent');
    expect(recordedOptions(opts({ burstPercent: 5 }))['burstPercent']).toBe(5);
  });

  it('quantisedClockPercent 100 gives every device a step of 1, 10, 100 or 1000 ms, and nothing else moves', () => {
    const plain = generateSchedule(opts({}));
    const coarse = generateSchedule(opts({ quantisedClockPercent: 100 }));
    expect(coarse.events).toEqual(plain.events);
    for (const d of coarse.devices) {
      expect([undefined, 10, 100, 1000]).toContain(coarse.clocks[d]!.stepMs);
      expect(coarse.clocks[d]!.offsetMs).toBe(plain.clocks[d]!.offsetMs);
    }
    // Over a few seeds every step is drawn.
    const steps = new Set<number | undefined>();
    for (let seed = 1; seed <= 12; seed++) for (const c of Object.values(generateSchedule(opts({ seed, quantisedClockPercent: 100 })).clocks)) steps.add(c.stepMs);
    expect(steps).toEqual(new Set([undefined, 10, 100, 1000]));
  });

  it('sharedClockPercent 100 gives every device the first device clock', () => {
    const s = generateSchedule(opts({ sharedClockPercent: 100 }));
    for (const d of s.devices) expect(s.clocks[d]).toEqual(s.clocks['a']);
  });

  it('burstPercent adds same-millisecond edits of one record by every other device, leaving the rest in place', () => {
    const plain = generateSchedule(opts({}));
    const burst = generateSchedule(opts({ burstPercent: 50 }));
    const added = burst.events.length - plain.events.length;
    expect(added).toBeGreaterThan(0);
    expect(added % 3).toBe(0);
    // Every event of the plain schedule is still there, in order (bursts only add).
    let j = 0;
    for (const e of burst.events) if (j < plain.events.length && e.atMs === plain.events[j]!.atMs && e.action === plain.events[j]!.action && ('device' in e ? e.device : '') === ('device' in plain.events[j]! ? (plain.events[j] as { device: string }).device : '')) j++;
    expect(j).toBe(plain.events.length);
    const edits = burst.events.filter((e) => e.action === 'edit');
    const sameMsRef = edits.filter((e) => edits.some((o) => o !== e && o.atMs === e.atMs && o.ref === e.ref && o.device !== e.device));
    expect(sameMsRef.length).toBeGreaterThanOrEqual(added);
  });

  it('together make distinct devices write exact stamp ties (same ms and counter), which they practically never do without', () => {
    const tiedWallMs = (over: Record<string, unknown>): number => {
      const { trace } = simulate({ options: opts({ seed: 3, offlinePercent: 0, intermittentPercent: 0, ...over }) });
      const byMs = new Map<string, Set<string>>();
      for (const e of trace) {
        if (e.kind !== 'local-write' || !e.version) continue;
        const stamp = e.version.stamp;
        // An exact tie: same wall ms and counter, only the device id tells the stamps apart.
        const [wall, counter, device] = stamp.split('.');
        const key = `${wall}.${counter}`;
        byMs.set(key, (byMs.get(key) ?? new Set()).add(device!));
      }
      return [...byMs.values()].filter((devices) => devices.size > 1).length;
    };
    expect(tiedWallMs({})).toBe(0);
    expect(tiedWallMs({ quantisedClockPercent: 100, sharedClockPercent: 100, burstPercent: 30 })).toBeGreaterThan(0);
  });
});

describe('editAfterPullPercent', () => {
  it('makes users edit, in the same instant, records a pull just changed on their device', () => {
    const reactions = (percent: number): number => {
      const { trace } = simulate({ options: opts({ seed: 5, offlinePercent: 0, intermittentPercent: 0, editAfterPullPercent: percent }) });
      let n = 0;
      for (const [i, e] of trace.entries()) {
        if (e.kind !== 'local-write' || e.op !== 'edit') continue;
        // A reaction: the same device merged (applied) this record at this very instant, just before.
        const prior = trace.slice(Math.max(0, i - 40), i).reverse();
        if (prior.some((p) => p.kind === 'merge' && p.t === e.t && p.device === e.device && p.recordId === e.recordId && p.applied)) n++;
      }
      return n;
    };
    expect(reactions(0)).toBe(0);
    expect(reactions(100)).toBeGreaterThan(5);
  });
});
