/**
 * no-silent-rollback: a visible local value only ever changes (other than by the device's own write
 * or a restart) to a value that wins LWW against it, and a conflict entry names the new winner.
 * One pull may replace a value several times (a -> b -> c), so the entry is matched on the winner.
 */
import type { TraceEvent, TraceVersion } from '../trace/events.ts';
import { compareEncoded, defineChecker, describe, key } from './_internals/facts.ts';

export const noSilentRollback = defineChecker({
  id: 'no-silent-rollback',
  title: 'No silent rollback',
  property: 'a visible local value only ever changes to a value that wins LWW against it, with a conflict entry',
  check({ trace }, found) {
    const visible = new Map<string, TraceVersion>();
    // (device, record, winning stamp) of every conflict entry where the remote write won.
    const announced = new Set<string>();
    for (let n = 0; n < trace.length && !found.full; n++) {
      const e = trace[n]!;
      switch (e.kind) {
        case 'local-write':
          if (e.ok && e.version) visible.set(key(e.device, e.recordId), e.version);
          break;
        case 'restart':
          for (const k of [...visible.keys()]) if (k.startsWith(`${e.device}\u0000`)) visible.delete(k);
          for (const v of e.versions) visible.set(key(e.device, v.id), v);
          break;
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
          const wins = compareEncoded(seen.stamp, was.stamp) > 0;
          // The receive that caused the change logs its conflict entries right after its merge events.
          const entry = announced.has(`${k}\u0000${seen.stamp}`) || conflictFollows(trace, n, e.device, e.recordId, seen.stamp);
          if (!wins || !entry) {
            found.add(
              `device ${e.device}: visible ${e.recordId} changed from ${describe(was)} to ${describe(seen)}; expected only a change to a newer stamp with a conflict entry, saw ${wins ? 'no conflict entry' : 'an older stamp replace a newer one'}`,
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

function conflictFollows(trace: readonly TraceEvent[], from: number, device: string, recordId: string, winner: string): boolean {
  const t = trace[from]!.t;
  for (let n = from + 1; n < trace.length; n++) {
    const e = trace[n]!;
    if (e.t !== t) return false;
    if (e.kind === 'conflict' && e.device === device && e.recordId === recordId && e.winner === winner && e.outcome === 'remote-won') return true;
  }
  return false;
}
