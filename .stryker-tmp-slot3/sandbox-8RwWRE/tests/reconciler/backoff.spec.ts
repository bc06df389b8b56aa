// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/reconciler/backoff.ts';

describe('Backoff', () => {
  it('doubles from the initial delay up to the ceiling, deterministically', () => {
    const b = new Backoff(100, 1000);
    expect([1, 2, 3, 4, 5, 60].map((n) => b.delayFor(n))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.fail(0)).toBe(100);
    expect(b.fail(100)).toBe(300);
    expect(b.waiting(299)).toBe(true);
    expect(b.waiting(300)).toBe(false);
    b.reset();
    expect(b.retryAtMs(0)).toBeNull();
  });

  it('caps the wait at the ceiling when the clock jumps back', () => {
    const b = new Backoff(100, 1000);
    b.fail(1_000_000);
    expect(b.retryAtMs(0)).toBe(1000);
  });

  it('rejects nonsensical settings', () => {
    expect(() => new Backoff(0, 10)).toThrow(/backoff/);
    expect(() => new Backoff(10, 5)).toThrow(/backoff/);
  });
});
