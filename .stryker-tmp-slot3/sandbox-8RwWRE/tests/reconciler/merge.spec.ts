// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeVersion } from '../../src/reconciler/merge.ts';
import type { RecordVersion } from '../../src/core/record.ts';
import { compareStamps } from '../../src/core/stamp.ts';

const v = (id: string, wallMs: number, device: string, n: number, deleted = false): RecordVersion => ({
  id,
  fields: deleted ? {} : { n },
  stamp: { wallMs, counter: 0, deviceId: device },
  deleted,
  opId: `${device}/o${n}`,
});

describe('mergeVersion', () => {
  it('inserts unknown records without a conflict', () => {
    expect(mergeVersion(undefined, v('r', 1, 'a', 1), 'hlc', 0)).toEqual({ kind: 'inserted', next: v('r', 1, 'a', 1) });
  });

  it('replaces an older visible version and records remote-won', () => {
    const out = mergeVersion(v('r', 1, 'a', 1), v('r', 2, 'b', 1), 'hlc', 9);
    expect(out).toMatchObject({ kind: 'replaced', conflict: { outcome: 'remote-won', rule: 'lww-hlc', atMs: 9 } });
  });

  it('keeps a newer visible version and records local-kept; ties on time break on device id', () => {
    const out = mergeVersion(v('r', 5, 'b', 1), v('r', 5, 'a', 1), 'wall', 9);
    expect(out).toMatchObject({ kind: 'kept', conflict: { outcome: 'local-kept', rule: 'lww-wall', winner: { deviceId: 'b' } } });
  });

  it('treats the same op as already applied', () => {
    expect(mergeVersion(v('r', 5, 'b', 1), v('r', 5, 'b', 1), 'hlc', 0)).toEqual({ kind: 'already-applied' });
  });

  it('an older write never resurrects a tombstone', () => {
    expect(mergeVersion(v('r', 5, 'a', 2, true), v('r', 4, 'b', 1), 'hlc', 0).kind).toBe('kept');
  });

  it('folding the same ops in any order, with duplicates, gives the same versions: the LWW maximum (1000 runs)', () => {
    const op = fc.record({ rec: fc.constantFrom('r1', 'r2', 'r3'), wallMs: fc.nat({ max: 5 }), device: fc.constantFrom('a', 'b', 'c'), n: fc.nat({ max: 1000 }), deleted: fc.boolean() });
    fc.assert(
      fc.property(
        fc.uniqueArray(op, { selector: (o) => `${o.wallMs}.${o.device}`, maxLength: 12 }),
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 6 }),
        (ops, orderKey, dupes) => {
          const versions = ops.map((o, i) => v(o.rec, o.wallMs, o.device, i, o.deleted));
          const fold = (list: RecordVersion[]) => {
            const store = new Map<string, RecordVersion>();
            for (const x of list) {
              const out = mergeVersion(store.get(x.id), x, 'hlc', 0);
              if (out.kind === 'inserted' || out.kind === 'replaced') store.set(x.id, out.next);
            }
            return [...store.values()].sort((p, q) => (p.id < q.id ? -1 : 1));
          };
          const shuffled = [...versions].sort((p, q) => orderKey(p.opId) - orderKey(q.opId) || (p.opId < q.opId ? -1 : 1));
          const withDupes = [...shuffled, ...dupes.flatMap((d) => (versions.length ? [versions[d % versions.length] as RecordVersion] : []))];
          const expected = new Map<string, RecordVersion>();
          for (const x of versions) {
            const cur = expected.get(x.id);
            if (!cur || compareStamps(x.stamp, cur.stamp) > 0) expected.set(x.id, x);
          }
          expect(fold(withDupes)).toEqual(fold(versions));
          expect(fold(versions)).toEqual([...expected.values()].sort((p, q) => (p.id < q.id ? -1 : 1)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
