// @ts-nocheck
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChannelError, KEY_BYTES, NONCE_BYTES, decryptPayload, encryptPayload, opBinding, openText, sealText } from '../../src/channel/payload.ts';
import type { Payload } from '../../src/channel/payload.ts';
import { countingNonces } from '../reconciler/_internals/world.ts';

const key = new Uint8Array(KEY_BYTES).fill(7);
const otherKey = new Uint8Array(KEY_BYTES).fill(8);
const fieldValue = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 4 }));
const payload: fc.Arbitrary<Payload> = fc.record({
  kind: fc.constantFrom('create' as const, 'edit' as const, 'delete' as const),
  fields: fc.dictionary(fc.string({ maxLength: 8 }), fieldValue, { maxKeys: 5 }),
});
const normalize = (p: Payload) => JSON.parse(JSON.stringify(p)) as Payload;

function expectChannelError(fn: () => unknown): ChannelError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error('expected a ChannelError');
}

describe('channel payload encryption', () => {
  it('round-trips any payload (1000 runs)', () => {
    const nonces = countingNonces('rt');
    fc.assert(
      fc.property(payload, (p) => {
        const sealed = encryptPayload(key, nonces, p);
        expect(decryptPayload(key, sealed)).toEqual(normalize(p));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects any single-byte change of the sealed bytes (1000 runs)', () => {
    const nonces = countingNonces('tamper');
    fc.assert(
      fc.property(payload, fc.nat(), fc.integer({ min: 1, max: 255 }), (p, where, flip) => {
        const bytes = Buffer.from(encryptPayload(key, nonces, p), 'base64');
        const i = where % bytes.length;
        bytes[i] = (bytes[i] as number) ^ flip;
        expect(expectChannelError(() => decryptPayload(key, bytes.toString('base64'))).code).toBe('auth-failed');
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects any single-character change of the base64 text (1000 runs)', () => {
    const nonces = countingNonces('tamper-text');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!- ';
    fc.assert(
      fc.property(payload, fc.nat(), fc.nat({ max: alphabet.length - 1 }), (p, where, c) => {
        const text = encryptPayload(key, nonces, p);
        const i = where % text.length;
        const replacement = alphabet[c] as string;
        fc.pre(replacement !== text[i]);
        const tampered = text.slice(0, i) + replacement + text.slice(i + 1);
        expectChannelError(() => decryptPayload(key, tampered));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects truncation, bad base64, a wrong key and non-payload plaintext', () => {
    const nonces = countingNonces('misc');
    const sealed = encryptPayload(key, nonces, { kind: 'edit', fields: { notes: 'private' } });
    expect(sealed).not.toContain('private');
    const bytes = Buffer.from(sealed, 'base64');
    expect(expectChannelError(() => decryptPayload(key, bytes.subarray(0, bytes.length - 1).toString('base64'))).code).toBe('auth-failed');
    expect(expectChannelError(() => decryptPayload(key, bytes.subarray(0, 20).toString('base64'))).code).toBe('too-short');
    expect(expectChannelError(() => decryptPayload(key, '')).code).toBe('too-short');
    expect(expectChannelError(() => decryptPayload(key, 'abc')).code).toBe('malformed');
    expect(expectChannelError(() => decryptPayload(key, `${sealed.slice(0, -4)}!!!!`)).code).toBe('malformed');
    expect(expectChannelError(() => decryptPayload(otherKey, sealed)).code).toBe('auth-failed');
    expect(expectChannelError(() => decryptPayload(key, sealText(key, nonces, '{"kind":"nope","fields":{}}'))).code).toBe('bad-payload');
    expect(expectChannelError(() => decryptPayload(key, sealText(key, nonces, 'not json'))).code).toBe('bad-payload');
  });

  it('binds the clear op metadata: a re-labelled or re-stamped op is rejected', () => {
    const nonces = countingNonces('aad');
    const meta = { opId: 'a/o1', recordId: 'a/r1', deviceId: 'a', stamp: '000000000000005.00000000.a' };
    const sealed = encryptPayload(key, nonces, { kind: 'edit', fields: { n: 1 } }, opBinding(meta));
    expect(decryptPayload(key, sealed, opBinding(meta))).toEqual({ kind: 'edit', fields: { n: 1 } });
    for (const changed of [{ ...meta, stamp: '000000000000009.00000000.a' }, { ...meta, recordId: 'a/r2' }, { ...meta, opId: 'a/o2' }]) {
      expect(expectChannelError(() => decryptPayload(key, sealed, opBinding(changed))).code).toBe('auth-failed');
    }
    expect(expectChannelError(() => decryptPayload(key, sealed)).code).toBe('auth-failed');
  });

  it('checks the key size and the nonce source', () => {
    const nonces = countingNonces('k');
    expect(expectChannelError(() => encryptPayload(new Uint8Array(16), nonces, { kind: 'delete', fields: {} })).code).toBe('bad-key');
    expect(expectChannelError(() => encryptPayload(key, () => new Uint8Array(12), { kind: 'delete', fields: {} })).code).toBe('bad-nonce');
  });

  it('lays out nonce || ciphertext || tag and uses the injected nonce', () => {
    const nonce = new Uint8Array(NONCE_BYTES).fill(3);
    const sealed = Buffer.from(sealText(key, () => nonce, 'hi'), 'base64');
    expect(sealed.subarray(0, NONCE_BYTES)).toEqual(Buffer.from(nonce));
    expect(sealed.length).toBe(NONCE_BYTES + 2 + 16);
    expect(openText(key, sealed.toString('base64'))).toBe('hi');
  });
});
