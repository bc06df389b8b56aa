/**
 * Hazards: what a run shows that the spec's contract allows but a reviewer must see, reported apart
 * from contract violations (a run with hazards and no violations holds the contract; `run
 * --strict-hazards` turns hazards into a failing exit code). One kind so far:
 *
 * future-stamp: a committed write whose stamp runs ahead of true (simulated) time by more than a
 * bound (`futureStampBoundMs`, default 5 minutes). Under last-write-wins such a write beats every
 * write of its record stamped below it, including writes made later in true time by devices that
 * never saw it; the finding names those writes. True time at a write is the run's clock epoch
 * (`run-start` options `clockEpochMs`) plus the event's virtual time; the stamp's wall part is read
 * from its documented encoding (`<wall ms>.<counter>.<device>`), not through the engine's code.
 */
// @ts-nocheck

import type { TraceEvent } from '../trace/events.ts';
import { committedOps, compareEncoded } from './_internals/facts.ts';
import type { TraceViews } from './_internals/views.ts';

export const HAZARD_IDS = ['future-stamp'] as const;
export type HazardId = (typeof HAZARD_IDS)[number];

export interface Hazard {
  hazard: HazardId;
  message: string;
  /** The write that carries the stamp: its event index and time (µs). */
  eventIndex: number;
  t: number;
  devices: string[];
  records: string[];
  /** How far ahead of true time the stamp is (ms). */
  aheadMs: number;
  /** Op ids of the writes it beat: same record, made later in true time, stamped below it. */
  beat: string[];
}

export interface HazardOptions {
  /** How far ahead of true time a committed stamp may run before it is a `future-stamp` hazard (ms). */
  futureStampBoundMs?: number;
}

export const DEFAULT_FUTURE_STAMP_BOUND_MS = 5 * 60_000;

/** The wall-clock part of an encoded stamp, or null when the text is not in the documented encoding. */
function wallPart(stamp: string): number | null {
  const head = stamp.slice(0, stamp.indexOf('.'));
  return /^\d+$/.test(head) ? Number(head) : null;
}

/** `views`: the checkers' shared views (src/check/_internals/views.ts), used when built over this very trace. */
export function checkHazards(trace: readonly TraceEvent[], options: HazardOptions = {}, views?: TraceViews): Hazard[] {
  const bound = options.futureStampBoundMs ?? DEFAULT_FUTURE_STAMP_BOUND_MS;
  const start = trace[0];
  const epoch = start?.kind === 'run-start' ? Number(start.options['clockEpochMs']) : NaN;
  if (!Number.isFinite(epoch)) return [];
  const writes = [...(views !== undefined && views.trace === trace ? views.committed : committedOps(trace)).values()];
  const hazards: Hazard[] = [];
  for (const { event, version } of writes) {
    const wall = wallPart(version.stamp);
    if (wall === null) continue;
    const aheadMs = Math.round(wall - (epoch + event.t / 1000));
    if (aheadMs <= bound) continue;
    const beaten = writes.filter((w) => w.version.id === version.id && w.event.t > event.t && compareEncoded(w.version.stamp, version.stamp) < 0);
    const beat = beaten.map((w) => w.version.opId);
    const losers = beaten.length === 0 ? 'it has beaten no later write of the record so far' : `it beat ${beaten.length} later write(s) of the record: ${beaten.slice(0, 5).map((w) => `${w.version.opId} by ${w.event.device} at t=${w.event.t}µs`).join(', ')}${beaten.length > 5 ? ', …' : ''}`;
    hazards.push({
      hazard: 'future-stamp',
      message: `device ${event.device} committed ${version.opId} of ${version.id} stamped ${version.stamp}, ${aheadMs} ms ahead of true time (bound ${bound} ms); ${losers}`,
      eventIndex: event.i,
      t: event.t,
      devices: [...new Set([event.device, ...beaten.map((w) => w.event.device)])],
      records: [version.id],
      aheadMs,
      beat,
    });
  }
  return hazards;
}
