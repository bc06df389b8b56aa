// How a local write is stamped against the version the device holds (src/reconciler/local-write.ts).
import { describe, expect, it } from 'vitest';
import { encodeStamp } from '../../src/core/stamp.ts';
import { World } from './_internals/world.ts';

describe('stampForWrite in wall mode', () => {
  // Found by the batched-pull property (fast-check seed -968693365): a wall clock that goes back and
  // reads the same millisecond again gave a delete the very stamp of the create it replaced, so a
  // replica pulling one op per batch kept the create and the writer kept the tombstone.
  it('never gives a second op of the same record the stamp of its own earlier version', () => {
    const w = new World(['a', 'r'], { stampMode: 'wall' });
    const a = w.device('a');
    const created = a.create({ v: 1 }, 12_008);
    a.create({ v: 2 }, 10_400); // the clock went back
    const deleted = a.delete(created.id, 12_008); // and reads that millisecond again
    expect(encodeStamp(deleted.stamp)).not.toBe(encodeStamp(created.stamp));
    expect(deleted.stamp.wallMs).toBe(12_008);
    expect(deleted.stamp.counter).toBeGreaterThan(created.stamp.counter);
    const t = w.settle(20_000);
    expect(w.device('r').read(created.id)).toBeUndefined();
    expect(t).toBeGreaterThan(0);
  });

  it('keeps the raw reading otherwise: an earlier reading than another device\'s version still loses (the mode\'s hazard)', () => {
    const w = new World(['a', 'b'], { stampMode: 'wall' });
    const r = w.device('a').create({ v: 1 }, 20_000);
    w.settle(30_000);
    const edit = w.device('b').edit(r.id, { v: 2 }, 10_000);
    expect(edit.stamp.wallMs).toBe(10_000);
  });

  // Found by the clock-rewind fault (default profile seed 1034, a 1000 ms step): the shadow is the device's
  // own version too; a write back in its millisecond got its very stamp, and replicas kept the shadow.
  it('never gives a write the stamp of its own shadow of the record either', () => {
    const w = new World(['a', 'r'], { stampMode: 'wall' });
    const a = w.device('a');
    const created = a.create({ v: 1 }, 12_000);
    const below = a.edit(created.id, { v: 2 }, 11_000); // the clock went back: the create is the shadow
    expect(below.stamp.wallMs).toBe(11_000);
    const again = a.edit(created.id, { v: 3 }, 12_000); // and reads the create's millisecond again
    expect(encodeStamp(again.stamp)).not.toBe(encodeStamp(created.stamp));
    expect(again.stamp.counter).toBeGreaterThan(created.stamp.counter);
    w.settle(20_000);
    expect(w.device('r').read(created.id)?.fields).toEqual({ v: 3 });
    expect(a.read(created.id)?.fields).toEqual({ v: 3 });
  });
});
