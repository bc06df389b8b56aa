/**
 * The two decisions a local write makes against the version the device already holds for the record:
 * which stamp it takes, and which older version it must remember (a shadow) in case the write is
 * later overtaken. Pure: the reconciler hands in its clock, the held version and its maps.
 */
import type { RecordId } from '../core/ids.ts';
import type { RecordVersion } from '../core/record.ts';
import { compareStamps, tick } from '../core/stamp.ts';
import type { Stamp, StampClock } from '../core/stamp.ts';

/** The order the engine's decisions are made by (`compareStamps` unless a test engine declares its own). */
type StampCompare = (a: Stamp, b: Stamp) => number;

/**
 * The clock's next stamp, unless the clock-lead policy left the clock below a version this device
 * shows: then just above that version, so the write made after seeing it still wins (hlc only; see
 * SyncPolicy.maxClockLeadMs). In `wall` mode the raw reading stands (an earlier reading loses, the
 * hazard that mode shows), except against this device's own versions of the record in the same
 * millisecond, the held one and the shadow (the version a write below it must let win): a wall clock
 * that went back and reads that millisecond again would otherwise issue the very same stamp for a
 * second op, and replicas would keep whichever of the two came first.
 */
export function stampForWrite(clock: StampClock, held: RecordVersion | undefined, wallMs: number, deviceId: string, shadow?: RecordVersion, compare: StampCompare = compareStamps): Stamp {
  const stamp = tick(clock, wallMs);
  if (clock.mode === 'wall') return aboveOwnSameMs(clock, stamp, [held, shadow], deviceId);
  if (!held || compare(stamp, held.stamp) > 0) return stamp;
  return { wallMs: held.stamp.wallMs, counter: held.stamp.counter + 1, deviceId };
}

/** A wall stamp raised just above each of the device's own versions in its millisecond (the raw reading when there is none). */
function aboveOwnSameMs(clock: StampClock, stamp: Stamp, own: readonly (RecordVersion | undefined)[], deviceId: string): Stamp {
  let counter = stamp.counter;
  for (const v of own) if (v && v.stamp.deviceId === deviceId && v.stamp.wallMs === stamp.wallMs && v.stamp.counter >= counter) counter = v.stamp.counter + 1;
  if (counter === stamp.counter) return stamp;
  const above = { wallMs: stamp.wallMs, counter, deviceId };
  clock.last = above;
  return above;
}

/** A write stamped below the held version keeps the held one as the record's shadow (the newest such). */
export function rememberShadow(shadows: Map<RecordId, RecordVersion>, recordId: RecordId, held: RecordVersion | undefined, stamp: Stamp, compare: StampCompare = compareStamps): void {
  if (!held || compare(stamp, held.stamp) >= 0) return;
  const shadow = shadows.get(recordId);
  if (!shadow || compare(held.stamp, shadow.stamp) > 0) shadows.set(recordId, held);
}
