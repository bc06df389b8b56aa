import { describe, expect, it } from 'vitest';
import { SYNC_ERROR_CODES } from '../../src/core/wire.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { SnapshotError, parseSnapshot } from '../../src/reconciler/snapshot.ts';
import type { ReconcilerOptions } from '../../src/reconciler/types.ts';
import { World } from './_internals/world.ts';

describe('snapshot', () => {
  it('accepts what save() writes, as plain JSON', () => {
    const w = new World(['a']);
    w.device('a').create({ notes: 'x' }, 5);
    w.device('a').requestBackup(5);
    const snap = JSON.parse(JSON.stringify(w.device('a').save()));
    expect(parseSnapshot(snap)).toEqual(snap);
    expect(snap).toMatchObject({ format: 'sync-lab/default-reconciler/v1', cursor: 0, outbox: [{ opId: 'a/o1' }], remoteActions: [{ kind: 'backup', state: 'pending' }] });
  });

  it('takes an action in every state and with every error an action can carry (the durable format, not only what save() writes today)', () => {
    // save() writes unfinished actions only, so exploration never hands restore a failed one: this pins the format.
    const w = new World(['a']);
    const snap = JSON.parse(JSON.stringify(w.device('a').save()));
    const errors = [null, ...SYNC_ERROR_CODES, 'transport'];
    const remoteActions = ['pending', 'in-flight', 'done', 'failed'].flatMap((state, i) =>
      errors.map((lastError, j) => ({ id: `a/x${i * 10 + j}`, kind: 'backup', state, attempts: 1, lastError })),
    );
    const full = { ...snap, remoteActions };
    expect(parseSnapshot(full)).toEqual(full);
    // Restored: an action that was in flight is pending again; a failed one keeps its error (account-deleted included).
    const restored = defaultReconciler.restore(full, w.options.get('a') as ReconcilerOptions, 10).status().remoteActions;
    expect(restored.find((a) => a.id === 'a/x11')).toMatchObject({ state: 'pending' });
    for (const [j, lastError] of errors.entries()) expect(restored.find((a) => a.id === `a/x${30 + j}`)).toMatchObject({ state: 'failed', lastError });
  });

  it('names the bad field', () => {
    const snap = JSON.parse(JSON.stringify(new World(['a']).device('a').save()));
    expect(() => parseSnapshot({ ...snap, format: 'v0' })).toThrow(SnapshotError);
    expect(() => parseSnapshot({ ...snap, clock: 'now' })).toThrow(/invalid field clock/);
    expect(() => parseSnapshot({ ...snap, counters: { ...snap.counters, op: 1.5 } })).toThrow(/counters\.op/);
    expect(() => parseSnapshot({ ...snap, surprise: 1 })).toThrow(/\(root\)|surprise/);
  });
});
