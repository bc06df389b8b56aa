// @ts-nocheck
// The built-in stamp order's fast path (no regex, no allocation) orders exactly as parsing each stamp does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ORDER } from '../../../src/check/_internals/stamp-order.ts';

/** The order as written before the fast path: parse, then wall ms, counter, device id; malformed text last, by text. */
function reference(a: string, b: string): number {
  const form = /^(\d{15})\.(\d{8})\.(.*)$/s;
  const cmp = <T extends number | string>(x: T, y: T): number => (x < y ? -1 : x > y ? 1 : 0);
  if (a === b) return 0;
  const x = form.exec(a);
  const y = form.exec(b);
  if (!x || !y) return x ? -1 : y ? 1 : cmp(a, b);
  return cmp(Number(x[1]), Number(y[1])) || cmp(Number(x[2]), Number(y[2])) || cmp(x[3]!, y[3]!);
}

const digits = (n: number) => fc.string({ unit: fc.constantFrom('0', '1', '9'), minLength: n, maxLength: n });
const stamp = fc.oneof(
  fc.tuple(digits(15), digits(8), fc.string({ unit: fc.constantFrom('a', 'b', 'é', '.', '\n'), maxLength: 3 })).map(([w, c, d]) => `${w}.${c}.${d}`),
  // Almost well-formed: a digit replaced, a dot missing, one digit short.
  fc.tuple(digits(15), digits(8)).map(([w, c]) => `${w}x${c}.a`),
  fc.tuple(digits(14), digits(8)).map(([w, c]) => `${w}.${c}.a`),
  fc.tuple(digits(15), digits(8)).map(([w, c]) => `${w.slice(0, 3)}a${w.slice(4)}.${c}.b`),
  fc.string({ maxLength: 30 }),
);

describe('built-in stamp order', () => {
  it('agrees with the parsing order on well-formed, almost well-formed and arbitrary stamps', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(BUILT_IN_ORDER.compare(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 5000, seed: 15 },
    );
    expect(BUILT_IN_ORDER.compare('000000000000002.00000000.a', '000000000000010.00000000.a')).toBe(-1);
    expect(BUILT_IN_ORDER.compare('000000000000002.00000001.a', '000000000000002.00000000.z')).toBe(1);
    expect(BUILT_IN_ORDER.compare('000000000000002.00000000.b', '000000000000002.00000000.ab')).toBe(1);
  });
});
