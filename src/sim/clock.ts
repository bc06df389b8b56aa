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
  /** The clock reads in steps of this many ms (1: every ms; 10, 100, 1000: coarse platform clocks). */
  readonly stepMs: number;

  constructor(offsetMs: number, driftPpm: number, epochMs = 0, stepMs = 1) {
    this.offsetMs = offsetMs;
    this.driftPpm = driftPpm;
    this.epochMs = epochMs;
    this.stepMs = stepMs;
  }

  /** The clock's sample for the trace: its skew now, and its step when coarse (absent when 1, as before steps existed). */
  sample(trueUs: number, jump: boolean): { offsetMs: number; jump: boolean; stepMs?: number } {
    return { offsetMs: this.skewMs(trueUs), jump, ...(this.stepMs > 1 ? { stepMs: this.stepMs } : {}) };
  }

  /** The device's reading in whole Unix ms at true time `trueUs` (never below zero), rounded down to its step. */
  readMs(trueUs: number): number {
    const trueMs = trueUs / 1000;
    const raw = Math.max(0, Math.floor(this.epochMs + trueMs + this.offsetMs + (trueMs * this.driftPpm) / 1e6));
    return this.stepMs === 1 ? raw : raw - (raw % this.stepMs);
  }

  /** Device reading minus true time, in ms. */
  skewMs(trueUs: number): number {
    return this.readMs(trueUs) - this.epochMs - Math.floor(trueUs / 1000);
  }

  jump(deltaMs: number): void {
    this.offsetMs += deltaMs;
  }

  /** The jump (ms) that makes the clock read exactly `deviceMs` (a multiple of its step) at `trueUs`. */
  deltaTo(deviceMs: number, trueUs: number): number {
    return deviceMs - this.readMs(trueUs);
  }

  /** The true time (µs, not before `nowUs`) at which the device clock reads `deviceMs`. */
  trueUsAt(deviceMs: number, nowUs: number): number {
    // A stepped clock first reads `deviceMs` (or more) at the next step boundary.
    const target = this.stepMs === 1 ? deviceMs : Math.ceil(deviceMs / this.stepMs) * this.stepMs;
    const trueMs = (target - this.epochMs - this.offsetMs) / (1 + this.driftPpm / 1e6);
    return Math.max(nowUs, Math.ceil(trueMs * 1000));
  }
}
