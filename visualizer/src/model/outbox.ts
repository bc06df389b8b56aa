/** Outbox depth per device over time: a step series (depth holds until the next point). */
import type { TraceEvent } from '../../../src/trace/events.ts';

export interface StepPoint {
  t: number;
  value: number;
}

/**
 * Outbox depth per device: each `outbox` event, and each `restart` (its `pendingOps` is the depth the
 * restarted device reports; without it a device whose outbox changed across a crash would keep its
 * pre-crash depth until its next outbox event). Several values in one tick: the last one holds.
 */
export function deriveOutbox(events: readonly TraceEvent[], devices: readonly string[]): Map<string, StepPoint[]> {
  const series = new Map<string, StepPoint[]>(devices.map((d) => [d, [{ t: events[0]?.t ?? 0, value: 0 }]]));
  for (const e of events) {
    const depth = e.kind === 'outbox' ? e.depth : e.kind === 'restart' && typeof e.pendingOps === 'number' ? e.pendingOps : null;
    if (depth === null) continue;
    const device = (e as { device: string }).device;
    let points = series.get(device);
    if (!points) series.set(device, (points = []));
    pushStep(points, e.t, depth);
  }
  return series;
}

/** Adds a point to a step series: a later value in the same tick replaces the earlier one. */
export function pushStep(points: StepPoint[], t: number, value: number): void {
  const last = points.at(-1);
  if (last && last.t === t) {
    last.value = value;
    // The replaced value may now repeat the one before: drop the redundant step.
    const before = points.at(-2);
    if (before && before.value === value) points.pop();
  } else if (!last || last.value !== value) points.push({ t, value });
}

/** The value of a step series at time t (the last point at or before t). */
export function stepValueAt(points: readonly StepPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found === -1 ? 0 : points[found]!.value;
}
