// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CanonicalHasher, canonicalCopy, canonicalJson, canonicalLength, hashCanonical, sameCanonical, sha256Hex } from '../../src/core/canonical.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('rejects non-finite numbers, bytes and functions with a message saying where', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/core\/canonical/);
    expect(() => canonicalJson(new Uint8Array(1))).toThrow(/base64/);
    expect(() => canonicalJson(() => 1)).toThrow(/cannot encode function/);
  });

  it('does not depend on key insertion order and parses back to the same value (1000 runs)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        const text = canonicalJson(obj);
        expect(canonicalJson(reversed)).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps objects whose key lists look alike apart (the per-shape key cache must not confuse them)', () => {
    expect(canonicalJson({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(canonicalJson({ 'a\u0000b': 1 })).toBe('{"a\\u0000b":1}');
    expect(canonicalJson({ 'a,b': 1 })).toBe('{"a,b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('matches a plain sort-and-stringify encoder on the same value seen many times (1000 runs)', () => {
    const reference = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(reference).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const expected = reference(value);
        expect(canonicalJson(value)).toBe(expected);
        expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hashing', () => {
  it('matches the sha256 test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes equal values equally regardless of key order, and different values differently', () => {
    expect(hashCanonical({ a: 1, b: 2 })).toBe(hashCanonical({ b: 2, a: 1 }));
    expect(hashCanonical({ a: 1 })).not.toBe(hashCanonical({ a: 2 }));
  });

  it('incremental hasher equals the hash of the joined canonical lines', () => {
    const h = new CanonicalHasher();
    const lines = [{ t: 1, k: 'x' }, { k: 'y', t: 2 }].map((v) => h.update(v));
    expect(h.count).toBe(2);
    expect(h.digest()).toBe(sha256Hex(lines.map((l) => l + '\n').join('')));
  });

  it('incremental hasher is exact across its internal chunk boundaries (many lines, some long, non-ASCII)', () => {
    const h = new CanonicalHasher();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(h.update({ i, s: i % 97 === 0 ? 'ü€'.repeat(5000) : `v${i}` }));
    expect(h.count).toBe(3000);
    expect(h.digest()).toBe(sha256Hex(lines.map((l) => l + '\n').join('')));
  });

  it('never confuses two objects whose keys share the count and the last key (the shape cache)', () => {
    expect(canonicalJson({ b: 1, z: 2 })).toBe('{"b":1,"z":2}');
    expect(canonicalJson({ a: 1, z: 2 })).toBe('{"a":1,"z":2}');
    expect(canonicalJson({ c: 1, a: 3, z: 2 })).toBe('{"a":3,"c":1,"z":2}');
    expect(canonicalJson({ a: 3, c: 1, z: 2 })).toBe('{"a":3,"c":1,"z":2}');
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'z', '__proto__', ''), fc.integer(), { maxKeys: 5 }), { maxLength: 6 }), (objects) => {
        for (const o of objects) expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
        for (const o of objects) expect(Object.keys(JSON.parse(canonicalJson(o)))).toEqual(Object.keys(o).sort());
      }),
      { numRuns: 1000 },
    );
  });

  it('canonicalLength is the length of the canonical text, escapes, surrogates and numbers included (2000 runs)', () => {
    for (const v of ['"\\\n\u0001\ud800x\udc00\ud83d\ude00\u2028', -0, 1e21, -1e-7, 123456789012, Number.MAX_SAFE_INTEGER + 2, { a: undefined, b: [] }, {}, []]) {
      expect(canonicalLength(v)).toBe(canonicalJson(v).length);
    }
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.dictionary(fc.string({ unit: 'binary' }), fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined })), (v, o) => {
        expect(canonicalLength(v)).toBe(canonicalJson(v).length);
        expect(canonicalLength(o)).toBe(canonicalJson(o).length);
      }),
      { numRuns: 2000 },
    );
    expect(() => canonicalLength({ x: Number.POSITIVE_INFINITY })).toThrow(/non-finite/);
    expect(() => canonicalLength([undefined])).toThrow(/cannot encode undefined/);
  });

  it('canonicalCopy is JSON.parse of the canonical text, and sameCanonical says whether two values have the same text (1000 runs)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const copy = canonicalCopy(a);
        expect(copy).toStrictEqual(JSON.parse(canonicalJson(a)));
        expect(Object.is(copy, -0)).toBe(false);
        expect(sameCanonical(copy, a)).toBe(true);
        expect(sameCanonical(copy, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 1000 },
    );
    const copy = canonicalCopy({ b: 1, a: { y: [1, -0], x: undefined } });
    expect(JSON.stringify(copy)).toBe('{"a":{"y":[1,0]},"b":1}');
    expect(sameCanonical(copy, { a: { y: [1, 0], z: undefined }, b: 1 })).toBe(true);
    expect(sameCanonical(copy, { a: { y: [1, 0] }, b: 1, c: null })).toBe(false);
    expect(sameCanonical(copy, { a: { y: [1] }, b: 1 })).toBe(false);
    expect(sameCanonical(copy, { a: { y: [1, Number.NaN] }, b: 1 })).toBe(false);
    expect(() => canonicalCopy({ a: Number.NaN })).toThrow(/non-finite/);
  });
});
