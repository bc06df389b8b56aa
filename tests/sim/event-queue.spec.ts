import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/event-queue.ts';

describe('EventQueue', () => {
  it('pops in (time, insertion) order for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue<number>();
        times.forEach((t, i) => q.push(t, i));
        const out: [number, number][] = [];
        while (q.size > 0) {
          const { timeUs, item } = q.pop();
          out.push([timeUs, item]);
        }
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects times that are not non-negative integers of µs', () => {
    const q = new EventQueue<string>();
    expect(() => q.push(-1, 'x')).toThrow(/non-negative integer/);
    expect(() => q.push(1.5, 'x')).toThrow(/non-negative integer/);
  });
});
