/**
 * The oracle: a reference last-write-wins fold of every committed op (every ok local write), written
 * from the trace alone. The checkers compare replicas and the server against it, never against the
 * reconciler's own idea of who won.
 */
// @ts-nocheck

import type { TraceEvent, TraceVersion } from '../trace/events.ts';
import { committedOps, compareEncoded, lwwFold } from './_internals/reading.ts';
import type { Compare } from './_internals/reading.ts';

/**
 * Per record, the committed version with the greatest stamp by `compare` (default: the built-in
 * order), tombstones included, with the winning write's full content (`fields`, `deleted`) exactly as
 * the writer committed it: convergence and lww-winner compare every field of every replica with it.
 */
export function oracleState(trace: readonly TraceEvent[], compare: Compare = compareEncoded): Map<string, TraceVersion> {
  return lwwFold(committedOps(trace), compare); // the shared views (_internals/views.ts) fold the same way
}

/** The oracle state as a sorted list, the same shape as a replica in `run-end`. */
export function oracleVersions(trace: readonly TraceEvent[], compare: Compare = compareEncoded): TraceVersion[] {
  return [...oracleState(trace, compare).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
