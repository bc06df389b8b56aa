/**
 * no-silent-rollback: a visible local value only ever changes (other than by the device's own write
 * or a restart) to a value that wins LWW against it; when the two were written concurrently (neither
 * writer had seen the other's version, read from `base` on each local write), a conflict entry names
 * the change. A plain update (the new version's writer had seen the one it replaces) needs no entry.
 * One pull may replace a value several times (a -> b -> c), so an entry for any link of the chain counts.
 */
import type { TraceVersion } from '../trace/events.ts';
import { entriesAtSameInstant } from './_internals/causality.ts';
import { defineChecker, describe, key, trackShown } from './_internals/facts.ts';

export const noSilentRollback = defineChecker({
  id: 'no-silent-rollback',
  title: 'No silent rollback',
  property: 'a visible local value only ever changes to a value that wins LWW against it, with a conflict entry unless it is a plain update',
  check({ trace }, found, views) {
    const { compare, causality } = views;
    const visible = new Map<string, TraceVersion>();
    // (device, record, winning stamp) of every conflict entry where the remote write won.
    const announced = new Set<string>();
    for (let n = 0; n < trace.length && !found.full; n++) {
      const e = trace[n]!;
      if (trackShown(visible, e)) continue;
      switch (e.kind) {
        case 'conflict':
          if (e.outcome === 'remote-won') announced.add(`${key(e.device, e.recordId)}\u0000${e.winner}`);
          break;
        case 'merge':
        case 'local-read': {
          const seen = e.version;
          if (!seen) break;
          const k = key(e.device, e.recordId);
          const was = visible.get(k);
          visible.set(k, seen);
          if (!was || was.opId === seen.opId) break;
          const wins = compare(seen.stamp, was.stamp) > 0;
          const update = causality.relation(seen.opId, was.opId) === 'update';
          const entry =
            update ||
            announced.has(`${k}\u0000${seen.stamp}`) ||
            causality.chainLinks(e.recordId, entriesAtSameInstant(trace, n, e.device, e.recordId, 'remote-won'), seen, was);
          if (!wins || !entry) {
            found.add(
              `device ${e.device}: visible ${e.recordId} changed from ${describe(was)} to ${describe(seen)}; expected only a change to a newer stamp, with a conflict entry when the two were written concurrently, saw ${wins ? 'no conflict entry for concurrent writes' : 'an older stamp replace a newer one'}`,
              e,
              [e.device],
              [e.recordId],
            );
          }
          break;
        }
        default:
          break;
      }
    }
    return found.list;
  },
});
