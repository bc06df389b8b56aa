/**
 * stored-promptly (liveness, off unless the run sets `storedWithinBoundMs`): while a device's link
 * is stably up, a write the user makes reaches the server within the bound. An engine that holds a
 * lone write back (debouncing, waiting for a batch to fill) converges in the end and passes every
 * other checker; this one times each write from its local-write to the server-apply that stored it.
 *
 * Judged only where nothing but the engine can delay the op, so a correct engine never gets a false
 * red: at the write the device is online (not intermittent: its flaps are not in the trace), running,
 * with a valid token, able to reach an up server, its last request answered ok, and every earlier op
 * of the device already stored (no backlog to drain first); and from the write until the deadline
 * nothing disturbs it: a lost, failed, refused or targeted message of the device, a connectivity
 * change, crash, restart, token change or clock jump on it, a partition, a server outage or restart,
 * or the end of the fault phase voids the judgement. A request the device sent before the deadline
 * and still waits for (an answer held back past its timeout) is waited for: its failure voids the
 * judgement too. Reads only the trace.
 */
import { CalmLinks } from './_internals/calm-link.ts';
import { defineChecker } from './_internals/facts.ts';

interface Waiting {
  device: string;
  recordId: string;
  t: number;
  i: number;
}

export const storedPromptly = defineChecker({
  id: 'stored-promptly',
  title: 'Writes reach the server promptly',
  property: 'while the link is stably up, a local write is stored on the server within the bound (storedWithinBoundMs; off when unset)',
  check({ trace }, found) {
    const start = trace.find((e) => e.kind === 'run-start');
    const boundMs = start?.kind === 'run-start' ? start.options['storedWithinBoundMs'] : undefined;
    if (typeof boundMs !== 'number') return found.list;
    const boundUs = boundMs * 1000;
    /** Ops each device wrote that the server has not stored yet (judged or not). */
    const unstored = new Map<string, Set<string>>();
    const unstoredOf = (d: string): Set<string> => unstored.get(d) ?? unstored.set(d, new Set()).get(d)!;
    const waiting = new Map<string, Waiting>();
    const links = new CalmLinks((d) => {
      if (d === undefined) waiting.clear();
      else for (const [opId, w] of waiting) if (w.device === d) waiting.delete(opId);
    });
    for (const e of trace) {
      if (found.full) break;
      for (const [opId, w] of waiting) {
        if (e.t - w.t <= boundUs) continue;
        // A request sent before the deadline and not answered yet (a slow answer) decides first: its failure voids this.
        if (links.awaitsRequestSentBy(w.device, w.t + boundUs)) continue;
        found.add(`device ${w.device}: write ${opId} of ${w.recordId} at ${(w.t / 1e6).toFixed(3)} s was not stored on the server within ${boundMs} ms (storedWithinBoundMs) although the device stayed online with nothing lost, failed or waiting before it`, w, [w.device], [w.recordId]);
        waiting.delete(opId);
      }
      links.observe(e);
      if (e.kind === 'local-write') {
        if (!e.ok || !e.version) continue;
        const mine = unstoredOf(e.device);
        if (links.calm(e.device) && mine.size === 0) waiting.set(e.version.opId, { device: e.device, recordId: e.recordId, t: e.t, i: e.i });
        mine.add(e.version.opId);
      } else if (e.kind === 'server-apply') {
        for (const opId of [...e.appended, ...e.deduplicated]) {
          waiting.delete(opId);
          unstoredOf(e.device).delete(opId);
        }
      }
    }
    return found.list;
  },
});
