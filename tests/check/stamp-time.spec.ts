import { describe, expect, it } from 'vitest';
import { STAMP_TIME_TOLERANCE_MS, stampTime } from '../../src/check/stamp-time.ts';
import type { StampOrder } from '../../src/trace/stamp-order.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import lamportClock from '../fixtures/broken-reconcilers/lamport-clock.ts';
import followsAnyClock from '../fixtures/broken-reconcilers/follows-any-clock.ts';
import hashTieBreak from '../fixtures/engines/hash-tie-break.ts';
import { firstCaught, simulateChecked, stamp, trace, version, write } from './_internals/build.ts';

/** One write by device a at virtual time `t` µs, handed clock reading `readingMs`, stamped at `stampWallMs`. */
function writeAt(readingMs: number, stampWallMs: number, mode: 'hlc' | 'wall' = 'hlc'): TraceEvent[] {
  const events = trace(...write(1000, 'a', version('a/r1', 'a/o1', stamp(stampWallMs, 'a')), 'create'));
  const start = events[0]!;
  if (start.kind === 'run-start') start.stampMode = mode;
  const w = events[1]!;
  if (w.kind === 'local-write') w.wallMs = readingMs;
  return events;
}

const check = (events: TraceEvent[], order?: StampOrder) => stampTime.check({ trace: events, serverState: {}, stampMode: 'hlc', ...(order ? { order } : {}) });

describe('stamp-time', () => {
  it('passes a stamp at, ahead of, or within the tolerance behind the reading (hlc)', () => {
    expect(check(writeAt(50_000, 50_000))).toEqual([]);
    expect(check(writeAt(50_000, 90_000_000))).toEqual([]);
    expect(check(writeAt(50_000, 50_000 - STAMP_TIME_TOLERANCE_MS))).toEqual([]);
  });
  it('flags a stamp more than the tolerance behind the writer\'s clock reading, naming both', () => {
    const found = check(writeAt(50_000, 50_000 - STAMP_TIME_TOLERANCE_MS - 1));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('1001 ms behind its own clock reading 50000 ms');
    expect(found[0]).toMatchObject({ checker: 'stamp-time', devices: ['a'], records: ['a/r1'], eventIndex: 1 });
  });
  it('in wall mode, flags a stamp ahead of the reading beyond the tolerance (the mode is the raw clock), not within it', () => {
    expect(check(writeAt(50_000, 50_000 + STAMP_TIME_TOLERANCE_MS + 1, 'wall'))[0]!.message).toContain('in wall stamp mode, 1001 ms ahead');
    expect(check(writeAt(50_000, 50_000 + STAMP_TIME_TOLERANCE_MS, 'wall'))).toEqual([]);
    expect(check(writeAt(50_000, 50_000 - STAMP_TIME_TOLERANCE_MS - 1, 'wall'))[0]!.message).toContain('behind');
  });
  it('reads the wall part through the declared order, and judges nothing when the order cannot say it', () => {
    const doubled: StampOrder = { compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0), wallMs: (s) => Number(s.slice(0, 15)) * 2 };
    expect(check(writeAt(50_000, 25_000), doubled)).toEqual([]);
    expect(check(writeAt(50_000, 10), { compare: doubled.compare })).toEqual([]);
  });
  it('catches a Lamport clock (stamps that stop following the device clock)', () => {
    const caught = firstCaught('stamp-time', lamportClock);
    expect(caught?.found[0]!.message).toMatch(/ms behind its own clock reading/);
  });
  it('passes correct engines: the default (hlc and wall), hash-tie-break, and the clock-following fixture (its stamps run ahead, the future-stamp hazard)', () => {
    for (const seed of [1, 2, 3]) {
      for (const [engine, extra] of [[undefined, {}], [undefined, { stampMode: 'wall' as const, clockJumpsPerHour: 600, quantisedClockPercent: 50 }], [hashTieBreak, {}], [followsAnyClock, { clockJumpsPerHour: 600, clockJumpMaxMs: 86_400_000 }]] as const) {
        const run = simulateChecked(seed, engine, extra);
        expect(run.violations.filter((v) => v.checker === 'stamp-time')).toEqual([]);
      }
    }
  });
});
