import { describe, expect, it } from 'vitest';
import { stampOrder } from '../../src/check/stamp-order.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import type { StampOrder } from '../../src/trace/stamp-order.ts';
import hashTieBreak from '../fixtures/engines/hash-tie-break.ts';
import tieBreakPerDevice from '../fixtures/broken-reconcilers/tie-break-per-device.ts';
import { cleanRuns, merge, stamp, trace, version, write } from './_internals/build.ts';

/** b and c edit the same entry at the same device-clock millisecond: an exact (wall, counter) tie, settled only by the tie-break. */
export function exactTie(): { options: ReturnType<typeof resolveSimOptions>; schedule: Schedule } {
  const zero = { offsetMs: 0, driftPpm: 0 };
  const options = resolveSimOptions({ seed: 1, devices: 3, durationMs: 20_000, lossPercent: 0, duplicatePercent: 0, oneWayFailurePercent: 0, reorderPercent: 0, clockOffsetMaxMs: 0, driftPpmMax: 0 }, 'test');
  const fields = { date: '2026-03-17', painLevel: 4, locations: ['knee'], medications: [], notes: 'sore' };
  const schedule = {
    devices: ['a', 'b', 'c'],
    initialModes: { a: 'online', b: 'online', c: 'online' },
    clocks: { a: zero, b: zero, c: zero },
    events: [
      { atMs: 1000, device: 'a', action: 'create', ref: 'e', fields },
      { atMs: 8000, device: 'b', action: 'edit', ref: 'e', fields: { ...fields, painLevel: 6 } },
      { atMs: 8000, device: 'c', action: 'edit', ref: 'e', fields: { ...fields, painLevel: 8 } },
    ],
  } as unknown as Schedule;
  return { options, schedule };
}

describe('stamp-order', () => {
  const check = (order: StampOrder | undefined, ...events: Parameters<typeof trace>) =>
    stampOrder.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc', ...(order ? { order } : {}) });
  const x = version('a/r1', 'a/o1', stamp(10, 'a'));
  const y = version('a/r1', 'b/o1', stamp(20, 'b'));
  it("flags a write stamped the same as the version it was editing (its base), not one repeating an older write's stamp", () => {
    const first = version('a/r1', 'a/o1', stamp(10, 'a'));
    const again = version('a/r1', 'a/o2', stamp(10, 'a'));
    expect(check(undefined, ...write(1, 'a', first, 'create', null), ...write(2, 'a', again, 'edit', 'a/o1')).map((v) => v.message)).toEqual([
      expect.stringContaining('the stamp of a/o1, the version it was editing'),
    ]);
    const between = version('a/r1', 'a/o2', stamp(20, 'a'));
    const older = version('a/r1', 'a/o3', stamp(10, 'a'));
    expect(check(undefined, ...write(1, 'a', first, 'create', null), ...write(2, 'a', between, 'edit', 'a/o1'), ...write(3, 'a', older, 'edit', 'a/o2'))).toEqual([]);
  });
  it('passes the built-in order on committed stamps and consistent merge decisions', () => {
    expect(check(undefined, ...write(1, 'a', x), ...write(2, 'b', y), merge(3, 'a', 'b/o1', y))).toEqual([]);
  });
  it('flags an order that is not total (says 0 for different stamps)', () => {
    const flat: StampOrder = { compare: () => 0 };
    expect(check(flat, ...write(1, 'a', x), ...write(2, 'b', y))[0]!.message).toContain('antisymmetric');
  });
  it('compares every pair up to 150 stamps and neighbours only beyond, in sorted order, up to three findings', () => {
    // An order that says 0 for every pair of stamps written at even times: "not total" wherever two such stamps are compared.
    const evenTies: StampOrder = { compare: (a, b) => (a === b ? 0 : Number(a.slice(0, 15)) % 2 === 0 && Number(b.slice(0, 15)) % 2 === 0 ? 0 : a < b ? -1 : 1) };
    const writes = (n: number) => Array.from({ length: n }, (_, k) => write(k + 1, 'a', version(`a/r${k}`, `a/o${k}`, stamp(k + 1, 'a')), 'create')).flat();
    const pairsOf = (found: { message: string }[]) => found.map((v) => v.message.match(/^stamps (\S+) and (\S+):/)!.slice(1).map((s) => Number(s.slice(0, 15))));
    // 10 stamps: every pair is compared, so the first findings are 2 with 4, 2 with 6, 2 with 8 (not neighbours).
    expect(pairsOf(check(evenTies, ...writes(10)))).toEqual([[2, 4], [2, 6], [2, 8]]);
    // 160 stamps: neighbours only; no two even stamps are neighbours, so nothing is found.
    expect(check(evenTies, ...writes(160))).toEqual([]);
  });
  it('flags an order that contradicts wall time beyond its tie window, and passes it within the window', () => {
    const reversed: StampOrder = { compare: (a, b) => (a < b ? 1 : a > b ? -1 : 0), wallMs: (s) => Number(s.slice(0, 15)), tieWindowMs: 5 };
    expect(check(reversed, ...write(1, 'a', x), ...write(2, 'b', y))[0]!.message).toContain('tie window of 5 ms');
    expect(check({ ...reversed, tieWindowMs: 10 }, ...write(1, 'a', x), ...write(2, 'b', y))).toEqual([]);
  });
  it('flags two devices deciding the same pair differently', () => {
    const found = check(undefined, ...write(1, 'a', x), ...write(2, 'b', y), merge(3, 'a', 'b/o1', x, false), merge(4, 'b', 'a/o1', y, false));
    expect(found.some((v) => v.message.includes('ordered') && v.devices.join() === 'a,b')).toBe(true);
  });
  it('judges a correct engine with its own tie-break (a hash of the device id) by its order: no violation on an exact tie', () => {
    const { options, schedule } = exactTie();
    const run = runChecked({ options, schedule, reconciler: hashTieBreak });
    const edits = run.trace.filter((e) => e.kind === 'local-write' && e.op === 'edit').map((e) => (e.kind === 'local-write' ? e.version!.stamp.slice(0, 24) : ''));
    expect(new Set(edits).size).toBe(1); // the two edits really tie on (wall, counter)
    expect(run.violations).toEqual([]);
    // Judged by the lab's built-in tie-break instead, the same correct run would be called wrong.
    const imposed = runChecked({ options, schedule, reconciler: { ...hashTieBreak, stampOrder: undefined } as never });
    expect(imposed.violations.map((v) => v.checker)).toContain('lww-winner');
  });
  it('catches an engine whose tie-break differs between devices', () => {
    const { options, schedule } = exactTie();
    const run = runChecked({ options, schedule, reconciler: tieBreakPerDevice });
    expect(run.violations.filter((v) => v.checker === 'stamp-order').length).toBeGreaterThan(0);
  });
  it('passes correct runs of the default engine', () => {
    expect(cleanRuns('stamp-order')).toEqual([]);
    expect(cleanRuns('stamp-order', { stampMode: 'wall', clockOffsetMaxMs: 5000 })).toEqual([]);
  });
});
