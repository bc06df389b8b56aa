/**
 * Applying a pulled batch to the replica: each foreign op is decrypted and checked against its
 * metadata, observed by the stamp clock and merged by last-write-wins (conflicts logged), in log
 * order, the cursor advancing op by op. In `wall` mode a local write stamped below the version it
 * replaced was shown at once but kept a shadow; after the batch the higher version is restored, with
 * a conflict entry, so this replica converges with the others. An op that cannot be opened stops the
 * batch before it (never skipped silently) and sync backs off.
 */
import { deviceOf } from '../core/ids.ts';
import type { DeviceId, RecordId } from '../core/ids.ts';
import type { RecordVersion } from '../core/record.ts';
import { decodeStamp, observe } from '../core/stamp.ts';
import type { Stamp, StampClock } from '../core/stamp.ts';
import type { PullResponse } from '../core/wire.ts';
import { ChannelError, decryptPayload, opBinding } from '../channel/payload.ts';
import type { ConflictLog } from './conflict-log.ts';
import type { Lineage } from './lineage.ts';
import { mergeVersion, ruleFor } from './merge.ts';
import type { Relation } from './merge.ts';
import type { ReplicaStore } from './replica.ts';
import type { SyncClient } from './sync-client.ts';
import type { SyncStatus } from './types.ts';

/** The parts of a reconciler a pull changes. */
export interface PullTarget {
  readonly deviceId: DeviceId;
  readonly key: Uint8Array;
  readonly clock: StampClock;
  readonly store: ReplicaStore;
  readonly conflictLog: ConflictLog;
  readonly lineage: Lineage;
  readonly shadows: Map<RecordId, RecordVersion>;
  readonly sync: SyncClient;
  /** The stamp order every decision of the engine is made by (`compareStamps`; test engines declaring their own swap it). */
  readonly compare: (a: Stamp, b: Stamp) => number;
  /** Merges one foreign version (the reconciler's own method, so a test double can replace it). */
  readonly merge: (incoming: RecordVersion, nowMs: number) => void;
  /** Logs a pulled stamp the clock-lead policy did not fold into the clock. */
  readonly clockLeadRefused: (remote: Stamp, nowMs: number) => void;
}

/** What a merge of one version changes. */
export type MergeTarget = Pick<PullTarget, 'store' | 'conflictLog' | 'clock' | 'lineage'> & Partial<Pick<PullTarget, 'compare'>>;

/** Merges a pulled batch in log order. Returns null when it all applied, or the error that stopped it. */
export function applyPull(t: PullTarget, response: PullResponse, nowMs: number): SyncStatus['lastError'] {
  for (const wire of response.ops) {
    if (wire.seq <= t.sync.cursor) continue;
    if (deviceOf(wire.opId) !== t.deviceId) {
      let incoming: RecordVersion;
      try {
        const payload = decryptPayload(t.key, wire.ciphertext, opBinding(wire));
        const stamp = decodeStamp(wire.stamp);
        incoming = { id: wire.recordId, fields: payload.fields, stamp, deleted: payload.kind === 'delete', opId: wire.opId };
        t.lineage.record(wire.opId, payload.base ?? null);
      } catch (error) {
        // Never skip an op silently: stay before it and retry with backoff, so a bad entry is visible.
        const why = error instanceof ChannelError || error instanceof Error ? error.message : String(error);
        t.sync.failed(nowMs);
        return { code: 'bad-request', atMs: nowMs, message: `reconciler: pulled op ${wire.opId} (seq ${wire.seq}) rejected: ${why}` };
      }
      // Clock-lead policy (SyncPolicy.maxClockLeadMs): a stamp too far ahead is merged, not followed.
      if (t.clock.mode === 'hlc' && incoming.stamp.wallMs > nowMs + t.sync.policy.maxClockLeadMs) t.clockLeadRefused(incoming.stamp, nowMs);
      else observe(t.clock, incoming.stamp, nowMs);
      t.merge(incoming, nowMs);
    }
    t.sync.cursor = wire.seq;
  }
  if (response.cursor > t.sync.cursor && response.ops.length === 0) t.sync.cursor = response.cursor;
  resolveShadows(t, nowMs);
  t.sync.pullFinished(response.more, nowMs);
  return null;
}

function resolveShadows(t: PullTarget, nowMs: number): void {
  if (t.shadows.size === 0) return;
  for (const id of [...t.shadows.keys()].sort()) {
    const shadow = t.shadows.get(id) as RecordVersion;
    t.shadows.delete(id);
    const visible = t.store.get(id);
    if (visible && t.compare(shadow.stamp, visible.stamp) > 0) {
      t.store.put(shadow);
      t.conflictLog.add({ recordId: id, winner: shadow.stamp, loser: visible.stamp, rule: ruleFor(t.clock.mode), outcome: 'remote-won', atMs: nowMs });
    }
  }
}

/** Last-write-wins of one foreign version into the replica; a concurrent write replacing or refused by the visible value is logged. */
export function mergeRemote(t: MergeTarget, incoming: RecordVersion, nowMs: number): void {
  const visible = t.store.get(incoming.id);
  const relation: Relation =
    visible === undefined ? 'concurrent' : t.lineage.descends(incoming.opId, visible.opId) ? 'update' : t.lineage.descends(visible.opId, incoming.opId) ? 'stale' : 'concurrent';
  const outcome = mergeVersion(visible, incoming, t.clock.mode, nowMs, relation, t.compare);
  switch (outcome.kind) {
    case 'inserted':
      t.store.put(outcome.next);
      return;
    case 'replaced':
      t.store.put(outcome.next);
      if (outcome.conflict) t.conflictLog.add(outcome.conflict);
      return;
    case 'kept':
      if (outcome.conflict) t.conflictLog.add(outcome.conflict);
      return;
    case 'already-applied':
      return;
  }
}
