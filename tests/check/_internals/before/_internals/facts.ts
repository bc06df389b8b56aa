// Frozen copy of src/check/_internals/facts.ts at 316e623 (before the shared views): the differential test's reference. Do not edit.
/**
 * Shared reading of a trace for the checkers: committed ops, the stamp order a run is judged by (the
 * engine's declared one or the built-in one), and the one way a violation is built. Independent of
 * the reconciler: it only knows the trace format.
 */
import type { CheckerId } from '../../../../../src/spec/checker-ids.ts';
import type { LocalWriteEvent, RunEndEvent, TraceEvent, TraceVersion, Violation } from '../../../../../src/trace/events.ts';
import type { StampOrder } from '../../../../../src/trace/stamp-order.ts';
import { BUILT_IN_ORDER } from '../../../../../src/check/_internals/stamp-order.ts';

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

export interface Checker<Id extends CheckerId = CheckerId> {
  readonly id: Id;
  readonly title: string;
  readonly property: string;
  check(input: CheckInput): Violation[];
}

/** A checker as written: its judgement gets the findings list already labelled with its id. */
export interface CheckerDefinition<Id extends CheckerId> {
  id: Id;
  title: string;
  property: string;
  check(input: CheckInput, found: Findings): Violation[];
}

/** Defines a checker, writing its id once (the findings it reports carry the same id). */
export function defineChecker<const Id extends CheckerId>(definition: CheckerDefinition<Id>): Checker<Id> {
  const { id, title, property } = definition;
  return { id, title, property, check: (input) => definition.check(input, new Findings(id)) };
}

/** Most violations a checker reports per run: the first shows the bug, the rest are noise. */
export const MAX_VIOLATIONS_PER_CHECKER = 3;

/** Orders two encoded stamps by the built-in stamp order (negative: a is older). */
export function compareEncoded(a: string, b: string): number {
  return BUILT_IN_ORDER.compare(a, b);
}

export function newer(a: TraceVersion, b: TraceVersion | undefined, compare: Compare = compareEncoded): boolean {
  return b === undefined || compare(a.stamp, b.stamp) > 0;
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

export function key(device: string, recordId: string): string {
  return `${device}\u0000${recordId}`;
}

/**
 * Keeps `shown` (by `key(device, record)`: the version each device shows) current through the two
 * events that set it outright: a committed local write, and a restart (the device shows what it
 * restored, nothing else). True when `e` was one of them, so the caller's own fold can skip it.
 */
export function trackShown(shown: Map<string, TraceVersion>, e: TraceEvent): boolean {
  if (e.kind === 'local-write') {
    if (e.ok && e.version) shown.set(key(e.device, e.recordId), e.version);
    return true;
  }
  if (e.kind !== 'restart') return false;
  for (const k of [...shown.keys()]) if (k.startsWith(`${e.device}\u0000`)) shown.delete(k);
  for (const v of e.versions) shown.set(key(e.device, v.id), v);
  return true;
}

/** Collects violations up to the cap. */
export class Findings {
  readonly list: Violation[] = [];
  constructor(private readonly checker: CheckerId) {}
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
