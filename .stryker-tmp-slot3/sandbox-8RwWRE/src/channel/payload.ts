/**
 * End-to-end encryption of record content. The only place plaintext fields become wire text: the
 * device seals `{ kind, fields }` with XChaCha20-Poly1305 under the account key, the server stores
 * the base64 of `nonce || ciphertext` and never holds the key. Any change to that text is rejected.
 */
// @ts-nocheck

import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { utf8ToBytes, bytesToUtf8 } from '@noble/ciphers/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../core/canonical.ts';
import type { Fields, OpKind } from '../core/record.ts';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
const TAG_BYTES = 16;
/** Upper bound on one sealed message, so a hostile peer cannot make a device decode gigabytes. */
export const MAX_SEALED_BYTES = 1 << 20;

export type ChannelErrorCode = 'bad-key' | 'bad-nonce' | 'malformed' | 'too-short' | 'too-large' | 'auth-failed' | 'bad-payload';

/** Everything the channel refuses: wrong key size, bad nonce source, or text that is not what a device sealed. */
export class ChannelError extends Error {
  readonly code: ChannelErrorCode;
  constructor(code: ChannelErrorCode, message: string) {
    super(`channel: ${message}`);
    this.name = 'ChannelError';
    this.code = code;
  }
}

export type NonceSource = (length: number) => Uint8Array;

/** What one op carries in confidence: whether it is a delete travels encrypted too. */
export interface Payload {
  readonly kind: OpKind;
  readonly fields: Fields;
  /** The op id of the version the writer was editing (null for a create); absent from older ops. */
  readonly base?: string | null;
}

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const payloadSchema = z.strictObject({
  kind: z.enum(['create', 'edit', 'delete']),
  fields: z.record(z.string(), fieldValue),
  base: z.string().nullable().optional(),
});

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new ChannelError('bad-key', `account key must be ${KEY_BYTES} bytes, got ${key instanceof Uint8Array ? key.length : typeof key}`);
  }
}

/**
 * Seals arbitrary text; returns base64(nonce || ciphertext || tag). `associated` is authenticated
 * but not encrypted: the clear metadata the text must stay bound to (an op's id, record and stamp).
 */
export function sealText(key: Uint8Array, nonces: NonceSource, text: string, associated = ''): string {
  checkKey(key);
  const nonce = nonces(NONCE_BYTES);
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_BYTES) {
    throw new ChannelError('bad-nonce', `nonce source must return ${NONCE_BYTES} bytes`);
  }
  const sealed = xchacha20poly1305(key, nonce, aad(associated)).encrypt(utf8ToBytes(text));
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64: Buffer alone skips junk characters, so the text must also re-encode to itself. */
function decodeBase64(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new ChannelError('malformed', 'sealed text is not canonical base64');
  }
  if (text.length > Math.ceil(MAX_SEALED_BYTES / 3) * 4) {
    throw new ChannelError('too-large', `sealed text exceeds ${MAX_SEALED_BYTES} bytes`);
  }
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) throw new ChannelError('malformed', 'sealed text is not canonical base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Opens text sealed by `sealText`; any tamper, truncation or wrong key raises ChannelError. */
export function openText(key: Uint8Array, sealedText: string, associated = ''): string {
  checkKey(key);
  const bytes = decodeBase64(sealedText);
  if (bytes.length < NONCE_BYTES + TAG_BYTES) {
    throw new ChannelError('too-short', `sealed text has ${bytes.length} bytes, needs at least ${NONCE_BYTES + TAG_BYTES}`);
  }
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(key, bytes.subarray(0, NONCE_BYTES), aad(associated)).decrypt(bytes.subarray(NONCE_BYTES));
  } catch {
    throw new ChannelError('auth-failed', 'authentication failed (tampered, truncated, re-labelled or wrong key)');
  }
  try {
    return bytesToUtf8(plain);
  } catch {
    throw new ChannelError('bad-payload', 'decrypted bytes are not UTF-8');
  }
}

function aad(associated: string): Uint8Array | undefined {
  return associated === '' ? undefined : utf8ToBytes(associated);
}

/** The clear metadata of an op that its ciphertext is bound to, so the server cannot re-stamp or move it. */
export function opBinding(op: { readonly opId: string; readonly recordId: string; readonly deviceId: string; readonly stamp: string }): string {
  return canonicalJson({ opId: op.opId, recordId: op.recordId, deviceId: op.deviceId, stamp: op.stamp });
}

export function encryptPayload(key: Uint8Array, nonces: NonceSource, payload: Payload, associated = ''): string {
  return sealText(key, nonces, canonicalJson(payload.base === undefined ? { kind: payload.kind, fields: payload.fields } : { kind: payload.kind, fields: payload.fields, base: payload.base }), associated);
}

export function decryptPayload(key: Uint8Array, sealedText: string, associated = ''): Payload {
  const text = openText(key, sealedText, associated);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ChannelError('bad-payload', 'decrypted payload is not JSON');
  }
  const result = payloadSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ChannelError('bad-payload', `decrypted payload invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
  }
  return result.data as Payload;
}
