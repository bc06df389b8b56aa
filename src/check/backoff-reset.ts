/**
 * backoff-reset (liveness, off unless the run sets `backoffResetBoundMs`): after a request succeeds,
 * the next failure is retried promptly, within the bound, as a first failure is: retry delays return
 * to the initial backoff after a success. A backoff that never resets still converges (slowly), so
 * nothing else catches it. Judged only where the delay can be the engine's own choice: the device
 * stays up, online, with a valid token and an unjumped clock from the failure to the retry, and its
 * clock did not jump between the last success and the failure either (the jump moved the engine's own
 * timers, such as its next pull: a false red at seed 5047). An intermittent device is not judged: its
 * link flaps, the trace does not record the flaps, and a retry the engine scheduled in time may wait
 * for the link (a false red found at seed 1316 of the default profile). A device whose clock reads in
 * coarse steps (the trace's `clock` events carry `stepMs`) fires its timers only when the reading
 * ticks, up to one step late: its retry is allowed the bound plus one step (a correct engine with a
 * 500 ms first delay on a 1000 ms clock retries up to 1000 ms after the failure).
 * A failed backup or admin request whose action the device then reports failed (given up, its reason
 * disclosed: the admin row "may fail or retry"; remote-actions judges a backup's) owes no retry: the
 * check is void (an engine failing an admin action at its first timeout was a false red, stop 23).
 */
import { defineChecker } from './_internals/facts.ts';
import { PacingLedger, runBound } from './_internals/pacing.ts';

interface DeviceState {
  /** A request succeeded since the last failure (so the next failure is a first one). */
  succeededSinceFailure: boolean;
  /** An armed check: the first failure after a success, waiting for the device's next request. */
  armed: { t: number; i: number; requestId: string; allowedUs: number; stepMs: number } | null;
  /** The device's backup and admin requests by id: their action kind (`backup`, or the admin action). */
  actionOf: Map<string, string>;
  /** Its clock jumped since its last success: timers the engine set before (its next pull) moved with it. */
  jumpedSinceSuccess: boolean;
}

export const backoffReset = defineChecker({
  id: 'backoff-reset',
  title: 'Backoff resets after success',
  property: 'the first failure after a success is retried within the bound (backoffResetBoundMs; off when unset)',
  check({ trace }, found, views) {
    const boundMs = runBound(trace, 'backoffResetBoundMs');
    if (boundMs === undefined) return found.list;
    const devices = new Map<string, DeviceState>();
    const state = (d: string): DeviceState => devices.get(d) ?? devices.set(d, { succeededSinceFailure: false, armed: null, jumpedSinceSuccess: false, actionOf: new Map() }).get(d)!;
    const ledger = new PacingLedger();
    const damaged = views.damagedCopies;
    const failed = (d: string, at: { t: number; i: number }, requestId: string): void => {
      const s = state(d);
      const stepMs = ledger.stepMs(d);
      if (s.succeededSinceFailure && s.armed === null && ledger.mode(d) === 'online' && !s.jumpedSinceSuccess) s.armed = { t: at.t, i: at.i, requestId, allowedUs: (boundMs + stepMs) * 1000, stepMs };
      s.succeededSinceFailure = false;
    };
    const late = (d: string, now: number): void => {
      const s = state(d);
      if (s.armed && now - s.armed.t > s.armed.allowedUs) {
        const step = s.armed.stepMs > 0 ? ` + ${s.armed.stepMs} ms (its clock reads in steps of ${s.armed.stepMs} ms)` : '';
        found.add(`device ${d}: request ${s.armed.requestId} failed at ${(s.armed.t / 1e6).toFixed(3)} s, the first failure after a success, and no retry was sent within ${boundMs} ms (backoffResetBoundMs)${step}; expected the backoff to start again from its initial delay`, s.armed, [d], []);
        s.armed = null;
      }
    };
    const disarm = (d: string): void => {
      state(d).armed = null;
    };
    for (const e of trace) {
      if (found.full) break;
      for (const d of devices.keys()) late(d, e.t);
      ledger.observe(e);
      switch (e.kind) {
        case 'msg-send':
          if (e.from === 'server') break;
          disarm(e.from); // the retry (or any request) went out in time
          if (e.type === 'backup') state(e.from).actionOf.set(e.requestId, 'backup');
          else if (e.type === 'admin') state(e.from).actionOf.set(e.requestId, String((e.payload as { action?: unknown } | undefined)?.action));
          break;
        case 'remote-action': {
          // The failed request's action given up: no retry is owed.
          const s = state(e.device);
          if (e.state === 'failed' && s.armed !== null && s.actionOf.get(s.armed.requestId) === e.action) disarm(e.device);
          break;
        }
        case 'msg-deliver': {
          const a = ledger.answerOf(e);
          if (!a || ledger.settle(e.to, a.requestId) === undefined) break;
          // A pull answer with an op damaged in transit (damaged-answers.ts) is a failed pull, not a success.
          if (damaged.has(e.msgId)) failed(e.to, e, a.requestId);
          else if (a.ok) {
            state(e.to).succeededSinceFailure = true;
            state(e.to).jumpedSinceSuccess = false;
          }
          else if (a.error === 'unavailable') failed(e.to, e, a.requestId);
          else {
            // Another refusal (an expired token...) waits for a reason of its own, so its retry is not judged; but it was a
            // failed request, which an engine may count in its backoff: the next failure is no longer a first one.
            disarm(e.to);
            state(e.to).succeededSinceFailure = false;
          }
          break;
        }
        case 'request-fail':
          ledger.settle(e.device, e.requestId);
          // A connection reset (a server restart) is a failure like a timeout: the next one is not a first failure.
          if (e.reason === 'timeout' || e.reason === 'connection-reset') failed(e.device, e, e.requestId);
          else disarm(e.device);
          break;
        // Anything that delays a retry for a reason of its own voids the armed check.
        case 'connectivity':
        case 'crash':
          disarm(e.device);
          break;
        case 'clock':
          if (e.jump) state(e.device).jumpedSinceSuccess = true;
          disarm(e.device);
          break;
        case 'restart':
        case 'token':
          disarm(e.device);
          break;
        case 'phase':
          if (e.phase !== 'fault') for (const d of devices.keys()) disarm(d);
          break;
      }
    }
    return found.list;
  },
});
