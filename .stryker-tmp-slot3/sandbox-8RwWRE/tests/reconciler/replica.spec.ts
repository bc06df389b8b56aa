// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { ReplicaFullError, ReplicaStore } from '../../src/reconciler/replica.ts';
import type { RecordVersion } from '../../src/core/record.ts';

const v = (id: string, deleted = false): RecordVersion => ({ id, fields: {}, stamp: { wallMs: 1, counter: 0, deviceId: 'a' }, deleted, opId: `${id}-op` });

describe('ReplicaStore', () => {
  it('hides tombstones from visible/list but keeps them in versions, sorted by id', () => {
    const s = new ReplicaStore();
    s.put(v('b'));
    s.put(v('a', true));
    s.put(v('c'));
    expect(s.visible('a')).toBeUndefined();
    expect(s.get('a')?.deleted).toBe(true);
    expect(s.versions().map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(s.list().map((x) => x.id)).toEqual(['b', 'c']);
    s.put(v('aa'));
    expect(s.versions().map((x) => x.id)).toEqual(['a', 'aa', 'b', 'c']);
    s.put({ ...v('b'), deleted: true });
    expect(s.list().map((x) => x.id)).toEqual(['aa', 'c']);
  });

  it('is bounded', () => {
    const s = new ReplicaStore(1);
    s.put(v('a'));
    s.put(v('a'));
    expect(() => s.put(v('b'))).toThrow(ReplicaFullError);
  });
});

describe('ReplicaStore.put', () => {
  it('stores versions frozen with their stamp, fields and list values (the guard checks frozen versions once)', () => {
    const store = new ReplicaStore();
    const version = { id: 'r', fields: { tags: ['a'] }, stamp: { wallMs: 1, counter: 0, deviceId: 'a' }, deleted: false, opId: 'o' };
    store.put(version);
    expect([version, version.stamp, version.fields, version.fields.tags].every((o) => Object.isFrozen(o))).toBe(true);
    expect(() => version.fields.tags.push('b')).toThrow(TypeError);
  });
});
