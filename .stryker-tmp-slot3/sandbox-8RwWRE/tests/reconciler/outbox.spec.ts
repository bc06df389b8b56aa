// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Outbox, OutboxFullError } from '../../src/reconciler/outbox.ts';
import type { Op } from '../../src/core/record.ts';

const op = (n: number): Op => ({ opId: `a/o${n}`, recordId: `a/r${n}`, deviceId: 'a', kind: 'create', fields: {}, stamp: { wallMs: n, counter: 0, deviceId: 'a' } });

describe('Outbox', () => {
  it('keeps commit order and returns the oldest first', () => {
    const box = new Outbox();
    [3, 1, 2].forEach((n) => box.append(op(n)));
    expect(box.head(2).map((o) => o.opId)).toEqual(['a/o3', 'a/o1']);
  });

  it('removes exactly the acked ops; unknown acks are ignored', () => {
    const box = new Outbox();
    [1, 2, 3].forEach((n) => box.append(op(n)));
    expect(box.ack(['a/o2', 'a/o9'])).toBe(1);
    expect(box.all().map((o) => o.opId)).toEqual(['a/o1', 'a/o3']);
  });

  it('refuses a duplicate op id and grows no further than its bound, with a clear error', () => {
    const box = new Outbox(2);
    box.append(op(1));
    expect(() => box.append(op(1))).toThrow(/already queued/);
    box.append(op(2));
    expect(() => box.assertRoom()).toThrow(OutboxFullError);
    expect(() => box.append(op(3))).toThrow(/reconciler\/outbox: 2 ops are waiting/);
  });

  it('partial acks in any order never lose an unacked op nor keep an acked one (1000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(fc.array(fc.nat({ max: 25 }), { maxLength: 5 }), { maxLength: 10 }), (n, acks) => {
        const box = new Outbox();
        for (let i = 0; i < n; i++) box.append(op(i));
        const acked = new Set<string>();
        for (const a of acks) {
          const ids = a.map((i) => `a/o${i}`);
          box.ack(ids);
          ids.forEach((id) => acked.add(id));
        }
        const expected = Array.from({ length: n }, (_, i) => `a/o${i}`).filter((id) => !acked.has(id));
        expect(box.all().map((o) => o.opId)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
