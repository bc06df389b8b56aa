/**
 * received-promptly (liveness, off unless the run sets its bounds): a write stored on the server
 * reaches every other device promptly while that device's link is calm. "Reconnect triggers
 * background replication", and the matrix's online cells say others' writes are available: an engine
 * that waits for a long interval (or stops pulling) converges in the end and passes every other
 * checker; this one times, for each other device, how long it takes to hold the write (that version
 * of the record, or one newer by the run's stamp order) from:
 * - the server-apply that stored it, when the device is calm then: within `receiveWithinBoundMs`;
 * - the moment the device comes calm again (connectivity back to online, a restart with the link up,
 *   a renewed token), for every write stored by then that it does not hold: within
 *   `receiveAfterReconnectBoundMs`.
 * A device holds what its trace shows: its own committed writes, the versions a merge leaves visible,
 * what a restart restored.
 *
 * Judged only in the calm windows of calm-link.ts (where nothing but the engine can delay the
 * device): the device is online, running, with a valid token, its last answer ok, the server up and
 * reachable, and until the deadline nothing disturbs it (a lost, failed, refused or targeted message
 * of the device, a connectivity change, crash, restart, token change or clock jump on it, a partition,
 * a server outage or restart, the end of the fault phase). A request the device sent by the deadline
 * and still waits for is waited for, and an answer is judged only once every merge it brought is in
 * (events after the instant it was delivered). A device whose clock jumped is not timed from a
 * store until it has received something again: the jump moved its own timers, and an engine may
 * set its next interval pull a whole interval from any moment after it (the default engine does,
 * when it first looks at the moved clock: a false red at seed 670 of the default profile). The heal
 * and the quiescence after it count as calm (calm-link's judgeHeal): an engine that stops pulling
 * shows there, where nothing else can delay it. A run that ends before the deadline is not judged.
 * Reads only the trace; it asks nothing of when or how the engine pulls, only when it holds the write.
 */
import { CalmLinks } from './_internals/calm-link.ts';
import { comparatorOf, defineChecker, key, trackShown } from './_internals/facts.ts';
import type { TraceVersion } from '../trace/events.ts';

interface Stored {
  opId: string;
  recordId: string;
  stamp: string;
  writer: string;
}

interface Waiting {
  device: string;
  w: Stored;
  /** When the window opened (µs): the write stored, or the device calm again. */
  t: number;
  i: number;
  boundUs: number;
  after: 'stored' | 'calm-up';
}

export const receivedPromptly = defineChecker({
  id: 'received-promptly',
  title: "Others' writes reach a device promptly",
  property:
    'while its link is calm, a device holds a write stored on the server within the bound after it was stored (receiveWithinBoundMs), or after the device came calm again (receiveAfterReconnectBoundMs); off when unset',
  check(input, found) {
    const { trace } = input;
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    const whileUpMs = start?.options['receiveWithinBoundMs'];
    const calmUpMs = start?.options['receiveAfterReconnectBoundMs'];
    if (start === undefined || (typeof whileUpMs !== 'number' && typeof calmUpMs !== 'number')) return found.list;
    const compare = comparatorOf(input);
    const devices = start.devices;
    /** Committed local writes by op id: their record, stamp and writer. */
    const written = new Map<string, Stored>();
    const stored: Stored[] = [];
    const shown = new Map<string, TraceVersion>();
    const waiting = new Map<string, Waiting>();
    /** When an answer was last delivered to each device: its merges follow at that same instant. */
    const deliveredAt = new Map<string, number>();
    /** Devices whose clock jumped and that have received nothing since: the jump moved the engine's own timers (its next pull). */
    const jumped = new Set<string>();
    const links = new CalmLinks((d) => {
      if (d === undefined) waiting.clear();
      else for (const [k, w] of waiting) if (w.device === d) waiting.delete(k);
    }, true);
    const holds = (d: string, w: Stored): boolean => {
      const v = shown.get(key(d, w.recordId));
      return v !== undefined && (v.opId === w.opId || compare(v.stamp, w.stamp) > 0);
    };
    const settle = (d: string): void => {
      for (const [k, w] of waiting) if (w.device === d && holds(d, w.w)) waiting.delete(k);
    };
    const wait = (d: string, w: Stored, at: { t: number; i: number }, boundMs: unknown, after: Waiting['after']): void => {
      if (typeof boundMs !== 'number' || w.writer === d || holds(d, w)) return;
      waiting.set(key(d, w.opId), { device: d, w, t: at.t, i: at.i, boundUs: boundMs * 1000, after });
    };
    for (const e of trace) {
      if (found.full) break;
      // What the device holds first: a merge at the deadline's instant is in time.
      if (e.kind === 'local-write' || e.kind === 'restart') {
        trackShown(shown, e);
        if (e.kind === 'local-write' && e.ok && e.version) written.set(e.version.opId, { opId: e.version.opId, recordId: e.recordId, stamp: e.version.stamp, writer: e.device });
        settle(e.device);
      } else if (e.kind === 'merge') {
        jumped.delete(e.device);
        if (e.version) shown.set(key(e.device, e.recordId), e.version);
        settle(e.device);
      }
      for (const [k, w] of waiting) {
        if (e.t - w.t <= w.boundUs || e.t === deliveredAt.get(w.device)) continue;
        // A request sent by the deadline and not answered yet (a slow answer) decides first: its failure voids this.
        if (links.awaitsRequestSentBy(w.device, w.t + w.boundUs)) continue;
        const since = w.after === 'stored' ? `was stored at ${(w.t / 1e6).toFixed(3)} s` : `was stored before the device came calm again at ${(w.t / 1e6).toFixed(3)} s`;
        const knob = w.after === 'stored' ? 'receiveWithinBoundMs' : 'receiveAfterReconnectBoundMs';
        found.add(`device ${w.device} did not hold ${w.w.writer}'s write ${w.w.opId} of ${w.w.recordId} (nor a newer version) within ${w.boundUs / 1000} ms (${knob}); the write ${since}, and the device stayed online with nothing lost, failed or waiting before it`, w, [w.device, w.w.writer], [w.w.recordId]);
        waiting.delete(k);
      }
      const wasOnline = e.kind === 'connectivity' && links.mode(e.device) === 'online';
      links.observe(e);
      switch (e.kind) {
        case 'msg-deliver':
          if (e.to !== 'server') deliveredAt.set(e.to, e.t);
          break;
        case 'server-apply':
          for (const opId of e.appended) {
            const w = written.get(opId);
            if (w === undefined) continue; // not a committed write the trace shows: nothing to time
            stored.push(w);
            for (const d of devices) if (links.calm(d) && !jumped.has(d)) wait(d, w, e, whileUpMs, 'stored');
          }
          break;
        case 'clock':
          if (e.jump) jumped.add(e.device);
          break;
        case 'connectivity':
        case 'restart':
        case 'token': {
          const calmAgain = e.kind === 'connectivity' ? !wasOnline && e.mode === 'online' : e.kind === 'restart' || e.state === 'renewed';
          // A request still in flight when the device comes calm again (sent over the old link): the engine may take
          // its answer as the replication the reconnect asks for (the default engine does: seed 980), so not judged.
          if (calmAgain && links.calm(e.device) && !links.awaitsRequestSentBy(e.device, e.t)) for (const w of stored) wait(e.device, w, e, calmUpMs, 'calm-up');
          break;
        }
        default:
          break;
      }
    }
    return found.list;
  },
});
