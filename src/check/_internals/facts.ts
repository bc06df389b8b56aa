/**
 * Shared reading of a trace for the checkers: committed ops, stamp order on encoded stamps, and the
 * one way a violation is built. Independent of the reconciler: it only knows the trace format.
 */
import { compareStamps, decodeStamp } from '../../core/stamp.ts';
import type { LocalWriteEvent, RunEndEvent, TraceEvent, TraceVersion, Violation } from '../../trace/events.ts';

export interface CheckInput {
  trace: readonly TraceEvent[];
  serverState: unknown;
  stampMode: 'hlc' | 'wall';
}

export interface Checker {
  id: string;
  title: string;
  property: string;
  check(input: CheckInput): Violation[];
}

/** Most violations a checker reports per run: the first shows the bug, the rest are noise. */
export const MAX_VIOLATIONS_PER_CHECKER = 3;

/** Orders two encoded stamps by the stamp order (negative: a is older). */
export function compareEncoded(a: string, b: string): number {
  return compareStamps(decodeStamp(a), decodeStamp(b));
}

export function newer(a: TraceVersion, b: TraceVersion | undefined): boolean {
  return b === undefined || compareEncoded(a.stamp, b.stamp) > 0;
}

export interface CommittedOp {
  event: LocalWriteEvent;
  version: TraceVersion;
}

/** Every write the user was told is saved (ok local-writes), by op id, in trace order. */
export function committedOps(trace: readonly TraceEvent[]): Map<string, CommittedOp> {
  const ops = new Map<string, CommittedOp>();
  for (const e of trace) {
    if (e.kind === 'local-write' && e.ok && e.version) ops.set(e.version.opId, { event: e, version: e.version });
  }
  return ops;
}

export function runEnd(trace: readonly TraceEvent[]): RunEndEvent | undefined {
  const last = trace[trace.length - 1];
  return last?.kind === 'run-end' ? last : undefined;
}

export function key(device: string, recordId: string): string {
  return `${device}\u0000${recordId}`;
}

/** Collects violations up to the cap. */
export class Findings {
  readonly list: Violation[] = [];
  constructor(private readonly checker: string) {}
  get full(): boolean {
    return this.list.length >= MAX_VIOLATIONS_PER_CHECKER;
  }
  add(message: string, at: { i: number; t: number }, devices: string[], records: string[]): void {
    if (this.full) return;
    this.list.push({
      checker: this.checker,
      message,
      eventIndex: at.i,
      t: at.t,
      devices: [...new Set(devices)].sort(),
      records: [...new Set(records)].sort(),
    });
  }
}

export function describe(v: TraceVersion | null | undefined): string {
  if (!v) return 'nothing';
  return `${v.deleted ? 'tombstone' : 'version'} ${v.opId} @ ${v.stamp}`;
}
