/**
 * stamp-time: a committed stamp is a timestamp of its write. "Timestamp-ordered last-write-wins"
 * orders writes by when they were made, and the only time an engine knows is the reading of its
 * device's clock it was handed with the write (`local-write.wallMs`). So:
 * - the stamp's wall part is not behind that reading by more than `STAMP_TIME_TOLERANCE_MS` (an
 *   engine may read time more coarsely than it is given it, e.g. in whole seconds). A stamp behind
 *   it makes the write lose to writes made before it by the writer's own clock: a Lamport clock, or
 *   a hybrid clock that stopped following the wall clock, is total and causal and still not a
 *   timestamp. Ahead of the reading is allowed: a hybrid logical clock moves past every stamp it
 *   has seen (a stamp far ahead of true time is the `future-stamp` hazard, src/check/hazards.ts);
 * - in `wall` stamp mode (run-start `stampMode`), the stamp's wall part is the reading itself
 *   (within the same tolerance either way): that mode is defined as the device's raw clock.
 * Judged only when the order the run is judged by says how to read a stamp's wall time (the built-in
 * order does; a declared `stampOrder` without `wallMs` is not judged here, as in `stamp-order`).
 * Reads only the trace; no engine code.
 */
import { defineChecker } from './_internals/facts.ts';

/** How far a committed stamp's wall part may be from its writer's clock reading (ms): one coarse-clock step (whole seconds). */
export const STAMP_TIME_TOLERANCE_MS = 1000;

export const stampTime = defineChecker({
  id: 'stamp-time',
  title: 'Stamps are timestamps of their writes',
  property: `a committed stamp's wall part is not behind the writer's clock reading at the write (and equals it in \`wall\` mode), within ${STAMP_TIME_TOLERANCE_MS} ms`,
  check({ trace, stampMode }, found, views) {
    const wallOf = views.order.wallMs?.bind(views.order);
    if (!wallOf) return found.list;
    const start = trace[0];
    const mode = start?.kind === 'run-start' ? start.stampMode : stampMode;
    for (const { event, version } of views.committed.values()) {
      if (found.full) break;
      const wall = wallOf(version.stamp);
      if (!Number.isFinite(wall) || !Number.isFinite(event.wallMs)) continue;
      const behind = event.wallMs - wall;
      if (behind > STAMP_TIME_TOLERANCE_MS) {
        found.add(
          `device ${event.device} committed ${version.opId} of ${version.id} stamped ${version.stamp} (wall ${wall} ms), ${behind} ms behind its own clock reading ${event.wallMs} ms at the write; expected a timestamp of the write (at most ${STAMP_TIME_TOLERANCE_MS} ms behind): it loses to writes made before it`,
          event,
          [event.device],
          [version.id],
        );
      } else if (mode === 'wall' && -behind > STAMP_TIME_TOLERANCE_MS) {
        found.add(
          `device ${event.device} committed ${version.opId} of ${version.id} stamped ${version.stamp} (wall ${wall} ms) in wall stamp mode, ${-behind} ms ahead of its clock reading ${event.wallMs} ms; expected the raw reading (within ${STAMP_TIME_TOLERANCE_MS} ms)`,
          event,
          [event.device],
          [version.id],
        );
      }
    }
    return found.list;
  },
});
