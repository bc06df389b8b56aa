/**
 * pending-drains (liveness, off unless the run sets `pendingDrainBoundMs`): once the faults end (the
 * heal: every device running and online, links clean, the server up, tokens renewed), each device's
 * pending work drains within the bound. Two readings, both from the trace: the pending count the
 * device discloses (its last `status` event's `pendingOps`, when it discloses one) is zero, and every
 * write it committed is stored on the server (or replaced there by a newer op of the same record). An
 * engine that gives up retrying, or whose backoff outgrows the quiet period, may still look fine to
 * end-of-run checkers on a short run; this one names the device and what is still pending.
 *
 * Judged at the first trace event past heal + bound (a run that ends before that is not judged). An
 * account deleted during the run is not judged: its writes can never be stored.
 */
// @ts-nocheck

import { defineChecker } from './_internals/facts.ts';

export const pendingDrains = defineChecker({
  id: 'pending-drains',
  title: 'Pending work drains after heal',
  property: 'after the heal, every device discloses zero pending ops and has every committed write on the server within the bound (pendingDrainBoundMs; off when unset)',
  check({ trace }, found, views) {
    const compareEncoded = views.compare;
    const start = trace.find((e) => e.kind === 'run-start');
    const boundMs = start?.kind === 'run-start' ? start.options['pendingDrainBoundMs'] : undefined;
    if (typeof boundMs !== 'number') return found.list;
    const healAt = trace.find((e) => e.kind === 'phase' && e.phase === 'heal');
    if (!healAt) return found.list;
    const deadline = healAt.t + boundMs * 1000;
    const judgeAt = trace.find((e) => e.t > deadline);
    if (!judgeAt) return found.list;
    if (trace.some((e) => e.kind === 'remote-action' && e.action === 'delete-account' && e.t <= deadline)) return found.list;
    const disclosed = new Map<string, number>();
    /** Committed writes not stored yet, by device: op id → record id and stamp. */
    const unstored = new Map<string, Map<string, { recordId: string; stamp: string }>>();
    /** Newest stamp stored per record. */
    const newestStored = new Map<string, string>();
    const writes = new Map<string, { recordId: string; stamp: string }>();
    for (const e of trace) {
      if (e.t > deadline) break;
      if (e.kind === 'status') {
        const p = e.status['pendingOps'];
        if (typeof p === 'number') disclosed.set(e.device, p);
      } else if (e.kind === 'local-write' && e.ok && e.version) {
        const w = { recordId: e.recordId, stamp: e.version.stamp };
        writes.set(e.version.opId, w);
        (unstored.get(e.device) ?? unstored.set(e.device, new Map()).get(e.device)!).set(e.version.opId, w);
      } else if (e.kind === 'server-apply') {
        for (const opId of [...e.appended, ...e.deduplicated]) {
          unstored.get(e.device)?.delete(opId);
          const w = writes.get(opId);
          if (!w) continue;
          const held = newestStored.get(w.recordId);
          if (held === undefined || compareEncoded(w.stamp, held) > 0) newestStored.set(w.recordId, w.stamp);
        }
      }
    }
    const devices = [...new Set([...disclosed.keys(), ...unstored.keys()])].sort();
    for (const d of devices) {
      const count = disclosed.get(d) ?? 0;
      const missing = [...(unstored.get(d) ?? new Map<string, { recordId: string; stamp: string }>()).entries()].filter(([, w]) => {
        const top = newestStored.get(w.recordId);
        return top === undefined || compareEncoded(top, w.stamp) <= 0;
      });
      if (count === 0 && missing.length === 0) continue;
      const what = [
        ...(count > 0 ? [`still discloses ${count} pending op(s)`] : []),
        ...(missing.length > 0 ? [`${missing.length} committed write(s) not on the server (first: ${missing[0]![0]})`] : []),
      ].join(' and ');
      found.add(`device ${d}: ${boundMs} ms after the heal (pendingDrainBoundMs) it ${what}; expected its pending work to drain once every device is online with no faults`, judgeAt, [d], missing.slice(0, 3).map(([, w]) => w.recordId));
    }
    return found.list;
  },
});
