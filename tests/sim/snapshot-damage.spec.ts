// The damage catalogue of the damaged-snapshot fault (src/sim/snapshot-damage.ts): every damage is
// structural (a careful engine tells it from intact without a checksum), walks the snapshot's shape
// generically, and never touches the intact snapshot.
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/sim/random.ts';
import { damageSnapshot, drawDamage, SNAPSHOT_DAMAGES } from '../../src/sim/snapshot-damage.ts';
import type { SnapshotDamageKind } from '../../src/sim/snapshot-damage.ts';
import type { DurableSnapshot } from '../../src/reconciler/types.ts';
import { DefaultReconciler, restoreReconciler } from '../../src/reconciler/index.ts';

// Not the default engine's shape: the catalogue must know no engine's field names.
const snapshot: DurableSnapshot = { format: 'some-app/v3', deviceId: 'a', items: [{ id: 1 }, { id: 2 }, { id: 3 }], meta: { n: 3, note: null }, name: 'x', live: true, gone: null };
const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const damages = (kind: SnapshotDamageKind, n = 40, foreign?: DurableSnapshot) => Array.from({ length: n }, (_, k) => damageSnapshot(new RandomStream(k, 'test'), snapshot, kind, 'b', foreign));

describe('snapshot damage', () => {
  it('leaves the intact snapshot as it was', () => {
    const before = JSON.stringify(snapshot);
    for (const kind of SNAPSHOT_DAMAGES) for (const d of damages(kind, 10)) expect(d.value).not.toBe(snapshot);
    expect(JSON.stringify(snapshot)).toBe(before);
  });
  it('not-object: null, an empty array or the JSON text cut short', () => {
    const values = damages('not-object').map((d) => d.value);
    expect(new Set(values.map(jsonType))).toEqual(new Set(['null', 'array', 'string']));
    for (const v of values) if (typeof v === 'string') expect(JSON.stringify(snapshot).startsWith(v) && v.length < JSON.stringify(snapshot).length).toBe(true);
  });
  it('format: a value no engine writes, all else intact', () => {
    const [d] = damages('format', 1);
    expect(d!.path).toBe('format');
    const { format, ...rest } = d!.value as DurableSnapshot;
    expect(format).not.toBe(snapshot.format);
    expect(rest).toEqual(Object.fromEntries(Object.entries(snapshot).filter(([k]) => k !== 'format')));
  });
  it("foreign: another device's state whole, or this one's content under another device's id", () => {
    const other = { ...snapshot, deviceId: 'b', items: [] };
    expect(damages('foreign', 1, other)[0]).toEqual({ damage: 'foreign', path: '(root)', value: other });
    expect(damages('foreign', 1)[0]).toEqual({ damage: 'foreign', path: 'deviceId', value: { ...snapshot, deviceId: 'b' } });
  });
  it('missing: exactly one top-level field gone, drawn weighted by its size', () => {
    const paths = damages('missing', 200).map((d) => {
      const value = d.value as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(Object.keys(snapshot).filter((k) => k !== d.path));
      return d.path;
    });
    const count = (p: string) => paths.filter((x) => x === p).length;
    expect(count('items')).toBeGreaterThan(count('live'));
  });
  it('type: a field (or a child one level down) of another JSON type; null values are left alone', () => {
    let deep = 0;
    for (const d of damages('type', 200)) {
      const value = d.value as Record<string, Record<string, unknown>>;
      const [field, child] = d.path.split(/[.[\]]/).filter((s) => s !== '') as [string, string?];
      if (child === undefined) {
        expect(jsonType(value[field])).not.toBe(jsonType((snapshot as Record<string, unknown>)[field]));
        expect((snapshot as Record<string, unknown>)[field]).not.toBeNull();
      } else {
        deep++;
        const was = (snapshot as Record<string, Record<string, unknown>>)[field]![child];
        expect(was).not.toBeNull();
        expect(jsonType(value[field]![child])).not.toBe(jsonType(was));
      }
    }
    expect(deep).toBeGreaterThan(20);
  });
  it('torn: an array keeps a strict prefix and every field after it is gone', () => {
    for (const d of damages('torn')) {
      expect(d.path).toBe('items');
      const value = d.value as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['format', 'deviceId', 'items']);
      expect((value['items'] as unknown[]).length).toBeLessThan(3);
      expect(snapshot['items']).toEqual(expect.arrayContaining(value['items'] as unknown[]));
    }
  });
  it('torn is drawn only where an array field is followed by another field', () => {
    const last = { format: 'f', deviceId: 'a', name: 'x', items: [1, 2] };
    for (let k = 0; k < 50; k++) expect(drawDamage(new RandomStream(k, 'test'), last)).not.toBe('torn');
    expect(new Set(Array.from({ length: 60 }, (_, k) => drawDamage(new RandomStream(k, 'test'), snapshot)))).toEqual(new Set(SNAPSHOT_DAMAGES));
  });
  it('the default engine refuses every damage (a snapshot without lineage too: read as empty, its own updates would be logged as conflicts)', () => {
    const options = { deviceId: 'a', accountId: 'acc', stampMode: 'hlc' as const, accountKey: new Uint8Array(32), nonces: (n: number) => new Uint8Array(n), token: 't' };
    const r = new DefaultReconciler(options);
    r.create({ notes: 'one' }, 1000);
    r.create({ notes: 'two' }, 2000);
    const saved = r.save();
    const other = new DefaultReconciler({ ...options, deviceId: 'b' }).save();
    for (let k = 0; k < 200; k++) {
      const rng = new RandomStream(k, 'test');
      const d = damageSnapshot(rng, saved, drawDamage(rng, saved), 'b', other);
      expect(() => restoreReconciler(d.value as DurableSnapshot, options), `${d.damage} at ${d.path}`).toThrow();
    }
  });
});
