/**
 * conflict-log: the conflict log is complete and means what it says. Causality comes from the trace
 * (`base` on each local write: the version the writer was editing), never from the engine.
 * - Every pair of concurrent writes that meets on a device is logged there: when a pulled version
 *   replaces a concurrent visible one (a `remote-won` entry), and when a pulled version concurrent
 *   with the visible one is refused (a `local-kept` entry naming both stamps).
 * - A plain update is not logged: an entry whose winner descends from its loser (the winner's writer
 *   had seen the loser) reports an update as a conflict.
 * - An entry names the rule that decided it: a rule label is never empty, and an entry naming one of
 *   the port's last-write-wins rules (`lww-hlc`, `lww-wall`: ConflictEntry.rule) names the one of the
 *   stamp mode the run handed the engine (run-start `stampMode`, already narrowed to the modes the
 *   engine declares). A rule of the engine's own naming (e.g. an adapter's CRDT rule) is not judged.
 * Writes whose relation the trace cannot tell (no `base`, or an op no local write committed) are not judged.
 */
import type { TraceVersion } from '../trace/events.ts';
import { entriesAtSameInstant } from './_internals/causality.ts';
import type { Causality } from './_internals/causality.ts';
import { defineChecker, describe, key, trackShown } from './_internals/facts.ts';

/** The port's two last-write-wins rule labels (ConflictEntry.rule). */
const LWW_RULES: readonly string[] = ['lww-hlc', 'lww-wall'];

export const conflictLog = defineChecker({
  id: 'conflict-log',
  title: 'Conflict log complete',
  property: "every concurrent pair of writes that meets on a device is in its conflict log (remote won or local kept), plain updates are not, and an entry's last-write-wins rule is the run's stamp mode's",
  check({ trace, stampMode }, found, views) {
    const { causality } = views;
    const start = trace[0];
    const rule = `lww-${start?.kind === 'run-start' ? start.stampMode : stampMode}`;
    const visible = new Map<string, TraceVersion>();
    // (device, record, winner, loser) of every local-kept entry so far: one entry per pair is enough.
    const kept = new Set<string>();
    for (let n = 0; n < trace.length && !found.full; n++) {
      const e = trace[n]!;
      if (trackShown(visible, e)) continue;
      switch (e.kind) {
        case 'local-read':
          if (e.version) visible.set(key(e.device, e.recordId), e.version);
          break;
        case 'conflict': {
          if (e.outcome === 'local-kept') kept.add(`${key(e.device, e.recordId)}\u0000${e.winner}\u0000${e.loser}`);
          if (e.rule === '' || (LWW_RULES.includes(e.rule) && e.rule !== rule)) {
            found.add(`device ${e.device} logged a conflict on ${e.recordId} under rule ${JSON.stringify(e.rule)}; expected ${e.rule === '' ? 'the name of the rule that decided it' : `${rule}, the rule of the run's stamp mode`}`, e, [e.device], [e.recordId]);
          }
          const winner = causality.opOf(e.recordId, e.winner);
          const loser = causality.opOf(e.recordId, e.loser);
          if (winner && loser && causality.relation(winner, loser) === 'update') {
            found.add(
              `device ${e.device} logged a conflict on ${e.recordId} (${e.outcome}: ${winner} @ ${e.winner} over ${loser} @ ${e.loser}); expected no entry: ${winner}'s writer had seen ${loser}, so it is a plain update`,
              e,
              [e.device],
              [e.recordId],
            );
          }
          break;
        }
        case 'merge': {
          const k = key(e.device, e.recordId);
          const was = visible.get(k);
          if (e.version) visible.set(k, e.version);
          if (!was) break;
          const now = e.version;
          if (now && now.opId !== was.opId) {
            // The visible value changed: concurrent (or a stale one winning) needs a remote-won entry.
            if (causality.relation(now.opId, was.opId) === 'update') break;
            const logged = causality.chainLinks(e.recordId, entriesAtSameInstant(trace, n, e.device, e.recordId, 'remote-won'), now, was);
            if (!logged) {
              found.add(
                `device ${e.device}: ${describe(now)} replaced the concurrent ${describe(was)} of ${e.recordId}; expected a remote-won conflict entry, saw none`,
                e,
                [e.device, ...writers(causality, now.opId, was.opId)],
                [e.recordId],
              );
            }
          } else if (!e.applied && !views.undecided.has(e.i)) {
            // The pulled op was refused: if it was concurrent with the visible one, the user must be told.
            const incoming = e.opId;
            if (incoming === was.opId || causality.writerOf(incoming) === undefined || causality.writerOf(incoming) === e.device) break;
            if (causality.relation(incoming, was.opId) !== 'concurrent') break;
            const incomingStamp = causality.stampOf(incoming)!;
            const pair = `${k}\u0000${was.stamp}\u0000${incomingStamp}`;
            const logged = kept.has(pair) || entriesAtSameInstant(trace, n, e.device, e.recordId, 'local-kept').some((x) => x.winner === was.stamp && x.loser === incomingStamp);
            if (!logged) {
              found.add(
                `device ${e.device} kept ${describe(was)} of ${e.recordId} over the concurrent pulled op ${incoming} @ ${incomingStamp}; expected a local-kept conflict entry, saw none`,
                e,
                [e.device, ...writers(causality, incoming)],
                [e.recordId],
              );
            }
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

function writers(causality: Causality, ...ops: string[]): string[] {
  return ops.map((op) => causality.writerOf(op)).filter((d): d is string => d !== undefined);
}
