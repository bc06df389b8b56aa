/**
 * Validation of incoming sync requests. The server trusts nothing a device sends: anything that does
 * not match the protocol in core/wire.ts is answered with 'bad-request' and stores nothing. Fields
 * outside the protocol are dropped, never stored.
 */
// @ts-nocheck

import { z } from 'zod';
import { decodeStamp } from '../core/stamp.ts';
import { encodedStampSchema } from '../core/stamp-schema.ts';

/**
 * Largest ciphertext accepted for one op or one backup (base64 characters). A journal entry with a
 * long note is normal user data: at 64 KiB a 48,000-character note could never sync, and its op
 * blocked the outbox for good (durability and convergence found it). 16 MiB holds a 12 MB entry; a
 * backup holds many entries.
 */
export const MAX_OP_CIPHERTEXT_CHARS = 16 * 1024 * 1024;
export const MAX_BACKUP_CIPHERTEXT_CHARS = 64 * 1024 * 1024;
const MAX_OPS_PER_REQUEST = 10_000;
const ID_MAX = 200;
const TOKEN_MAX = 500;
const ID = z.string().min(1).max(ID_MAX);

const stamp = encodedStampSchema;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64 = (max: number) => z.string().min(1).max(max).regex(BASE64, 'expected base64');

export const wireOpSchema = z.object({
  opId: ID,
  recordId: ID,
  deviceId: ID,
  stamp,
  ciphertext: base64(MAX_OP_CIPHERTEXT_CHARS),
});

const base = { requestId: ID, accountId: ID, deviceId: ID, token: z.string().max(TOKEN_MAX) };

export const syncRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('push'), ...base, ops: z.array(wireOpSchema).max(MAX_OPS_PER_REQUEST) }),
  z.object({ type: z.literal('pull'), ...base, cursor: z.number().int().nonnegative(), limit: z.number().int().positive() }),
  z.object({ type: z.literal('backup'), ...base, ciphertext: base64(MAX_BACKUP_CIPHERTEXT_CHARS) }),
  z.object({ type: z.literal('admin'), ...base, action: z.enum(['delete-account', 'backup-admin']) }),
]);

export type ValidRequest = z.infer<typeof syncRequestSchema>;

export type Validation = { ok: true; request: ValidRequest } | { ok: false; message: string };

/**
 * Every request is validated; zod is the definition. A request the hand-written structural check
 * below accepts is one zod accepts with the same output (tests/server/request-schema.spec.ts checks
 * this against the zod schema with generated requests); anything it does not accept goes through zod,
 * which decides and words the refusal. The check is the hot path: zod cost ~4% of a simulated run.
 */
export function validateRequest(input: unknown): Validation {
  const fast = fastValidRequest(input);
  if (fast !== null) return { ok: true, request: fast };
  const result = syncRequestSchema.safeParse(input);
  if (result.success) return { ok: true, request: result.data };
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return { ok: false, message: `server: bad request at ${path}: ${issue?.message ?? 'invalid'}` };
}

// ---- the structural fast path: null means "not shown valid here, ask zod" ------------------------

function plain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function id(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= ID_MAX;
}

function b64(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max && BASE64.test(value);
}

function stampText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    decodeStamp(value);
    return true;
  } catch {
    return false;
  }
}

type WireOp = z.infer<typeof wireOpSchema>;

function fastOp(value: unknown): WireOp | null {
  if (!plain(value)) return null;
  const { opId, recordId, deviceId, stamp: s, ciphertext } = value;
  if (!id(opId) || !id(recordId) || !id(deviceId) || !stampText(s) || !b64(ciphertext, MAX_OP_CIPHERTEXT_CHARS)) return null;
  return { opId, recordId, deviceId, stamp: s, ciphertext };
}

/** The request as zod would output it (known keys only, in the schema's order), or null: not shown valid here, zod decides. Exported for the equivalence test. */
export function fastValidRequest(input: unknown): ValidRequest | null {
  if (!plain(input)) return null;
  const { type, requestId, accountId, deviceId, token } = input;
  if (!id(requestId) || !id(accountId) || !id(deviceId) || typeof token !== 'string' || token.length > TOKEN_MAX) return null;
  switch (type) {
    case 'push': {
      const raw = input['ops'];
      if (!Array.isArray(raw) || raw.length > MAX_OPS_PER_REQUEST) return null;
      const ops: WireOp[] = new Array<WireOp>(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const op = fastOp(raw[i]);
        if (op === null) return null;
        ops[i] = op;
      }
      return { type, requestId, accountId, deviceId, token, ops };
    }
    case 'pull': {
      const { cursor, limit } = input;
      if (!Number.isSafeInteger(cursor) || (cursor as number) < 0 || !Number.isSafeInteger(limit) || (limit as number) < 1) return null;
      return { type, requestId, accountId, deviceId, token, cursor: cursor as number, limit: limit as number };
    }
    case 'backup': {
      const { ciphertext } = input;
      if (!b64(ciphertext, MAX_BACKUP_CIPHERTEXT_CHARS)) return null;
      return { type, requestId, accountId, deviceId, token, ciphertext };
    }
    case 'admin': {
      const { action } = input;
      if (action !== 'delete-account' && action !== 'backup-admin') return null;
      return { type, requestId, accountId, deviceId, token, action };
    }
    default:
      return null;
  }
}
