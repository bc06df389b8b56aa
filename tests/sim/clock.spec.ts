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
