// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastValidRequest, syncRequestSchema, validateRequest } from '../../src/server/request-schema.ts';

describe('validateRequest', () => {
  it('accepts protocol requests and strips fields outside the protocol', () => {
    const v = validateRequest({ type: 'admin', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', action: 'backup-admin', extra: 1 });
    expect(v.ok && Object.keys(v.request).sort()).toEqual(['accountId', 'action', 'deviceId', 'requestId', 'token', 'type']);
  });

  it('names the offending field', () => {
    const v = validateRequest({ type: 'pull', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', cursor: 0, limit: 0 });
    expect(!v.ok && v.message).toMatch(/server: bad request at limit/);
  });
});

describe('the structural fast path', () => {
  // Values at and around every boundary of the schema, so generated requests are often valid and often just not.
  const text = fc.oneof(fc.constantFrom('', 'a', 'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(500), 'x'.repeat(501), 'QUJD', 'QUJD==', 'QUJD===', 'a b', '000000000000001.00000002.dev', '00000000000001.00000002.dev', '000000000000001.0000002.d', '000000000000001.00000002.'), fc.string());
  const value = fc.oneof(text, fc.constantFrom(0, 1, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 2 ** 53 - 1, null, undefined, true, [], {}, 'push', 'pull', 'backup', 'admin', 'delete-account', 'backup-admin'));
  const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: value });
  const op = fc.record({ opId: maybe(text), recordId: maybe(text), deviceId: maybe(text), stamp: maybe(text), ciphertext: maybe(text) }, { requiredKeys: [] });
  const request = fc.record(
    {
      type: maybe(fc.constantFrom('push', 'pull', 'backup', 'admin')),
      requestId: maybe(text),
      accountId: maybe(text),
      deviceId: maybe(text),
      token: maybe(text),
      ops: maybe(fc.array(maybe(op), { maxLength: 3 })),
      cursor: maybe(fc.integer({ min: -2, max: 5 })),
      limit: maybe(fc.integer({ min: -2, max: 5 })),
      ciphertext: maybe(text),
      action: maybe(fc.constantFrom('delete-account', 'backup-admin')),
      extra: value,
    },
    { requiredKeys: ['type', 'requestId', 'accountId', 'deviceId', 'token'] },
  );

  it('accepts only what zod accepts, with the output zod gives (same keys, same order)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(request, (input) => {
        const fast = fastValidRequest(input);
        if (fast === null) return;
        accepted++;
        const zod = syncRequestSchema.safeParse(input);
        expect(zod.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: a good share of the generated requests take the fast path.
    expect(accepted).toBeGreaterThan(100);
  });

  it('leaves to zod what zod refuses, so refusals keep zod\'s wording', () => {
    expect(fastValidRequest({ type: 'pull', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', cursor: 0, limit: 0 })).toBeNull();
    expect(fastValidRequest(Object.assign(Object.create(null) as object, { type: 'admin', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', action: 'backup-admin' }))).toBeNull();
    const stamp = '000000000000001.00000002.dev';
    expect(fastValidRequest({ type: 'push', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', ops: [{ opId: 'o', recordId: 'x', deviceId: 'd', stamp, ciphertext: 'QUJD' }] })).not.toBeNull();
    expect(fastValidRequest({ type: 'push', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', ops: [{ opId: 'o', recordId: 'x', deviceId: 'd', stamp: 'x', ciphertext: 'QUJD' }] })).toBeNull();
  });
});
