// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { TraceRecorder } from '../../src/sim/recorder.ts';
import type { SimDevice } from '../../src/sim/sim-device.ts';

function device(): SimDevice {
  return { id: 'a', outboxDepth: 0, actionStates: new Map(), conflictsSeen: 0 } as unknown as SimDevice;
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
    rec.observe(d, r.status());
    const first = rec.trace.map((e) => e.kind);
    expect(first).toEqual(['status']);
    rec.observe(d, r.status());
    expect(rec.trace).toHaveLength(1);
    r.create({ notes: 'x' }, 1_000);
    rec.observe(d, r.status());
    expect(rec.trace.slice(1).map((e) => e.kind)).toEqual(['outbox', 'status']);
  });
});

describe('TraceRecorder.conflicts', () => {
  const entry = (recordId: string) => ({ recordId, winner: { wallMs: 2, counter: 0, deviceId: 'b' }, loser: { wallMs: 1, counter: 0, deviceId: 'a' }, rule: 'lww-hlc', outcome: 'remote-won', atMs: 0 }) as const;

  it('takes the new entries from the end of a bounded log by the engine\'s own total', () => {
    const rec = new TraceRecorder(() => 0);
    const d = { ...device(), conflictsSeen: 4 };
    // A log bounded at two entries, five ever recorded: one is new.
    rec.conflicts(d, 5, [entry('r4'), entry('r5')]);
    expect(rec.trace.map((e) => (e.kind === 'conflict' ? e.recordId : e.kind))).toEqual(['r5']);
    expect(d.conflictsSeen).toBe(5);
  });

  it('with a total equal to the log length (an engine that keeps no total: the guard counts its log), takes what is past conflictsSeen', () => {
    const rec = new TraceRecorder(() => 0);
    const d = { ...device(), conflictsSeen: 1 };
    rec.conflicts(d, 2, [entry('r1'), entry('r2')]);
    expect(rec.trace.map((e) => (e.kind === 'conflict' ? e.recordId : e.kind))).toEqual(['r2']);
  });
});
