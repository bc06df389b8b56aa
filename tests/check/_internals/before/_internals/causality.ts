// Frozen copy of src/check/_internals/causality.ts at 316e623 (before the shared views): the differential test's reference. Do not edit.
/**
 * Causality read from the trace alone: every committed local write names the op it was editing
 * (`base` on `local-write`, null for a create). A version descends from another when the other is
 * its base, or its base's base, and so on: its writer had seen it. Two versions where neither
 * descends from the other were written concurrently. Traces recorded before `base` existed carry no
 * lineage: every pair then counts as concurrent, which is how the lab judged before.
 */
import type { TraceEvent } from '../../../../../src/trace/events.ts';

export type Relation = 'update' | 'stale' | 'concurrent' | 'same';

export class Causality {
  private readonly bases = new Map<string, string | null>();
  private readonly opByStamp = new Map<string, string>();
  private readonly writer = new Map<string, string>();
  private readonly stamps = new Map<string, string>();

  constructor(trace: readonly TraceEvent[]) {
    for (const e of trace) {
      if (e.kind !== 'local-write' || !e.ok || !e.version) continue;
      this.opByStamp.set(e.version.stamp, e.version.opId);
      this.writer.set(e.version.opId, e.device);
      this.stamps.set(e.version.opId, e.version.stamp);
      if (e.base !== undefined) this.bases.set(e.version.opId, e.base);
    }
  }

  /** The committed op that carries this stamp, if any. */
  opOf(stamp: string): string | undefined {
    return this.opByStamp.get(stamp);
  }

  /** The stamp a committed op carries. */
  stampOf(opId: string): string | undefined {
    return this.stamps.get(opId);
  }

  /** The device that wrote a committed op. */
  writerOf(opId: string): string | undefined {
    return this.writer.get(opId);
  }

  /** True when `op`'s writer had seen `ancestor` (directly or through the ops it descends from). */
  descends(op: string, ancestor: string): boolean {
    const walked = new Set<string>();
    for (let at = this.bases.get(op); at; at = this.bases.get(at)) {
      if (at === ancestor) return true;
      if (walked.has(at)) return false;
      walked.add(at);
    }
    return false;
  }

  /**
   * True when a conflict entry (winner, loser stamps) names a link of the chain by which `was` became
   * `now` within one receive: one pull may carry several versions of a record (was -> x -> y -> now),
   * and the engine logs the concurrent step where it happened. The entry counts when it names either
   * end, or when its winner is `now` or an ancestor of it and its loser is `was` or a descendant of it.
   */
  entryLinks(winnerStamp: string, loserStamp: string, now: { opId: string; stamp: string }, was: { opId: string; stamp: string }): boolean {
    if (winnerStamp === now.stamp || loserStamp === was.stamp) return true;
    const winner = this.opOf(winnerStamp);
    const loser = this.opOf(loserStamp);
    if (winner === undefined || loser === undefined) return false;
    return (winner === now.opId || this.descends(now.opId, winner)) && (loser === was.opId || this.descends(loser, was.opId));
  }

  /** How `next` relates to `was`: an update of it, an older version it descends from, or concurrent. */
  relation(next: string, was: string): Relation {
    if (next === was) return 'same';
    if (this.descends(next, was)) return 'update';
    if (this.descends(was, next)) return 'stale';
    return 'concurrent';
  }
}

/**
 * True when a conflict entry of `outcome` on (device, record) at the same instant as event `at` (the
 * receive that caused it logs its entries around its merge events) satisfies `match`.
 */
export function entryAtSameInstant(
  trace: readonly TraceEvent[],
  at: number,
  device: string,
  recordId: string,
  outcome: 'remote-won' | 'local-kept',
  match: (winner: string, loser: string) => boolean,
): boolean {
  const t = trace[at]!.t;
  for (const step of [-1, 1]) {
    for (let n = at + step; n >= 0 && n < trace.length && trace[n]!.t === t; n += step) {
      const e = trace[n]!;
      if (e.kind === 'conflict' && e.device === device && e.recordId === recordId && e.outcome === outcome && match(e.winner, e.loser)) return true;
    }
  }
  return false;
}
