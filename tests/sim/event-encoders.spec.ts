import { describe, expect, it } from 'vitest';
import { TraceEncoder, TraceHasher, knownShape } from '../../src/core/trace-hash.ts';
import { encodeHotEvent, HOT_EVENT_KEYS } from '../../src/sim/event-encoders.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

/** Runs whose traces hold every hot kind, the optional keys of server-apply included (partial applies, refusals). */
function traces(): TraceEvent[][] {
  return [
    simulate({ options: resolveSimOptions({ seed: 3, devices: 3, durationMs: 120_000 }, 'test') }).trace,
    simulate({ options: resolveSimOptions({ seed: 5, devices: 4, durationMs: 120_000, partialApplyPercent: 50, tokenExpiriesPerHour: 60, serverOutagesPerHour: 30 }, 'test') }).trace,
  ];
}

function generic(events: readonly unknown[]): Uint8Array {
  const enc = new TraceEncoder();
  for (const e of events) enc.value(e);
  return enc.bytes().slice();
}

function hot(events: readonly TraceEvent[]): { bytes: Uint8Array; hotCount: number } {
  const enc = new TraceEncoder();
  let hotCount = 0;
  for (const e of events) {
    if (encodeHotEvent(enc, e)) hotCount++;
    else enc.value(e);
  }
  return { bytes: enc.bytes().slice(), hotCount };
}

describe('hot event encoders', () => {
  const runs = traces();

  it('write the very bytes of the generic encoding, shape numbers included, on whole runs', () => {
    for (const trace of runs) {
      const { bytes, hotCount } = hot(trace);
      expect(hotCount).toBeGreaterThan(trace.length / 2);
      expect(Buffer.from(bytes).equals(Buffer.from(generic(trace)))).toBe(true);
      const a = new TraceHasher();
      const b = new TraceHasher();
      for (const e of trace) {
        a.update(e);
        b.updateWith(e, encodeHotEvent);
      }
      expect(b.digest()).toBe(a.digest());
    }
  });

  it('list every key the simulator gives events of their kinds, and take the optional ones to the generic encoder', () => {
    const seen = new Map<string, Set<string>>();
    for (const trace of runs) {
      for (const e of trace) {
        if (!(e.kind in HOT_EVENT_KEYS)) continue;
        const listed = HOT_EVENT_KEYS[e.kind as keyof typeof HOT_EVENT_KEYS] as readonly string[];
        for (const key of Object.keys(e)) expect(listed).toContain(key);
        const keys = seen.get(e.kind) ?? new Set();
        for (const key of Object.keys(e)) keys.add(key);
        seen.set(e.kind, keys);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(HOT_EVENT_KEYS).sort());
    // The optional keys did occur, and such events went the generic way (the byte test above covers them).
    expect(seen.get('server-apply')).toContain('error');
    expect(seen.get('server-apply')).toContain('partial');
    const withError = runs.flat().find((e) => e.kind === 'server-apply' && e.error !== undefined)!;
    expect(encodeHotEvent(new TraceEncoder(), withError)).toBe(false);
  });

  it('write nothing for an event with an undefined value, which the generic encoder encodes without that key', () => {
    const event = { i: 1, t: 2, kind: 'msg-deliver', msgId: 'm1', to: undefined } as unknown as TraceEvent;
    const enc = new TraceEncoder();
    expect(encodeHotEvent(enc, event)).toBe(false);
    expect(enc.pos).toBe(0);
    const a = new TraceHasher();
    a.updateWith(event, encodeHotEvent);
    const b = new TraceHasher();
    b.update({ i: 1, t: 2, kind: 'msg-deliver', msgId: 'm1' });
    expect(a.digest()).toBe(b.digest());
  });

  it('knownShape refuses keys that are not sorted and distinct', () => {
    expect(() => knownShape(['t', 'i'])).toThrow(/sorted and distinct/);
    expect(() => knownShape(['i', 'i'])).toThrow(/sorted and distinct/);
  });
});
