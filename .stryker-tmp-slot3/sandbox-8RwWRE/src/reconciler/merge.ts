/**
 * Last-write-wins merge of one remote op into one replica's visible version. Pure: it decides, the
 * reconciler applies. The visible version already carries the newest local write, so comparing
 * against it is what keeps a pending local op that is newer than a pulled op from being overwritten.
 * Only concurrent writes are conflicts: a plain update (its writer had seen the visible version)
 * replaces it without a conflict entry, and an older op the visible version descends from is kept out
 * without one.
 */
// @ts-nocheck

import { compareStamps } from '../core/stamp.ts';
import type { Stamp, StampMode } from '../core/stamp.ts';
import type { RecordVersion } from '../core/record.ts';
import type { ConflictEntry } from './types.ts';

export type MergeOutcome =
  /** The op is the version already visible (a re-delivery). */
  | { readonly kind: 'already-applied' }
  /** The record was unknown here: the op becomes its first version, nothing was replaced. */
  | { readonly kind: 'inserted'; readonly next: RecordVersion }
  /** The op beat the visible version and replaced it; `conflict` unless it was a plain update. */
  | { readonly kind: 'replaced'; readonly next: RecordVersion; readonly conflict?: ConflictEntry }
  /** The visible version beat the op and stays; `conflict` unless the op was an older one the visible version descends from. */
  | { readonly kind: 'kept'; readonly conflict?: ConflictEntry };

/** How the two writes relate: `update` (incoming descends from visible), `stale` (the reverse), `concurrent`. */
export type Relation = 'update' | 'stale' | 'concurrent';

export function ruleFor(mode: StampMode): ConflictEntry['rule'] {
  return mode === 'hlc' ? 'lww-hlc' : 'lww-wall';
}

export function mergeVersion(
  visible: RecordVersion | undefined,
  incoming: RecordVersion,
  mode: StampMode,
  atMs: number,
  relation: Relation = 'concurrent',
  compare: (a: Stamp, b: Stamp) => number = compareStamps,
): MergeOutcome {
  if (visible === undefined) return { kind: 'inserted', next: incoming };
  if (visible.opId === incoming.opId) return { kind: 'already-applied' };
  const order = compare(incoming.stamp, visible.stamp);
  // Distinct ops never share a stamp (device ids differ, or one device's counter moved on); an
  // equal stamp means the same write seen again under another id, so keep what is visible.
  if (order === 0) return { kind: 'already-applied' };
  const rule = ruleFor(mode);
  if (order > 0) {
    if (relation === 'update') return { kind: 'replaced', next: incoming };
    return {
      kind: 'replaced',
      next: incoming,
      conflict: { recordId: incoming.id, winner: incoming.stamp, loser: visible.stamp, rule, outcome: 'remote-won', atMs },
    };
  }
  if (relation === 'stale') return { kind: 'kept' };
  return {
    kind: 'kept',
    conflict: { recordId: incoming.id, winner: visible.stamp, loser: incoming.stamp, rule, outcome: 'local-kept', atMs },
  };
}
