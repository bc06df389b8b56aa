// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { SyncClient } from '../../src/reconciler/sync-client.ts';
import { DEFAULT_SYNC_POLICY } from '../../src/reconciler/types.ts';

describe('SyncClient', () => {
  it('never allows a send while offline, in flight, auth-expired or backing off', () => {
    const c = new SyncClient(DEFAULT_SYNC_POLICY);
    expect(c.canSend(0)).toBe(false);
    c.setConnectivity('online');
    expect(c.canSend(0)).toBe(true);
    c.inFlight = { requestId: 'q1', type: 'pull' };
    expect(c.canSend(0)).toBe(false);
    c.inFlight = null;
    c.authExpired = true;
    expect(c.canSend(0)).toBe(false);
    c.authExpired = false;
    c.failed(0);
    expect(c.canSend(499)).toBe(false);
    expect(c.canSend(500)).toBe(true);
  });

  it('schedules interval pulls and clamps them when the clock jumps back', () => {
    const c = new SyncClient({ ...DEFAULT_SYNC_POLICY, pullIntervalMs: 1000 });
    c.setConnectivity('online');
    expect(c.pullWanted(0)).toBe(true);
    c.pullFinished(false, 10_000);
    expect(c.pullWanted(10_500)).toBe(false);
    expect(c.nextWakeMs(10_500, false)).toBe(11_000);
    expect(c.nextWakeMs(10_500, true)).toBe(10_500);
    expect(c.nextPullAtMs(0)).toBe(1000);
    c.pullFinished(true, 0);
    expect(c.pullWanted(0)).toBe(true);
  });

  it('marks a pull due on reconnect', () => {
    const c = new SyncClient(DEFAULT_SYNC_POLICY);
    c.setConnectivity('online');
    c.pullFinished(false, 0);
    c.setConnectivity('offline');
    expect(c.nextWakeMs(0, true)).toBeNull();
    c.setConnectivity('intermittent');
    expect(c.pullWanted(1)).toBe(true);
  });
});
