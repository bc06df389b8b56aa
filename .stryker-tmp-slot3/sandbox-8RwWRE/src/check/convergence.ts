/**
 * convergence: after heal and quiescence every replica equals every other and the oracle (same
 * winning op, and every field of it the same as that write committed), and the server log holds
 * every committed op (or a newer op of the same record).
 */
// @ts-nocheck

import type { TraceVersion } from '../trace/events.ts';
import { defineChecker, describe } from './_internals/facts.ts';
import { contentDiff } from './_internals/content.ts';

export const convergence = defineChecker({
  id: 'convergence',
  title: 'Replicas converge',
  property: 'after heal + quiescence all replicas and the server equal the oracle state',
  check({ trace }, found, views) {
    const { compare } = views;
    const end = views.end;
    if (!end) {
      const last = trace[trace.length - 1];
      found.add('expected the trace to end with run-end, it does not', last ?? { i: 0, t: 0 }, [], []);
      return found.list;
    }
    const oracle = views.oracle;
    for (const device of Object.keys(end.replicas).sort()) {
      const held = new Map<string, TraceVersion>((end.replicas[device] ?? []).map((v) => [v.id, v]));
      const records = [...new Set([...oracle.keys(), ...held.keys()])].sort();
      for (const id of records) {
        const want = oracle.get(id);
        const got = held.get(id);
        if (want?.opId !== got?.opId) {
          found.add(`at the end, expected device ${device} to hold ${id} as ${describe(want)} (the oracle), saw ${describe(got)}`, end, [device], [id]);
          break;
        }
        const differs = want && got ? contentDiff(want, got) : null;
        if (differs) {
          found.add(`at the end, expected device ${device} to hold ${id} with the content of ${describe(want)} (the oracle), ${differs}`, end, [device], [id]);
          break;
        }
      }
    }
    const logged = new Map<string, string[]>();
    const inLog = new Set<string>();
    for (const entry of end.serverLog) {
      inLog.add(entry.opId);
      const stamps = logged.get(entry.recordId);
      if (stamps) stamps.push(entry.stamp);
      else logged.set(entry.recordId, [entry.stamp]); // (copying the list per entry was quadratic in a hot record's log)
    }
    for (const { version, event } of views.committed.values()) {
      if (found.full) break;
      if (inLog.has(version.opId)) continue;
      const superseded = (logged.get(version.id) ?? []).some((s) => compare(s, version.stamp) > 0);
      if (!superseded) {
        found.add(`at the end, expected the server log to hold committed op ${version.opId} of ${version.id} (written by ${event.device} at t=${event.t}µs) or a newer op of it, it holds neither`, end, [event.device], [version.id]);
      }
    }
    if (!end.converged && found.list.length === 0) {
      found.add('the simulator reports the replicas did not converge before the end of quiescence', end, Object.keys(end.replicas), []);
    }
    return found.list;
  },
});
