/**
 * Causality read from the trace alone: every committed local write names the op it was editing
 * (`base` on `local-write`, null for a create). A version descends from another when the other is
 * its base, or its base's base, and so on: its writer had seen it. Two versions where neither
 * descends from the other were written concurrently. Traces recorded before `base` existed carry no
 * lineage: every pair then counts as concurrent, which is how the lab judged before.
 */
import type { TraceEvent } from '../../trace/events.ts';

export type Relation = 'update' | 'stale' | 'concurrent' | 'same';

const stampKey = (recordId: string, stamp: string): string => `${recordId}\u0000${stamp}`;

export class Causality {
  private readonly bases = new Map<string, string | null>();
  /**
   * (record, stamp) -> the committed ops carrying it: two records' ops may carry one stamp (a wall
   * clock raises a stamp only above its own versions of the same record), and an entry names its
   * record; a wall clock that went back can even repeat a stamp on one record, after its writer
   * forgot the earlier op (default seed 520 with examples/minimal-reconciler.ts).
   */
  private readonly opsByStamp = new Map<string, string[]>();
  private readonly writer = new Map<string, string>();
  private readonly stamps = new Map<string, string>();

  constructor(trace: readonly TraceEvent[]) {
    for (const e of trace) {
      if (e.kind !== 'local-write' || !e.ok || !e.version) continue;
      const at = stampKey(e.version.id, e.version.stamp);
      const ops = this.opsByStamp.get(at) ?? this.opsByStamp.set(at, []).get(at)!;
      if (!ops.includes(e.version.opId)) ops.push(e.version.opId);
      this.writer.set(e.version.opId, e.device);
      this.stamps.set(e.version.opId, e.version.stamp);
      if (e.base !== undefined) this.bases.set(e.version.opId, e.base);
    }
  }

  /** The committed op of this record that carries this stamp, if exactly one does. */
  opOf(recordId: string, stamp: string): string | undefined {
    const ops = this.opsOf(recordId, stamp);
    return ops.length === 1 ? ops[0] : undefined;
  }

  /** Every committed op of this record that carries this stamp. */
  opsOf(recordId: string, stamp: string): readonly string[] {
    return this.opsByStamp.get(stampKey(recordId, stamp)) ?? [];
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
   * True when the conflict entries one receive logged (winner, loser stamps) account for `was`
   * becoming `now`. One pull may carry several versions of a record (was -> x -> y -> now), and the
   * engine logs each concurrent step where it happened, so the entries may form a path: an entry
   * counts as a step when its loser is a version reached so far or an update of one (its writer had
   * seen it), and its winner is then reached; the change is accounted for when `now` is reached or is
   * an update of a reached version. An entry naming either end (winner `now`, or loser `was`) counts
   * on its own, as before. A stamp two ops of the record carry names either: the step counts for each.
   */
  chainLinks(recordId: string, entries: readonly { winner: string; loser: string }[], now: { opId: string; stamp: string }, was: { opId: string; stamp: string }): boolean {
    if (entries.some((e) => e.winner === now.stamp || e.loser === was.stamp)) return true;
    const reached = [was.opId];
    const isReached = (op: string): boolean => reached.some((r) => r === op || this.descends(op, r));
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of entries) {
        if (!this.opsOf(recordId, e.loser).some(isReached)) continue;
        for (const winner of this.opsOf(recordId, e.winner)) {
          if (reached.includes(winner)) continue;
          reached.push(winner);
          grew = true;
        }
      }
    }
    return isReached(now.opId);
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
 * The conflict entries of `outcome` on (device, record) at the same instant as event `at` (the
 * receive that caused them logs its entries around its merge events).
 */
export function entriesAtSameInstant(
  trace: readonly TraceEvent[],
  at: number,
  device: string,
  recordId: string,
  outcome: 'remote-won' | 'local-kept',
): { winner: string; loser: string }[] {
  const t = trace[at]!.t;
  const out: { winner: string; loser: string }[] = [];
  for (const step of [-1, 1]) {
    for (let n = at + step; n >= 0 && n < trace.length && trace[n]!.t === t; n += step) {
      const e = trace[n]!;
      if (e.kind === 'conflict' && e.device === device && e.recordId === recordId && e.outcome === outcome) out.push({ winner: e.winner, loser: e.loser });
    }
  }
  return out;
}
