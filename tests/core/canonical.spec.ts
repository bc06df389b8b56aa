import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CanonicalHasher, canonicalJson, hashCanonical, sha256Hex } from '../../src/core/canonical.ts';

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
});
