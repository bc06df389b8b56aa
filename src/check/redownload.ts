/**
 * redownload (efficiency, off unless the run sets `redownloadBoundOps`): a device does not download
 * the same op twice, unless the answer that first carried it never reached it (lost, late after a
 * timeout, or dropped by a crash). A client that re-reads the whole log after every restart, or that
 * never moves its cursor, converges in the end and passes every other checker; this one counts the
 * ops it downloaded again and flags a device above the bound. Reads only the trace: pull answers as
 * the server sent them, which copy reached the device while it still waited for it.
 */
import { defineChecker } from './_internals/facts.ts';
import { sentMsgId } from './_internals/message-copies.ts';

interface PulledOpText {
  opId?: unknown;
}

export const redownload = defineChecker({
  id: 'redownload',
  title: 'No op downloaded twice',
  property: 'a device downloads an op again only when the answer that carried it was lost (bound: redownloadBoundOps; off when unset)',
  check({ trace }, found, views) {
    const start = trace.find((e) => e.kind === 'run-start');
    const bound = start?.kind === 'run-start' ? start.options['redownloadBoundOps'] : undefined;
    if (typeof bound !== 'number') return found.list;
    const answers = new Map<string, { requestId: string; ops: string[] }>();
    const damaged = views.damagedCopies;
    const waiting = new Map<string, Set<string>>();
    const seen = new Map<string, Set<string>>();
    const again = new Map<string, number>();
    const waitingOf = (d: string) => waiting.get(d) ?? waiting.set(d, new Set()).get(d)!;
    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'msg-send': {
          if (e.from !== 'server') {
            if (e.type === 'pull') waitingOf(e.from).add(e.requestId);
            break;
          }
          const p = e.payload as { type?: unknown; ok?: unknown; ops?: unknown };
          // Every answer to a pull ends the wait, a refusal too (it carries no ops): a late second answer to
          // the same request (a duplicated request answered twice) is not received by an engine that took the first.
          if (p?.type === 'pull') {
            const ops = p.ok === true && Array.isArray(p.ops) ? (p.ops as PulledOpText[]).map((op) => String(op.opId)) : [];
            answers.set(e.msgId, { requestId: e.requestId, ops });
          }
          break;
        }
        case 'request-fail':
          waitingOf(e.device).delete(e.requestId);
          break;
        // A crash, or going offline (the OS drops what was in flight), ends every wait of the device.
        case 'crash':
          waitingOf(e.device).clear();
          break;
        case 'connectivity':
          if (e.mode === 'offline') waitingOf(e.device).clear();
          break;
        case 'msg-deliver': {
          const answer = answers.get(sentMsgId(e.msgId));
          // Only the first copy that reaches a device still waiting for it counts as received.
          if (!answer || !waitingOf(e.to).delete(answer.requestId)) break;
          // An answer with an op damaged in transit: what the device could not take it must fetch again.
          if (damaged.has(e.msgId)) break;
          const had = seen.get(e.to) ?? seen.set(e.to, new Set()).get(e.to)!;
          for (const opId of answer.ops) {
            if (!had.has(opId)) {
              had.add(opId);
              continue;
            }
            const n = (again.get(e.to) ?? 0) + 1;
            again.set(e.to, n);
            if (n === bound + 1) {
              found.add(`device ${e.to} downloaded op ${opId} again (request ${answer.requestId}), ${n} op(s) downloaded twice so far; expected at most ${bound} (redownloadBoundOps): an answer it received already carried them`, e, [e.to], []);
            }
          }
          break;
        }
      }
    }
    return found.list;
  },
});
