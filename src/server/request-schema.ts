/**
 * Validation of incoming sync requests. The server trusts nothing a device sends: anything that does
 * not match the protocol in core/wire.ts is answered with 'bad-request' and stores nothing. Fields
 * outside the protocol are dropped, never stored.
 */
import { z } from 'zod';
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
const ID = z.string().min(1).max(200);

const stamp = encodedStampSchema;
const base64 = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

export const wireOpSchema = z.object({
  opId: ID,
  recordId: ID,
  deviceId: ID,
  stamp,
  ciphertext: base64(MAX_OP_CIPHERTEXT_CHARS),
});

const base = { requestId: ID, accountId: ID, deviceId: ID, token: z.string().max(500) };

export const syncRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('push'), ...base, ops: z.array(wireOpSchema).max(MAX_OPS_PER_REQUEST) }),
  z.object({ type: z.literal('pull'), ...base, cursor: z.number().int().nonnegative(), limit: z.number().int().positive() }),
  z.object({ type: z.literal('backup'), ...base, ciphertext: base64(MAX_BACKUP_CIPHERTEXT_CHARS) }),
  z.object({ type: z.literal('admin'), ...base, action: z.enum(['delete-account', 'backup-admin']) }),
]);

export type ValidRequest = z.infer<typeof syncRequestSchema>;

export type Validation = { ok: true; request: ValidRequest } | { ok: false; message: string };

export function validateRequest(input: unknown): Validation {
  const result = syncRequestSchema.safeParse(input);
  if (result.success) return { ok: true, request: result.data };
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return { ok: false, message: `server: bad request at ${path}: ${issue?.message ?? 'invalid'}` };
}
