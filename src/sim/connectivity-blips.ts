/**
 * Connectivity blips (connectivityBlipsPerHour): brief disconnects as real devices see them, a phone
 * changing cell or Wi-Fi network, a train through a tunnel. A device that is online or intermittent
 * goes offline for a length drawn in [connectivityBlipMinMs, connectivityBlipMaxMs], then back to the
 * mode it was in. In the schedule (and so in the trace) a blip is two ordinary connectivity changes.
 *
 * The regular mode changes (modeChangesPerHour) keep devices offline for seconds to minutes, longer
 * than an engine's pull interval, so they seldom place what a blip places: a device back online before
 * its next interval pull was due, which only a pull on reconnect brings up to date at once.
 *
 * A blip is left out, with nothing drawn beyond its time and length, where it would not be one: the
 * device is offline then by the regular plan, a regular change falls inside it (the plan decides the
 * mode), it starts before the device's previous blip ended, or it would end after the fault phase.
 */
import type { Mode } from '../trace/events.ts';
import type { RandomStream } from './random.ts';
import type { ScheduleEvent } from './schedule.ts';

export interface BlipBounds {
  connectivityBlipMinMs: number;
  connectivityBlipMaxMs: number;
  durationMs: number;
}

/**
 * The blips of one device: `times` are the blips' start times (from the device's own blip stream,
 * `rng`, which then draws each length), `initialMode` and `changes` the device's regular plan.
 */
export function connectivityBlips(
  rng: RandomStream,
  device: string,
  times: readonly number[],
  initialMode: Mode,
  changes: readonly { atMs: number; mode: Mode }[],
  bounds: BlipBounds,
): ScheduleEvent[] {
  const out: ScheduleEvent[] = [];
  let freeFromMs = 0;
  for (const atMs of times) {
    const lengthMs = rng.int(bounds.connectivityBlipMinMs, bounds.connectivityBlipMaxMs);
    const endMs = atMs + lengthMs;
    if (atMs < freeFromMs || endMs >= bounds.durationMs) continue;
    let mode = initialMode;
    for (const c of changes) if (c.atMs <= atMs) mode = c.mode;
    if (mode === 'offline' || changes.some((c) => c.atMs >= atMs && c.atMs <= endMs)) continue;
    out.push({ atMs, device, action: 'connectivity', mode: 'offline' }, { atMs: endMs, device, action: 'connectivity', mode });
    freeFromMs = endMs + 1;
  }
  return out;
}
