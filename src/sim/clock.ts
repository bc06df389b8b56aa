/**
 * A device's wall clock: the run's epoch plus true time, an offset, a drift in parts per million,
 * and any jumps. The reconciler only ever sees `readMs`, the device's own (possibly wrong) reading.
 * Readings are Unix ms near `epochMs` (a real date), so skew and jumps backwards never pin a clock
 * at zero.
 */
export class DeviceClock {
  private offsetMs: number;
  private readonly driftPpm: number;
  private readonly epochMs: number;

  constructor(offsetMs: number, driftPpm: number, epochMs = 0) {
    this.offsetMs = offsetMs;
    this.driftPpm = driftPpm;
    this.epochMs = epochMs;
  }

  /** The device's reading in whole Unix ms at true time `trueUs` (never below zero). */
  readMs(trueUs: number): number {
    const trueMs = trueUs / 1000;
    return Math.max(0, Math.floor(this.epochMs + trueMs + this.offsetMs + (trueMs * this.driftPpm) / 1e6));
  }

  /** Device reading minus true time, in ms. */
  skewMs(trueUs: number): number {
    return this.readMs(trueUs) - this.epochMs - Math.floor(trueUs / 1000);
  }

  jump(deltaMs: number): void {
    this.offsetMs += deltaMs;
  }

  /** The true time (µs, not before `nowUs`) at which the device clock reads `deviceMs`. */
  trueUsAt(deviceMs: number, nowUs: number): number {
    const trueMs = (deviceMs - this.epochMs - this.offsetMs) / (1 + this.driftPpm / 1e6);
    return Math.max(nowUs, Math.ceil(trueMs * 1000));
  }
}
