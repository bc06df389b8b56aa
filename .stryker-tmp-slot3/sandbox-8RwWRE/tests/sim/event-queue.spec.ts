// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, FIRST_LANE } from '../../src/sim/event-queue.ts';

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

  it('pops first-lane items before every ordinary item of their instant, for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 200 }), (pushes) => {
        const q = new EventQueue<number>();
        pushes.forEach(([t, first], i) => (first ? q.push(t, i, FIRST_LANE) : q.push(t, i)));
        const out: number[] = [];
        while (q.size > 0) out.push(q.pop().item);
        const rank = (i: number) => [pushes[i]![0], pushes[i]![1] ? 0 : 1, i];
        const expected = pushes.map((_, i) => i).sort((a, b) => {
          const [ta, la, sa] = rank(a) as [number, number, number];
          const [tb, lb, sb] = rank(b) as [number, number, number];
          return ta - tb || la - lb || sa - sb;
        });
        expect(out).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects times that are not non-negative integers of µs', () => {
    const q = new EventQueue<string>();
    expect(() => q.push(-1, 'x')).toThrow(/non-negative integer/);
    expect(() => q.push(1.5, 'x')).toThrow(/non-negative integer/);
  });
});
