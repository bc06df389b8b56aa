/**
 * Shared reading of a trace for the checkers: committed ops, the stamp order a run is judged by (the
 * engine's declared one or the built-in one), and the one way a violation is built. Independent of
 * the reconciler: it only knows the trace format. The lowest layer (input, order, committed ops, the
 * server log) lives in reading.ts, re-exported here, so the shared views (views.ts) can sit between.
 */
// @ts-nocheck

import type { CheckerId } from '../../spec/checker-ids.ts';
import type { TraceEvent, TraceVersion, Violation } from '../../trace/events.ts';
import { compareEncoded } from './reading.ts';
import type { CheckInput, Compare } from './reading.ts';
import { viewsOf } from './views.ts';
import type { TraceViews } from './views.ts';

export { comparatorOf, committedOps, compareEncoded, orderOf, runEnd, ServerLog } from './reading.ts';
export type { CheckInput, CommittedOp, Compare } from './reading.ts';

export interface Checker<Id extends CheckerId = CheckerId> {
  readonly id: Id;
  readonly title: string;
  readonly property: string;
  /** `views`: the shared views of this very input (views.ts), when the caller has them; else the checker derives its own. */
  check(input: CheckInput, views?: TraceViews): Violation[];
}

/** A checker as written: its judgement gets the findings list already labelled with its id. */
export interface CheckerDefinition<Id extends CheckerId> {
  id: Id;
  title: string;
  property: string;
  check(input: CheckInput, found: Findings, views: TraceViews): Violation[];
}

/** Defines a checker, writing its id once (the findings it reports carry the same id). */
export function defineChecker<const Id extends CheckerId>(definition: CheckerDefinition<Id>): Checker<Id> {
  const { id, title, property } = definition;
  return { id, title, property, check: (input, views) => definition.check(input, new Findings(id), viewsOf(input, views)) };
}

/** Most violations a checker reports per run: the first shows the bug, the rest are noise. */
export const MAX_VIOLATIONS_PER_CHECKER = 3;

export function newer(a: TraceVersion, b: TraceVersion | undefined, compare: Compare = compareEncoded): boolean {
  return b === undefined || compare(a.stamp, b.stamp) > 0;
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
