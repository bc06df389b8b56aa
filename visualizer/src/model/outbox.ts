/** Outbox depth per device over time: a step series (depth holds until the next point). */
import type { TraceEvent } from '../../../src/trace/events.ts';

export interface StepPoint {
  t: number;
  value: number;
}

export function deriveOutbox(events: readonly TraceEvent[], devices: readonly string[]): Map<string, StepPoint[]> {
  const series = new Map<string, StepPoint[]>(devices.map((d) => [d, [{ t: events[0]?.t ?? 0, value: 0 }]]));
  for (const e of events) {
    if (e.kind !== 'outbox') continue;
    let points = series.get(e.device);
    if (!points) series.set(e.device, (points = []));
    const last = points.at(-1);
    if (last && last.t === e.t) last.value = e.depth;
    else if (!last || last.value !== e.depth) points.push({ t: e.t, value: e.depth });
  }
  return series;
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
