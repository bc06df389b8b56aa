/**
 * stamp-order: what the spec demands of any timestamp order, checked on the order the run is judged
 * by (the engine's declared `stampOrder`, or the built-in one) over the stamps of every committed write.
 * - total: `compare` is 0 only for the same stamp, antisymmetric and transitive (it sorts consistently);
 * - a write's stamp is not the stamp of the version it was editing (`base`): replicas holding that
 *   version could not order the two and would keep it, while the writer shows its write (a clock that
 *   went back to the very reading of that version must still stamp the new write apart from it);
 * - identical on every device: each merge and conflict entry reveals the device's decision (a pulled
 *   version replacing the visible one ranks it higher; a refused one ranks it lower; an entry ranks its
 *   winner above its loser); no two devices decide a pair differently,
 *   and no decision contradicts the declared order;
 * - consistent with wall time: a stamp whose wall reading is more than the tie window below another's
 *   is ordered before it (judged only when the order says how to read a stamp's wall time).
 */
import type { TraceVersion } from '../trace/events.ts';
import { defineChecker, key } from './_internals/facts.ts';

/** Up to this many stamps, every pair is compared; beyond it, neighbours in the sorted order only. */
const ALL_PAIRS_UP_TO = 150;

export const stampOrder = defineChecker({
  id: 'stamp-order',
  title: 'Stamp order',
  property: 'the stamp order is total, identical on every device and consistent with wall time outside its tie window',
  check({ trace }, found, views) {
    const { order } = views;
    const compare = (a: string, b: string): number | string => {
      try {
        const c = order.compare(a, b);
        return Number.isFinite(c) ? Math.sign(c) : `compare returned ${String(c)}`;
      } catch (error) {
        return `compare threw: ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    const committed = [...views.committed.values()];
    const at = committed[committed.length - 1]?.event ?? trace[trace.length - 1] ?? { i: 0, t: 0 };
    const stamps = [...new Set(committed.map((c) => c.version.stamp))];
    // A write's stamp is not its base's.
    for (const { event, version } of committed) {
      if (found.full) break;
      const base = event.base ? views.committed.get(event.base)?.version : undefined;
      if (base && base.opId !== version.opId && base.stamp === version.stamp) {
        found.add(`${version.opId} of ${version.id} carries stamp ${version.stamp}, the stamp of ${base.opId}, the version it was editing; expected a stamp of its own (last-write-wins cannot order the two: replicas holding ${base.opId} keep it)`, event, [event.device], [version.id]);
      }
    }
    // Totality on each stamp and pair.
    for (const s of stamps) {
      const self = compare(s, s);
      if (self !== 0) found.add(`compare(${s}, ${s}) is ${self}; expected 0 for the same stamp`, at, [], []);
    }
    let sorted: string[] = [];
    try {
      sorted = [...stamps].sort((a, b) => order.compare(a, b));
    } catch (error) {
      found.add(`sorting the committed stamps failed: ${error instanceof Error ? error.message : String(error)}; expected a total order`, at, [], []);
    }
    const pairs: [string, string][] = [];
    if (sorted.length <= ALL_PAIRS_UP_TO) for (let x = 0; x < sorted.length; x++) for (let y = x + 1; y < sorted.length; y++) pairs.push([sorted[x]!, sorted[y]!]);
    else for (let x = 0; x + 1 < sorted.length; x++) pairs.push([sorted[x]!, sorted[x + 1]!]);
    for (const [a, b] of pairs) {
      if (found.full) break;
      const ab = compare(a, b);
      const ba = compare(b, a);
      if (ab !== -1 || ba !== 1) {
        found.add(`stamps ${a} and ${b}: compare gives ${ab} one way and ${ba} the other; expected a strict, antisymmetric, transitive order (-1 and 1 after sorting)`, at, [], []);
      }
    }
    // Consistency with wall time outside the tie window.
    if (order.wallMs && !found.full) {
      const window = order.tieWindowMs ?? 0;
      let top: { stamp: string; wall: number } | undefined;
      for (const s of sorted) {
        const wall = order.wallMs(s);
        if (!Number.isFinite(wall)) continue;
        if (top && top.wall > wall + window) {
          found.add(`stamp ${s} (wall ${wall} ms) is ordered after ${top.stamp} (wall ${top.wall} ms); expected wall-time order beyond the tie window of ${window} ms`, at, [], []);
          break;
        }
        if (!top || wall > top.wall) top = { stamp: s, wall };
      }
    }
    // Identical on every device: the decisions each device's merges reveal.
    const writer = new Map(committed.map((c) => [c.version.opId, c.event.device] as const));
    const stampOf = new Map(committed.map((c) => [c.version.opId, c.version.stamp] as const));
    const decided = new Map<string, { device: string; higher: string; i: number }>();
    const visible = new Map<string, TraceVersion>();
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'local-write' && e.ok && e.version) visible.set(key(e.device, e.recordId), e.version);
      else if (e.kind === 'local-read' && e.version) visible.set(key(e.device, e.recordId), e.version);
      else if (e.kind === 'restart') for (const v of e.versions) visible.set(key(e.device, v.id), v);
      else if (e.kind === 'merge' || e.kind === 'conflict') {
        let higher: string | undefined;
        let lower: string | undefined;
        if (e.kind === 'conflict') {
          // The engine's own account of a decision: the winner ranked above the loser.
          [higher, lower] = [e.winner, e.loser];
        } else {
          const k = key(e.device, e.recordId);
          const was = visible.get(k);
          if (e.version) visible.set(k, e.version);
          if (!was) continue;
          if (e.version && e.version.opId !== was.opId) [higher, lower] = [e.version.stamp, was.stamp];
          else if (!e.applied && !views.undecided.has(e.i) && e.opId !== was.opId && writer.get(e.opId) !== undefined && writer.get(e.opId) !== e.device) [higher, lower] = [was.stamp, stampOf.get(e.opId)];
        }
        if (!higher || !lower || higher === lower) continue;
        const pair = higher < lower ? `${higher}\u0000${lower}` : `${lower}\u0000${higher}`;
        const before = decided.get(pair);
        if (before && before.higher !== higher) {
          found.add(`devices ${before.device} and ${e.device} ordered ${higher} and ${lower} differently (${before.device} ranked ${before.higher} higher); expected one order on every device`, e, [before.device, e.device], [e.recordId]);
        } else if (!before) {
          decided.set(pair, { device: e.device, higher, i: e.i });
          if (compare(higher, lower) === -1) {
            found.add(`device ${e.device} ranked ${higher} above ${lower}; the order it is judged by says the reverse`, e, [e.device], [e.recordId]);
          }
        }
      }
    }
    return found.list;
  },
});
