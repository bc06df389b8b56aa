/**
 * The durable snapshot of the default reconciler: plain JSON, validated with zod on restore so a
 * corrupt or foreign snapshot fails with the path of the offending field instead of a later crash.
 * Stamps are stored in their sortable string form.
 */
import { z } from 'zod';
import { encodedStampSchema } from '../core/stamp-schema.ts';
import { decodeStamp, encodeStamp } from '../core/stamp.ts';
import type { Stamp } from '../core/stamp.ts';
import type { Op, RecordVersion } from '../core/record.ts';
import type { ConflictEntry } from './types.ts';
import type { RemoteAction } from './remote-actions.ts';

export const SNAPSHOT_FORMAT = 'sync-lab/default-reconciler/v1';

const stampText = encodedStampSchema;
const count = z.number().int().nonnegative();
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const fields = z.record(z.string(), fieldValue);
const versionSchema = z.strictObject({ id: z.string(), fields, stamp: stampText, deleted: z.boolean(), opId: z.string() });
const opSchema = z.strictObject({
  opId: z.string(),
  recordId: z.string(),
  deviceId: z.string(),
  kind: z.enum(['create', 'edit', 'delete']),
  fields,
  stamp: stampText,
});
const conflictSchema = z.strictObject({
  recordId: z.string(),
  winner: stampText,
  loser: stampText,
  rule: z.enum(['lww-hlc', 'lww-wall']),
  outcome: z.enum(['remote-won', 'local-kept']),
  atMs: z.number(),
});
const syncErrorCode = z.enum(['token-expired', 'account-deleted', 'bad-request', 'unavailable', 'transport']);
const actionSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['backup', 'delete-account', 'backup-admin']),
  state: z.enum(['pending', 'in-flight', 'done', 'failed']),
  attempts: count,
  lastError: syncErrorCode.nullable(),
});

export const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  deviceId: z.string(),
  accountId: z.string(),
  stampMode: z.enum(['hlc', 'wall']),
  clock: stampText,
  counters: z.strictObject({ record: count, op: count, request: count, action: count }),
  records: z.array(versionSchema),
  outbox: z.array(opSchema),
  /** Highest server seq applied: the pull cursor, and the bookkeeping of which remote ops are in. */
  cursor: count,
  conflicts: z.array(conflictSchema),
  conflictsTotal: count,
  remoteActions: z.array(actionSchema),
  token: z.string(),
  authExpired: z.boolean(),
  accountDeleted: z.boolean(),
  /** `wall` mode: versions that outrank a lower-stamped local write and will be restored at the next pull. */
  shadows: z.array(versionSchema),
  /**
   * Per op this device wrote or pulled, the op id its writer was editing (null: a create). Required: a
   * snapshot without it (torn, or damaged) would restore a device that logs its own updates as conflicts.
   */
  lineage: z.record(z.string(), z.string().nullable()),
});

export type SnapshotData = z.infer<typeof snapshotSchema>;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(`reconciler/snapshot: ${message}`);
    this.name = 'SnapshotError';
  }
}

export function parseSnapshot(input: unknown): SnapshotData {
  const result = snapshotSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new SnapshotError(`invalid field ${path}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}

export function versionToJson(v: RecordVersion): SnapshotData['records'][number] {
  return { id: v.id, fields: v.fields as Record<string, z.infer<typeof fieldValue>>, stamp: encodeStamp(v.stamp), deleted: v.deleted, opId: v.opId };
}

export function versionFromJson(v: SnapshotData['records'][number]): RecordVersion {
  return { id: v.id, fields: v.fields, stamp: decodeStamp(v.stamp), deleted: v.deleted, opId: v.opId };
}

export function opToJson(op: Op): SnapshotData['outbox'][number] {
  return { ...op, fields: op.fields as Record<string, z.infer<typeof fieldValue>>, stamp: encodeStamp(op.stamp) };
}

export function opFromJson(op: SnapshotData['outbox'][number]): Op {
  return { ...op, stamp: decodeStamp(op.stamp) };
}

export function conflictToJson(c: ConflictEntry): SnapshotData['conflicts'][number] {
  return { ...c, winner: encodeStamp(c.winner), loser: encodeStamp(c.loser) };
}

export function conflictFromJson(c: SnapshotData['conflicts'][number]): ConflictEntry {
  return { ...c, winner: decodeStamp(c.winner), loser: decodeStamp(c.loser) };
}

export function actionToJson(a: RemoteAction): SnapshotData['remoteActions'][number] {
  return { id: a.id, kind: a.kind, state: a.state, attempts: a.attempts, lastError: a.lastError };
}

export function stampToJson(s: Stamp): string {
  return encodeStamp(s);
}
