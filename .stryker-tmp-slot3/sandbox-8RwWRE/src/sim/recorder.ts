/**
 * What goes into the trace: the recorder stamps each event with its index and virtual time, feeds
 * the running trace hash (v2: a compact encoding; no JSONL text is built), and turns what a device
 * discloses (outbox depth, sync status, remote-action states, new conflicts) into events only when it
 * changed. See src/trace/events.ts for the rules the checkers rely on.
 */
// @ts-nocheck

import { canonicalCopy, canonicalLength, sameCanonical } from '../core/canonical.ts';
import { TraceHasher } from '../core/trace-hash.ts';
import type { RecordVersion } from '../core/record.ts';
import { encodeStamp } from '../core/stamp.ts';
import type { ConflictEntry, SyncStatus } from '../reconciler/types.ts';
import type { TraceEvent, TraceVersion } from '../trace/events.ts';
import type { SimDevice } from './sim-device.ts';

/** A trace event before the recorder gives it an index and a time. */
export type Emitted = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'i' | 't'> : never) : never;

export function toTraceVersion(v: RecordVersion): TraceVersion {
  return { id: v.id, stamp: encodeStamp(v.stamp), deleted: v.deleted, fields: v.fields as TraceVersion['fields'], opId: v.opId };
}

export class TraceRecorder {
  readonly trace: TraceEvent[] = [];
  private readonly hasher = new TraceHasher();
  /** The status each device last disclosed, as the private copy put in the trace. */
  private readonly shownStatus = new Map<SimDevice, unknown>();

  constructor(private readonly nowUs: () => number) {}

  emit(event: Emitted): void {
    const full = { i: this.trace.length, t: this.nowUs(), ...event } as TraceEvent;
    this.trace.push(full);
    this.hasher.update(full);
  }

  /** Size of a message payload on the wire: the length of its canonical text (counted, not built). */
  bytesOf(payload: object): number {
    return canonicalLength(payload);
  }

  /** The trace hash so far (`v2:`, src/core/trace-hash.ts): no canonical text is built while a run goes. */
  digest(): string {
    return this.hasher.digest();
  }

  /** Records outbox depth, disclosed status (the engine's `status()`) and remote-action outcomes when they change. */
  observe(device: SimDevice, status: SyncStatus): void {
    if (status.pendingOps !== device.outboxDepth) {
      device.outboxDepth = status.pendingOps;
      this.emit({ kind: 'outbox', device: device.id, depth: status.pendingOps });
    }
    // Compared with the last disclosed copy value by value (same canonical text ⇔ same), no text built.
    const shown = this.shownStatus.get(device);
    if (shown === undefined || !sameCanonical(shown, status)) {
      // A private copy for the trace (the reconciler may reuse its objects), as JSON would give it back.
      const copy = canonicalCopy(status) as Record<string, unknown>;
      this.shownStatus.set(device, copy);
      this.emit({ kind: 'status', device: device.id, status: copy });
    }
    for (const action of status.remoteActions) {
      if (device.actionStates.get(action.id) === action.state) continue;
      device.actionStates.set(action.id, action.state);
      this.emit({ kind: 'remote-action', device: device.id, actionId: action.id, action: action.kind, state: action.state });
    }
  }

  /**
   * Records the conflicts the reconciler logged since the device's last look: `total` is how many it
   * ever logged (`conflictsTotal()`), `log` its `conflicts()`, asked for only when total grew.
   */
  conflicts(device: SimDevice, total: number, log: readonly ConflictEntry[]): void {
    const fresh = log.slice(Math.max(0, log.length - (total - device.conflictsSeen)));
    device.conflictsSeen = total;
    for (const c of fresh) {
      this.emit({
        kind: 'conflict',
        device: device.id,
        recordId: c.recordId,
        winner: encodeStamp(c.winner),
        loser: encodeStamp(c.loser),
        rule: c.rule,
        outcome: c.outcome,
      });
    }
  }
}
