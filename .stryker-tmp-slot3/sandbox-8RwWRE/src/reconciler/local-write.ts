/**
 * The two decisions a local write makes against the version the device already holds for the record:
 * which stamp it takes, and which older version it must remember (a shadow) in case the write is
 * later overtaken. Pure: the reconciler hands in its clock, the held version and its maps.
 */
// @ts-nocheck

import type { RecordId } from '../core/ids.ts';
import type { RecordVersion } from '../core/record.ts';
import { compareStamps, tick } from '../core/stamp.ts';
import type { Stamp, StampClock } from '../core/stamp.ts';

/**
 * The clock's next stamp, unless the clock-lead policy left the clock below a version this device
 * shows: then just above that version, so the write made after seeing it still wins (hlc only; see
 * SyncPolicy.maxClockLeadMs). In `wall` mode the raw reading stands (an earlier reading loses, the
 * hazard that mode shows), except against this device's own version in the same millisecond: a wall
 * clock that went back and reads that millisecond again would otherwise issue the very same stamp
 * for a second op, and replicas would keep whichever of the two came first.
 */
export function stampForWrite(clock: StampClock, held: RecordVersion | undefined, wallMs: number, deviceId: string): Stamp {
  const stamp = tick(clock, wallMs);
  if (!held || compareStamps(stamp, held.stamp) > 0) return stamp;
  if (clock.mode === 'hlc') return { wallMs: held.stamp.wallMs, counter: held.stamp.counter + 1, deviceId };
  if (held.stamp.deviceId === deviceId && held.stamp.wallMs === stamp.wallMs) {
    const above = { wallMs: stamp.wallMs, counter: held.stamp.counter + 1, deviceId };
    clock.last = above;
    return above;
  }
  return stamp;
}

/** A write stamped below the held version keeps the held one as the record's shadow (the newest such). */
export function rememberShadow(shadows: Map<RecordId, RecordVersion>, recordId: RecordId, held: RecordVersion | undefined, stamp: Stamp): void {
  if (!held || compareStamps(stamp, held.stamp) >= 0) return;
  const shadow = shadows.get(recordId);
  if (!shadow || compareStamps(held.stamp, shadow.stamp) > 0) shadows.set(recordId, held);
}
