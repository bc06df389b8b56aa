// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareStamps, createStampClock, decodeStamp, encodeStamp, maxStamp, observe, tick } from '../../src/core/stamp.ts';
import type { Stamp } from '../../src/core/stamp.ts';

const stamp: fc.Arbitrary<Stamp> = fc.record({
  wallMs: fc.integer({ min: 0, max: 3 }).map((n) => 1_700_000_000_000 + n),
  counter: fc.integer({ min: 0, max: 3 }),
  deviceId: fc.constantFrom('a', 'b', 'ab', 'c-1'),
});
const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe('stamp order', () => {
  it('is antisymmetric, zero only for equal stamps, and transitive (1000 runs)', () => {
    fc.assert(
      fc.property(stamp, stamp, stamp, (x, y, z) => {
        expect(sign(compareStamps(x, y)) + sign(compareStamps(y, x))).toBe(0);
        const same = x.wallMs === y.wallMs && x.counter === y.counter && x.deviceId === y.deviceId;
        expect(compareStamps(x, y) === 0).toBe(same);
        if (compareStamps(x, y) <= 0 && compareStamps(y, z) <= 0) expect(compareStamps(x, z)).toBeLessThanOrEqual(0);
        expect(maxStamp(x, y)).toEqual(compareStamps(x, y) >= 0 ? x : y);
      }),
      { numRuns: 1000 },
    );
  });

  it('encodeStamp string order equals compareStamps order, and decode inverts encode (1000 runs)', () => {
    const wide = fc.record({
      wallMs: fc.integer({ min: 0, max: 10 ** 15 - 1 }),
      counter: fc.integer({ min: 0, max: 10 ** 8 - 1 }),
      deviceId: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
    });
    fc.assert(
      fc.property(fc.oneof(stamp, wide), fc.oneof(stamp, wide), (x, y) => {
        const ex = encodeStamp(x);
        const ey = encodeStamp(y);
        expect(sign(ex < ey ? -1 : ex > ey ? 1 : 0)).toBe(sign(compareStamps(x, y)));
        expect(decodeStamp(ex)).toEqual(x);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects malformed encodings and negative times', () => {
    expect(() => decodeStamp('12.3.a')).toThrow(/core\/stamp/);
    expect(() => encodeStamp({ wallMs: -1, counter: 0, deviceId: 'a' })).toThrow(/non-negative/);
  });
});

describe('hybrid logical clock', () => {
  it('issues strictly increasing stamps under clock jumps back and forth and remote observations (1000 runs)', () => {
    const step = fc.oneof(
      fc.record({ k: fc.constant('tick' as const), jumpMs: fc.integer({ min: -100_000, max: 100_000 }) }),
      fc.record({ k: fc.constant('observe' as const), jumpMs: fc.integer({ min: -100_000, max: 100_000 }), remote: stamp }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const clock = createStampClock('hlc', 'a');
        let wall = 1_700_000_000_000;
        let last: Stamp | null = null;
        let seenMax: Stamp | null = null;
        for (const s of steps) {
          wall = Math.max(0, wall + s.jumpMs);
          if (s.k === 'observe') {
            observe(clock, s.remote, wall);
            seenMax = seenMax ? maxStamp(seenMax, s.remote) : s.remote;
            continue;
          }
          const next = tick(clock, wall);
          if (last) expect(compareStamps(next, last)).toBeGreaterThan(0);
          // A write made after seeing a stamp is later than it: the causal guarantee HLC gives.
          if (seenMax) expect(compareStamps(next, seenMax)).toBeGreaterThan(0);
          expect(next.deviceId).toBe('a');
          last = next;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('wall mode follows the raw clock, so a later write can carry a smaller stamp', () => {
    const clock = createStampClock('wall', 'a');
    const first = tick(clock, 5000);
    const second = tick(clock, 4000);
    expect(compareStamps(second, first)).toBeLessThan(0);
    expect(tick(clock, 4000)).toEqual({ wallMs: 4000, counter: 1, deviceId: 'a' });
    observe(clock, { wallMs: 9000, counter: 0, deviceId: 'b' }, 4000);
    expect(tick(clock, 4500).wallMs).toBe(4500);
  });
});
