import { describe, expect, it } from 'vitest';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { TraceRecorder } from '../../src/sim/recorder.ts';
import type { SimDevice } from '../../src/sim/sim-device.ts';

function device(): SimDevice {
  return { id: 'a', outboxDepth: 0, statusKey: '', actionStates: new Map(), conflictsSeen: 0 } as unknown as SimDevice;
}

describe('TraceRecorder', () => {
  it('numbers events in order, stamps them with the virtual time and hashes what it recorded', () => {
    let now = 5;
    const rec = new TraceRecorder(() => now);
    rec.emit({ kind: 'phase', phase: 'fault' });
    now = 9;
    rec.emit({ kind: 'phase', phase: 'heal' });
    expect(rec.trace.map((e) => [e.i, e.t, e.kind])).toEqual([
      [0, 5, 'phase'],
      [1, 9, 'phase'],
    ]);
    const same = new TraceRecorder(() => 5);
    same.emit({ kind: 'phase', phase: 'fault' });
    expect(same.digest()).not.toBe(rec.digest());
  });

  it('reports outbox depth and status only when they change', () => {
    const rec = new TraceRecorder(() => 0);
    const r = defaultReconciler.create({ deviceId: 'a', accountId: 'acct', stampMode: 'hlc', accountKey: new Uint8Array(32), nonces: (n) => new Uint8Array(n), token: 't' });
    const d = device();
    rec.observe(d, r);
    const first = rec.trace.map((e) => e.kind);
    expect(first).toEqual(['status']);
    rec.observe(d, r);
    expect(rec.trace).toHaveLength(1);
    r.create({ notes: 'x' }, 1_000);
    rec.observe(d, r);
    expect(rec.trace.slice(1).map((e) => e.kind)).toEqual(['outbox', 'status']);
  });
});
