// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../src/core/canonical.ts';
import { TRACE_HASH_PATTERN, TraceHasher, encodeTrace, traceHash } from '../../src/core/trace-hash.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';

const hex = (bytes: Uint8Array): string => bytesToHex(bytes);
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

/** Event-like values: JSON values with objects that may hold undefined keys, -0 and fractional numbers. */
const eventish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
    fc.constantFrom(-0, 0.1, 1e21, 2 ** 53, -(2 ** 60), 5e-324),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom('kind', 'device', 't', 'i', 'a', 'b'), fc.string({ unit: 'binary', maxLength: 6 })), fc.option(tie('value'), { nil: undefined, freq: 4 }), { maxKeys: 6 }),
}));

describe('trace hash v2', () => {
  it('encodes every value kind byte by byte as docs/design.md says', () => {
    const bytes = encodeTrace([{ b: [true, null, false], a: -2, c: 0.5, d: 'é😀', e: undefined }, { a: 300, b: [], c: -0, d: '\ud800' }]);
    expect(hex(bytes)).toBe(
      [
        '08', '04', '0161', '0162', '0163', '0164', // new shape 0: 4 keys a b c d (e is undefined: left out)
        '0402', // a: -2
        '0703', '02', '00', '01', // b: [true, null, false]
        '05', '3fe0000000000000', // c: 0.5 as binary64, big-endian
        '0603', 'c3a9', 'f09f9880', // d: 3 code units: é, then 😀 (a surrogate pair, one 4-byte sequence)
        '0900', // shape 0 again
        '03ac02', // a: 300 as LEB128
        '0700', // b: []
        '0300', // c: -0 is 0
        '0601', 'eda080', // d: a lone surrogate, WTF-8
      ].join(''),
    );
  });

  it('writes integers as LEB128 across the 2^31 boundary up to the largest safe integer; larger ones as binary64', () => {
    expect(hex(encodeTrace([127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53]))).toBe(
      ['037f', '038001', '03ffffffff07', '038080808008', '03ffffffffffffff0f', '04ffffffffffffff0f', '054340000000000000'].join(''),
    );
  });

  it('is a pure function of the JSON value: key order, undefined keys and a JSON round trip change nothing (1000 runs)', () => {
    fc.assert(
      fc.property(fc.array(eventish.object, { maxLength: 5 }), (events) => {
        const live = traceHash(events);
        expect(live).toMatch(TRACE_HASH_PATTERN);
        expect(traceHash(JSON.parse(JSON.stringify(events)))).toBe(live);
        expect(traceHash(events.map(reversed))).toBe(live);
      }),
      { numRuns: 1000 },
    );
  });

  it('two values encode alike exactly when their canonical JSON is alike (no collisions by construction; 1000 runs)', () => {
    fc.assert(
      fc.property(eventish.value, eventish.value, (a, b) => {
        const same = canonicalJson([a]) === canonicalJson([b]);
        expect(hex(encodeTrace([a])) === hex(encodeTrace([b]))).toBe(same);
      }),
      { numRuns: 1000 },
    );
    expect(hex(encodeTrace([1]))).not.toBe(hex(encodeTrace([1.5])));
    expect(hex(encodeTrace(['a', 'b']))).not.toBe(hex(encodeTrace(['ab'])));
  });

  it('hashes real traces as the recorder did, from live events and from events read back from JSONL', () => {
    for (const [seed, extra] of [
      [3, {}],
      [11, { devices: 4, durationMs: 20_000, crashesPerHour: 900, lossPercent: 10, clockJumpsPerHour: 900 }],
    ] as const) {
      const run = simulate({ options: resolveSimOptions({ seed, ...extra }, 'trace-hash spec') });
      const jsonl = run.trace.map((e) => canonicalJson(e)).join('\n') + '\n';
      const parsed = jsonl.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
      expect(run.traceHash).toMatch(TRACE_HASH_PATTERN);
      expect(traceHash(run.trace)).toBe(run.traceHash);
      expect(traceHash(parsed)).toBe(run.traceHash);
      expect(traceHash(JSON.parse(JSON.stringify(run.trace)) as unknown[])).toBe(run.traceHash);
    }
  });

  it('is sha256 of the encoding: the native and the @noble/hashes digests agree, whatever the chunking', () => {
    const run = simulate({ options: resolveSimOptions({ seed: 5 }, 'trace-hash spec') });
    const portable = new TraceHasher({ portable: true });
    for (const e of run.trace) portable.update(e);
    expect(portable.digest()).toBe(run.traceHash);
    expect(`v2:${hex(sha256(encodeTrace(run.trace)))}`).toBe(run.traceHash);
    expect(portable.count).toBe(run.trace.length);
  });

  it('refuses what JSON cannot carry exactly, naming it', () => {
    expect(() => traceHash([{ x: Number.NaN }])).toThrow(/non-finite number NaN/);
    expect(() => traceHash([{ x: Number.NEGATIVE_INFINITY }])).toThrow(/non-finite/);
    expect(() => traceHash([{ x: 1n }])).toThrow(/cannot encode bigint/);
    expect(() => traceHash([{ x: () => 1 }])).toThrow(/cannot encode function/);
    expect(() => traceHash([{ x: new Uint8Array(2) }])).toThrow(/base64/);
    expect(() => traceHash([{ x: new Date(0) }])).toThrow(/toJSON/);
  });
});
