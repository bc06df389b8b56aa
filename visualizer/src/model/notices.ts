/**
 * What the run tells a reviewer beside violations: schedule events that could not take effect
 * (`schedule-skip`), lifecycle events a device model refused (`lifecycle-reject`), and writes whose
 * stamp ran ahead of true time by more than the run's bound (the `future-stamp` hazard), each placed
 * on its device's lane. Read from the trace alone (the visualizer imports nothing but the trace types).
 */
import type { TraceEvent } from '../../../src/trace/events.ts';
import { splitStamp } from './conflicts.ts';

export interface SkipMark {
  i: number;
  t: number;
  device: string;
  /** `edit r1`, `restart`, … (the schedule action and its ref). */
  what: string;
  reason: string;
  /** `schedule-skip` or `lifecycle-reject`. */
  kind: string;
}

export interface FutureStampMark {
  i: number;
  t: number;
  device: string;
  recordId: string;
  stamp: string;
  /** How far the stamp's wall part is ahead of true time at the write (ms). */
  aheadMs: number;
}

/** Used when the run-start options do not say (traces recorded before the option existed). */
export const DEFAULT_FUTURE_STAMP_BOUND_MS = 5 * 60_000;

export function deriveSkips(events: readonly TraceEvent[]): SkipMark[] {
  const marks: SkipMark[] = [];
  for (const e of events) {
    if (e.kind === 'schedule-skip') marks.push({ i: e.i, t: e.t, device: e.device, what: `${e.action}${e.ref === undefined ? '' : ` ${e.ref}`}`, reason: e.reason, kind: e.kind });
    else if (e.kind === 'lifecycle-reject') marks.push({ i: e.i, t: e.t, device: e.device, what: e.event, reason: `the ${e.machine} model refused ${e.event} in state ${e.state}`, kind: e.kind });
  }
  return marks;
}

/**
 * Committed writes whose stamp is ahead of true time (clock epoch + virtual time) by more than the
 * bound: each one beats every write of its record for that long, whoever writes later.
 */
export function deriveFutureStamps(events: readonly TraceEvent[]): FutureStampMark[] {
  const start = events[0];
  if (start?.kind !== 'run-start') return [];
  const epoch = Number(start.options['clockEpochMs']);
  if (!Number.isFinite(epoch)) return [];
  const configured = Number(start.options['futureStampBoundMs']);
  const bound = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_FUTURE_STAMP_BOUND_MS;
  const marks: FutureStampMark[] = [];
  for (const e of events) {
    if (e.kind !== 'local-write' || !e.ok || !e.version) continue;
    const { wallMs } = splitStamp(e.version.stamp);
    if (wallMs === null) continue;
    const aheadMs = wallMs - (epoch + e.t / 1000);
    if (aheadMs > bound) marks.push({ i: e.i, t: e.t, device: e.device, recordId: e.recordId, stamp: e.version.stamp, aheadMs: Math.round(aheadMs) });
  }
  return marks;
}
