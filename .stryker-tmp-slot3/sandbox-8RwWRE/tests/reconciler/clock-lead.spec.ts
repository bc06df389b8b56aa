// @ts-nocheck
// The default reconciler's clock-lead policy (SyncPolicy.maxClockLeadMs, issue 11.8): a pulled stamp
// more than the bound ahead of the device's clock is merged by LWW but not followed by the clock, and
// the refusal is logged in status(); a local edit of a record shown with such a stamp still beats it.
import { describe, expect, it } from 'vitest';
import { World } from './_internals/world.ts';

const DAY = 86_400_000;
const T = 1_000_000;

describe('clock-lead policy', () => {
  function jumped(policy = {}) {
    const w = new World(['a', 'b'], { policy, server: { tokenTtlMs: 10 * DAY } });
    const a = w.device('a');
    const r = a.create({ notes: 'from a clock a day ahead' }, T + DAY);
    w.sync('a', T + DAY);
    w.sync('b', T);
    return { w, a, b: w.device('b'), r };
  }

  it('merges the far-ahead version, logs the refusal, and keeps its own clock: a new record is stamped now', () => {
    const { b, r } = jumped();
    expect(b.read(r.id)?.opId).toBe(r.opId);
    expect(b.status().clockLeadRefused).toEqual({ count: 1, lastRemoteWallMs: T + DAY, atMs: T });
    const fresh = b.create({ notes: 'tuesday' }, T + 10);
    expect(fresh.stamp.wallMs).toBe(T + 10);
  });

  it('an edit made after seeing the far-ahead version is stamped just above it, so it wins', () => {
    const { b, r } = jumped();
    const edit = b.edit(r.id, { notes: 'seen, then edited' }, T + 20);
    expect(edit.stamp).toEqual({ wallMs: T + DAY, counter: r.stamp.counter + 1, deviceId: 'b' });
    expect(b.read(r.id)?.opId).toBe(edit.opId);
  });

  it('without the bound (a huge maxClockLeadMs) the clock follows: the new record is stamped a day ahead, nothing logged', () => {
    const { b } = jumped({ maxClockLeadMs: Number.MAX_SAFE_INTEGER });
    expect(b.status().clockLeadRefused).toBeUndefined();
    expect(b.create({ notes: 'tuesday' }, T + 10).stamp.wallMs).toBe(T + DAY);
  });

  it('a stamp within the bound is followed as before (status unchanged)', () => {
    const w = new World(['a', 'b']);
    const r = w.device('a').create({ notes: 'a minute ahead' }, T + 60_000);
    w.sync('a', T + 60_000);
    w.sync('b', T);
    expect(w.device('b').status()).not.toHaveProperty('clockLeadRefused');
    expect(w.device('b').create({ notes: 'x' }, T).stamp.wallMs).toBe(r.stamp.wallMs);
  });
});
