/**
 * Records and operations. The reconciler treats `fields` as opaque values; only the workload and
 * the exposure scanner know they are pain-journal entries.
 */
// @ts-nocheck

import type { OpId, RecordId, DeviceId } from './ids.ts';
import type { Stamp } from './stamp.ts';

export type FieldValue = string | number | boolean | null | readonly string[];
export type Fields = Readonly<Record<string, FieldValue>>;

/** The visible version of a record on one replica. Deletes are tombstones (`deleted: true`). */
export interface RecordVersion {
  readonly id: RecordId;
  readonly fields: Fields;
  readonly stamp: Stamp;
  readonly deleted: boolean;
  /** The op that produced this version. */
  readonly opId: OpId;
}

export type OpKind = 'create' | 'edit' | 'delete';

/**
 * One committed local write. An edit carries the whole new field set: LWW is per record, so the
 * winning op alone determines the visible version.
 */
export interface Op {
  readonly opId: OpId;
  readonly recordId: RecordId;
  readonly deviceId: DeviceId;
  readonly kind: OpKind;
  readonly fields: Fields;
  readonly stamp: Stamp;
}

export function versionOf(op: Op): RecordVersion {
  return { id: op.recordId, fields: op.fields, stamp: op.stamp, deleted: op.kind === 'delete', opId: op.opId };
}

/** The pain-journal entry the workload writes (DESIGN "The domain"). */
export interface JournalEntry {
  date: string;
  painLevel: number;
  locations: string[];
  medications: string[];
  notes: string;
}
