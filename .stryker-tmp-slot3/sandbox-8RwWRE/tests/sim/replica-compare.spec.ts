// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordVersion } from '../../src/core/record.ts';
import { replicaDigest, sameOps, sameValues } from '../../src/sim/replica-compare.ts';

// Small alphabets, so generated replicas often agree in part and the tests meet every case.
const fieldValue = fc.oneof(fc.constantFrom('x', 'y'), fc.constantFrom(1, 2), fc.array(fc.constantFrom('t', 'u'), { maxLength: 2 }), fc.constant(undefined));
const version: fc.Arbitrary<RecordVersion> = fc.record({
  id: fc.constantFrom('r1', 'r2'),
  opId: fc.constantFrom('o1', 'o2'),
  deleted: fc.boolean(),
  stamp: fc.record({ wallMs: fc.constantFrom(1, 2), counter: fc.constantFrom(0, 1), deviceId: fc.constantFrom('a', 'b') }),
  fields: fc.dictionary(fc.constantFrom('notes', 'tags'), fieldValue, { maxKeys: 2 }),
}) as fc.Arbitrary<RecordVersion>;
const replica = fc.array(version, { maxLength: 3 });
/** A replica and a second one that often equals it, in whole or in part (copied, or with key order changed). */
const pair = fc.tuple(replica, replica, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).map(([a, b, keep]) => [a, a.map((v, i) => (keep[i] ? { ...v, fields: Object.fromEntries(Object.entries(v.fields).reverse()) } : (b[i] ?? v)))] as const);

describe('replica comparison', () => {
  it('sameOps false means the replicas\' canonical texts differ', () => {
    fc.assert(fc.property(pair, ([a, b]) => sameOps(a, b) || replicaDigest(a) !== replicaDigest(b)));
  });

  it('sameValues true means the texts are equal (key order and undefined fields aside)', () => {
    fc.assert(fc.property(pair, ([a, b]) => !(sameOps(a, b) && sameValues(a, b)) || replicaDigest(a) === replicaDigest(b)));
  });

  it('settles the common cases without the text: different ops, or equal values in another key order', () => {
    const v: RecordVersion = { id: 'r1', opId: 'o1', deleted: false, stamp: { wallMs: 1, counter: 0, deviceId: 'a' }, fields: { notes: 'x', tags: ['t'] } };
    expect(sameOps([v], [{ ...v, opId: 'o2' }])).toBe(false);
    expect(sameValues([v], [{ ...v, fields: { tags: ['t'], notes: 'x' } }])).toBe(true);
    // Equal text, unequal values (an undefined field): left to the text.
    expect(sameValues([v], [{ ...v, fields: { ...v.fields, extra: undefined } as unknown as RecordVersion['fields'] }])).toBe(false);
    expect(replicaDigest([v])).toBe(replicaDigest([{ ...v, fields: { ...v.fields, extra: undefined } as unknown as RecordVersion['fields'] }]));
  });
});
