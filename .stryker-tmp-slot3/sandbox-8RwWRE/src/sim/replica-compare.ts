/**
 * How the world compares devices' replicas (the quiet check, convergence at the end): by the
 * canonical text of their versions as the trace records them. The text is costly and most quiet
 * checks compare replicas that are plainly different or plainly the same, so two cheap tests come
 * first, each exact in one direction: `sameOps` false means the texts differ, `sameValues` true means
 * they are equal. Only a pair neither settles has its text built.
 */
// @ts-nocheck

import { canonicalJson } from '../core/canonical.ts';
import type { RecordVersion } from '../core/record.ts';
import type { TraceVersion } from '../trace/events.ts';
import { toTraceVersion } from './recorder.ts';

/** Same records, ops and deletions, in the same order: necessary for equal replicas. */
export function sameOps(a: readonly RecordVersion[], b: readonly RecordVersion[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.opId !== y.opId || x.deleted !== y.deleted) return false;
  }
  return true;
}

/**
 * Same values all the way down (same own keys, leaves strictly equal): sufficient for equal replicas.
 * Called after `sameOps`, so ids, ops and deletions are equal already.
 */
export function sameValues(a: readonly RecordVersion[], b: readonly RecordVersion[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.id !== y.id || x.opId !== y.opId || x.deleted !== y.deleted) return false;
    if (x.stamp.wallMs !== y.stamp.wallMs || x.stamp.counter !== y.stamp.counter || x.stamp.deviceId !== y.stamp.deviceId) return false;
    if (!sameJson(x.fields, y.fields)) return false;
  }
  return true;
}

/** Strict structural equality: same own enumerable keys (key order aside), leaves `===`. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(y, key) || !sameJson(x[key], y[key])) return false;
  return true;
}

/** The canonical text of a replica's versions as the trace records them. */
export function replicaText(versions: readonly TraceVersion[]): string {
  return canonicalJson(versions);
}

/** `replicaText` of an engine's answer. */
export function replicaDigest(versions: readonly RecordVersion[]): string {
  return replicaText(versions.map(toTraceVersion));
}
