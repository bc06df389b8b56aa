/**
 * retry-pacing (efficiency, off unless the run sets `retryMinDelayMs`): a device whose request failed
 * waits at least the bound before it sends anything again. A failure is a timeout or a connection
 * reset (`request-fail`) or an answer refusing the request (`ok: false`: unavailable, bad request,
 * expired token). An engine that retries at once asks a failing server again and again, as fast as
 * the network answers; it still converges once the fault is over, so nothing else catches it (and
 * backoff-reset judges the opposite bound: the first retry after a success is not late).
 *
 * Only where the wait can be the engine's own choice: anything that gives the device a reason of its
 * own to send sooner voids the armed check: a connectivity change, a crash or restart, a token
 * renewal or expiry, a clock jump (its timers move with it), a sync-now of the schedule (the user asked),
 * the next phase (the heal hands every device its token again); a refusal of a token older than the
 * device's latest (the session was renewed while the request was on the wire) is no failure of its own. An intermittent device is not judged
 * (its link flaps and the trace does not record the flaps), as in backoff-reset. A device whose clock
 * reads in coarse steps (`clock` events' `stepMs`) sets its timers from a reading up to one step
 * behind true time, so they may fire up to one step early: it is allowed the bound less one step
 * (and not judged when the step is as long as the bound).
 */
import { defineChecker } from './_internals/facts.ts';
import { PacingLedger, runBound } from './_internals/pacing.ts';

interface DeviceState {
  /** The failure waiting for the device's next request. */
  armed: { t: number; i: number; requestId: string; what: string; minUs: number } | null;
  /** When the device last got a token (a renewal, or the heal, which hands every device its token). */
  tokenAt: number;
}

export const retryPacing = defineChecker({
  id: 'retry-pacing',
  title: 'Failed requests are not retried at once',
  property: 'after a request fails, the device sends nothing for at least the bound (retryMinDelayMs; off when unset)',
  check({ trace }, found) {
    const boundMs = runBound(trace, 'retryMinDelayMs');
    if (boundMs === undefined) return found.list;
    const devices = new Map<string, DeviceState>();
    const state = (d: string): DeviceState => devices.get(d) ?? devices.set(d, { armed: null, tokenAt: -1 }).get(d)!;
    // An answer counts once, for a request still waited for.
    const ledger = new PacingLedger();
    const failed = (d: string, at: { t: number; i: number }, requestId: string, what: string): void => {
      const minUs = (boundMs - ledger.stepMs(d)) * 1000;
      state(d).armed = ledger.mode(d) === 'online' && minUs > 0 ? { t: at.t, i: at.i, requestId, what, minUs } : null;
    };
    const disarm = (d: string): void => {
      state(d).armed = null;
    };
    for (const e of trace) {
      if (found.full) break;
      ledger.observe(e);
      switch (e.kind) {
        case 'msg-send':
          if (e.from === 'server') break;
          {
            const s = state(e.from);
            const a = s.armed;
            const stepMs = ledger.stepMs(e.from);
            if (a && e.t - a.t < a.minUs) {
              const step = stepMs > 0 ? ` less one step of its clock (${stepMs} ms)` : '';
              found.add(`device ${e.from}: request ${a.requestId} failed (${a.what}) at ${(a.t / 1e6).toFixed(3)} s and the device sent ${e.type} ${e.requestId} ${((e.t - a.t) / 1000).toFixed(1)} ms later, within ${boundMs} ms (retryMinDelayMs)${step}; expected it to wait before asking again`, e, [e.from], []);
            }
            s.armed = null;
          }
          break;
        case 'msg-deliver': {
          const a = ledger.answerOf(e);
          if (!a) break;
          const s = state(e.to);
          const sentAt = ledger.settle(e.to, a.requestId);
          if (sentAt === undefined) break;
          // A refusal of the token the device held before its latest one: it asks again, at once, with the new one.
          if (a.ok || (a.error === 'token-expired' && sentAt <= s.tokenAt)) disarm(e.to);
          else failed(e.to, e, a.requestId, `refused: ${String(a.error)}`);
          break;
        }
        case 'request-fail':
          if (ledger.settle(e.device, e.requestId) === undefined) break;
          if (e.reason === 'timeout' || e.reason === 'connection-reset') failed(e.device, e, e.requestId, e.reason);
          else disarm(e.device);
          break;
        case 'connectivity':
        case 'crash':
        case 'clock':
          disarm(e.device);
          break;
        case 'token':
          if (e.state === 'renewed') state(e.device).tokenAt = e.t;
          disarm(e.device);
          break;
        case 'restart':
          disarm(e.device);
          break;
        case 'targeted':
          if (e.action === 'sync-now') disarm(e.device);
          break;
        case 'phase':
          for (const [d, s] of devices) {
            s.tokenAt = e.t;
            disarm(d);
          }
          break;
      }
    }
    return found.list;
  },
});
