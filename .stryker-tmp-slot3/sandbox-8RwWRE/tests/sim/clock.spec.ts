// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { DeviceClock } from '../../src/sim/clock.ts';

describe('DeviceClock', () => {
  it('adds the offset and the drift in ppm', () => {
    const clock = new DeviceClock(1_000, 100);
    expect(clock.readMs(0)).toBe(1_000);
    // 1,000 s of true time at +100 ppm runs 100 ms fast.
    expect(clock.readMs(1_000_000_000)).toBe(1_000_000 + 1_000 + 100);
    expect(clock.skewMs(1_000_000_000)).toBe(1_100);
  });

  it('jumps back and forth and never reads below zero', () => {
    const clock = new DeviceClock(0, 0);
    clock.jump(-5_000);
    expect(clock.readMs(1_000_000)).toBe(0);
    clock.jump(10_000);
    expect(clock.readMs(1_000_000)).toBe(6_000);
  });

  it('maps a device reading back to true time, never into the past', () => {
    const clock = new DeviceClock(500, -200);
    const at = clock.trueUsAt(10_500, 0);
    expect(clock.readMs(at)).toBeGreaterThanOrEqual(10_500);
    expect(clock.readMs(at - 2_000)).toBeLessThan(10_500);
    expect(clock.trueUsAt(0, 5_000)).toBe(5_000);
  });
});

describe('DeviceClock with an epoch', () => {
  it('reads real dates, so a clock behind true time still moves', () => {
    const epoch = 1_773_705_600_000;
    const clock = new DeviceClock(-60_000, 0, epoch);
    expect(clock.readMs(0)).toBe(epoch - 60_000);
    expect(clock.readMs(1_000_000)).toBe(epoch - 59_000);
    expect(clock.skewMs(1_000_000)).toBe(-60_000);
    expect(clock.readMs(clock.trueUsAt(epoch - 50_000, 0))).toBeGreaterThanOrEqual(epoch - 50_000);
  });
});

describe('DeviceClock reading in coarse steps', () => {
  it('reads rounded down to its step and wakes at the step that first reaches a reading', () => {
    const clock = new DeviceClock(0, 0, 1_000_000, 1000);
    expect(clock.readMs(0)).toBe(1_000_000);
    expect(clock.readMs(999_000)).toBe(1_000_000);
    expect(clock.readMs(1_000_000)).toBe(1_001_000);
    // Asked for 1_000_500 it reads that (or more) only at the next whole second.
    const at = clock.trueUsAt(1_000_500, 0);
    expect(at).toBe(1_000_000);
    expect(clock.readMs(at)).toBeGreaterThanOrEqual(1_000_500);
    expect(clock.readMs(at - 1)).toBeLessThan(1_000_500);
  });

  it('with step 1 reads exactly as an unstepped clock', () => {
    const a = new DeviceClock(37, 150, 5_000);
    const b = new DeviceClock(37, 150, 5_000, 1);
    for (const us of [0, 1, 999, 123_456_789]) expect(b.readMs(us)).toBe(a.readMs(us));
    expect(b.trueUsAt(9_999, 0)).toBe(a.trueUsAt(9_999, 0));
  });
});
