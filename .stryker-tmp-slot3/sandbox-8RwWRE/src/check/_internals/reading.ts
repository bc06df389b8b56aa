/**
 * The lowest layer of the checkers' reading of a trace: what a run is judged by (its input and stamp
 * order), the committed ops, which of them reached the server, the run-end. Shared by facts.ts (which
 * re-exports all of it) and the shared views (views.ts). Independent of the reconciler: it only knows
 * the trace format.
 */
// @ts-nocheck

import type { LocalWriteEvent, RunEndEvent, TraceEvent, TraceVersion } from '../../trace/events.ts';
import type { StampOrder } from '../../trace/stamp-order.ts';
import { BUILT_IN_ORDER } from './stamp-order.ts';

export interface CheckInput {
  trace: readonly TraceEvent[];
  serverState: unknown;
  stampMode: 'hlc' | 'wall';
  /** The engine's declared stamp order; omitted, the built-in one (src/check/_internals/stamp-order.ts). */
  order?: StampOrder;
}

/** The order a run is judged by: the engine's declared one, or the built-in one. */
export function orderOf(input: Pick<CheckInput, 'order'>): StampOrder {
  return input.order ?? BUILT_IN_ORDER;
}

/** The comparison of the order a run is judged by (negative: a is older). */
export function comparatorOf(input: Pick<CheckInput, 'order'>): Compare {
  const order = orderOf(input);
  return (a, b) => order.compare(a, b);
}

export type Compare = (a: string, b: string) => number;

/** Orders two encoded stamps by the built-in stamp order (negative: a is older). */
export function compareEncoded(a: string, b: string): number {
  return BUILT_IN_ORDER.compare(a, b);
}

export interface CommittedOp {
  event: LocalWriteEvent;
  version: TraceVersion;
}

/** The oracle's fold (src/check/oracle.ts `oracleState`): per record, the committed version with the greatest stamp by `compare`; the first of equal stamps stays. */
export function lwwFold(committed: ReadonlyMap<string, CommittedOp>, compare: Compare): Map<string, TraceVersion> {
  const state = new Map<string, TraceVersion>();
  for (const { version } of committed.values()) {
    const held = state.get(version.id);
    if (!held || compare(version.stamp, held.stamp) > 0) state.set(version.id, version);
  }
  return state;
}

/** Every write the user was told is saved (ok local-writes), by op id, in trace order. */
export function committedOps(trace: readonly TraceEvent[]): Map<string, CommittedOp> {
  const ops = new Map<string, CommittedOp>();
  for (const e of trace) {
    if (e.kind === 'local-write' && e.ok && e.version) ops.set(e.version.opId, { event: e, version: e.version });
  }
  return ops;
}

/**
 * "A committed op reached the server", read from the server log at the end of the run: the op is in
 * the log, or the log holds a strictly newer op of the same record (the write was superseded there,
 * so nothing the user was told is saved went missing). An op whose stamp merely equals the newest
 * logged one does not count: different ops never share a stamp, so equality would be a stamp
 * collision hiding a lost write.
 */
export class ServerLog {
  private readonly opIds: Set<string>;
  private readonly newest = new Map<string, string>();

  constructor(
    end: RunEndEvent,
    private readonly compare: Compare = compareEncoded,
  ) {
    this.opIds = new Set(end.serverLog.map((s) => s.opId));
    for (const s of end.serverLog) {
      const held = this.newest.get(s.recordId);
      if (held === undefined || compare(s.stamp, held) > 0) this.newest.set(s.recordId, s.stamp);
    }
  }

  reached(version: TraceVersion): boolean {
    if (this.opIds.has(version.opId)) return true;
    const top = this.newest.get(version.id);
    return top !== undefined && this.compare(top, version.stamp) > 0;
  }
}

export function runEnd(trace: readonly TraceEvent[]): RunEndEvent | undefined {
  const last = trace[trace.length - 1];
  return last?.kind === 'run-end' ? last : undefined;
}
