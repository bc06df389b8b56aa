// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { SnapshotError, parseSnapshot } from '../../src/reconciler/snapshot.ts';
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

  it('names the bad field', () => {
    const snap = JSON.parse(JSON.stringify(new World(['a']).device('a').save()));
    expect(() => parseSnapshot({ ...snap, format: 'v0' })).toThrow(SnapshotError);
    expect(() => parseSnapshot({ ...snap, clock: 'now' })).toThrow(/invalid field clock/);
    expect(() => parseSnapshot({ ...snap, counters: { ...snap.counters, op: 1.5 } })).toThrow(/counters\.op/);
    expect(() => parseSnapshot({ ...snap, surprise: 1 })).toThrow(/\(root\)|surprise/);
  });
});
