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

describe('shared and coarse clocks together', () => {
  it('a device sharing the first device clock reads it in its step too, and quantisedClockStepMs fixes the step of every coarse clock', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const s = generateSchedule(opts({ seed, quantisedClockPercent: 100, sharedClockPercent: 100 }));
      for (const d of s.devices) expect(s.clocks[d]).toEqual(s.clocks['a']);
      const fixed = generateSchedule(opts({ seed, quantisedClockPercent: 100, quantisedClockStepMs: 1000 }));
      for (const d of fixed.devices) expect(fixed.clocks[d]!.stepMs).toBe(1000);
    }
  });

  it('refuses a step with no coarse clock to read in it', () => {
    expect(() => opts({ quantisedClockStepMs: 1000 })).toThrow(/field "quantisedClockStepMs": is 1000 ms, but no clock is coarse \(quantisedClockPercent 0\)/);
    expect(() => opts({ quantisedClockPercent: 50, quantisedClockStepMs: 7 })).toThrow(/field "quantisedClockStepMs"/);
  });
});

describe('createAfterPullPercent', () => {
  // A quiet run on one coarse clock: pulls land in the second of the writes they bring.
  const quiet = (over: Record<string, unknown>) => opts({ seed: 5, offlinePercent: 0, intermittentPercent: 0, ...over });
  const reactionCreates = (trace: ReturnType<typeof simulate>['trace']) =>
    trace.filter((e, i) => e.kind === 'local-write' && e.op === 'create' && e.ok && trace.slice(Math.max(0, i - 40), i).some((p) => p.kind === 'merge' && p.t === e.t && p.device === e.device && p.applied));

  it('makes users write a new entry in the instant a pull changed something, a record later reactions may edit', () => {
    const { trace } = simulate({ options: quiet({ createAfterPullPercent: 100, editAfterPullPercent: 50 }) });
    const created = new Set(reactionCreates(trace).map((e) => (e.kind === 'local-write' ? e.recordId : '')));
    expect(created.size).toBeGreaterThan(5);
    expect(trace.some((e) => e.kind === 'local-write' && e.op === 'edit' && e.ok && created.has(e.recordId))).toBe(true);
  });

  it('at 0 leaves the trace as it was (its stream is not drawn)', () => {
    expect(simulate({ options: quiet({ createAfterPullPercent: 0 }) }).traceHash).toBe(simulate({ options: quiet({}) }).traceHash);
    expect(reactionCreates(simulate({ options: quiet({}) }).trace)).toEqual([]);
  });
});

describe('pokeAfterAckPercent', () => {
  it('places a sync-now of another device at the writer\'s next ack, for the share of user writes asked', () => {
    const plain = generateSchedule(opts({}));
    const poked = generateSchedule(opts({ pokeAfterAckPercent: 100 }));
    const pokes = poked.events.filter((e) => e.action === 'on');
    const writes = plain.events.filter((e) => e.action === 'create' || e.action === 'edit' || e.action === 'delete');
    expect(pokes).toHaveLength(writes.length);
    for (const p of pokes) {
      expect(p).toMatchObject({ action: 'on', when: 'after-ack', then: { action: 'sync-now' } });
      if (p.action === 'on' && 'device' in p.then) expect(p.then.device).not.toBe(p.device);
    }
    // Only added: the other events are the plain schedule's.
    expect(poked.events.filter((e) => e.action !== 'on')).toEqual(plain.events);
    expect(generateSchedule(opts({ pokeAfterAckPercent: 0 }))).toEqual(plain);
    expect(generateSchedule(opts({ devices: 1, pokeAfterAckPercent: 100 })).events.some((e) => e.action === 'on')).toBe(false);
  });

  it('makes the poked device pull right after the writer\'s save is stored', () => {
    const { trace } = simulate({ options: opts({ seed: 5, devices: 2, offlinePercent: 0, intermittentPercent: 0, pokeAfterAckPercent: 100 }) });
    const fired = trace.filter((e) => e.kind === 'targeted' && e.action === 'sync-now' && e.state === 'fired');
    expect(fired.length).toBeGreaterThan(5);
  });
});
