/**
 * Retry timing after failed requests: exponential from `initialMs` to `maxMs`, no jitter, because
 * every run must replay identically. A device clock that jumps back cannot push a retry further out
 * than `maxMs` from the current reading.
 */
// @ts-nocheck

export class Backoff {
  private failures = 0;
  private retryAt: number | null = null;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    if (!(initialMs > 0) || !(maxMs >= initialMs)) {
      throw new RangeError(`reconciler/backoff: need 0 < backoffInitialMs <= backoffMaxMs, got ${initialMs}, ${maxMs}`);
    }
  }

  /** Delay for the n-th consecutive failure (1-based). */
  delayFor(failures: number): number {
    const exponent = Math.min(Math.max(failures - 1, 0), 52);
    return Math.min(this.maxMs, this.initialMs * 2 ** exponent);
  }

  fail(nowMs: number): number {
    this.failures++;
    this.retryAt = nowMs + this.delayFor(this.failures);
    return this.retryAt;
  }

  reset(): void {
    this.failures = 0;
    this.retryAt = null;
  }

  /** The retry time, clamped so that a backwards clock jump does not stall retries. */
  retryAtMs(nowMs: number): number | null {
    if (this.retryAt !== null && this.retryAt > nowMs + this.maxMs) this.retryAt = nowMs + this.maxMs;
    return this.retryAt;
  }

  /** The stored retry time without clamping (for status disclosure). */
  get pendingRetryAtMs(): number | null {
    return this.retryAt;
  }

  waiting(nowMs: number): boolean {
    const at = this.retryAtMs(nowMs);
    return at !== null && at > nowMs;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
