/**
 * retry-growth (bounded sync activity during an extended failure, off unless the run sets both
 * `retryGrowthAfterFailures` and `retryGrowthMinDelayMs`): retries run in the background and keep
 * their exposure bounded, so during a stretch of consecutive failures the wait before the next
 * attempt grows: from the n-th failure in a row on (n = retryGrowthAfterFailures), the device sends
 * nothing for at least retryGrowthMinDelayMs after that failure. A constant (non-growing) delay asks
 * a failing server again and again at the same pace however long the outage lasts, and still
 * converges once it is over, so nothing else catches it; any exponential or linear growth from a
 * sensible first delay reaches the floor (docs/design.md "Retry growth").
 *
 * A failure is what retry-pacing counts (a timeout, a connection reset, an answer refusing the
 * request, except a `token-expired` refusal of a token older than the device's latest). The stretch
 * is judged only where the delays can be the engine's own choice: it ends with a success, and with
 * any reason of the device's own to send sooner or start its backoff again (a connectivity change, a
 * crash or restart, a token change, a clock jump, a sync-now, the next phase); failures while the
 * device is not online (intermittent: its flaps are not in the trace) start no stretch. A device
 * whose clock reads in coarse steps may fire its timers a step early: the floor is lowered by one
 * step, and by the run's drift bound (driftPpmMax) over the wait.
 */
import { defineChecker } from './_internals/facts.ts';
import { PacingLedger, runBound } from './_internals/pacing.ts';

interface DeviceState {
  /** Consecutive failures in the current stretch. */
  failures: number;
  /** The n-th (or later) failure waiting for the device's next request. */
  armed: { t: number; i: number; requestId: string; what: string; nth: number; minUs: number } | null;
  tokenAt: number;
}

export const retryGrowth = defineChecker({
  id: 'retry-growth',
  title: 'Retry delays grow during an extended failure',
  property:
    'from the n-th consecutive failure on (retryGrowthAfterFailures), the device sends nothing for at least retryGrowthMinDelayMs after it (off when either is unset)',
  check({ trace }, found) {
    const afterFailures = runBound(trace, 'retryGrowthAfterFailures');
    const floorMs = runBound(trace, 'retryGrowthMinDelayMs');
    if (afterFailures === undefined || floorMs === undefined) return found.list;
    const driftPpm = runBound(trace, 'driftPpmMax') ?? 0;
    const devices = new Map<string, DeviceState>();
    const state = (d: string): DeviceState => devices.get(d) ?? devices.set(d, { failures: 0, armed: null, tokenAt: -1 }).get(d)!;
    const ledger = new PacingLedger();
    const failed = (d: string, at: { t: number; i: number }, requestId: string, what: string): void => {
      const s = state(d);
      if (ledger.mode(d) !== 'online') {
        s.failures = 0;
        s.armed = null;
        return;
      }
      s.failures++;
      const minUs = (floorMs * (1 - driftPpm / 1e6) - ledger.stepMs(d) - 1) * 1000;
      s.armed = s.failures >= afterFailures && minUs > 0 ? { t: at.t, i: at.i, requestId, what, nth: s.failures, minUs } : null;
    };
    const reset = (d: string): void => {
      state(d).failures = 0;
      state(d).armed = null;
    };
    for (const e of trace) {
      if (found.full) break;
      ledger.observe(e);
      switch (e.kind) {
        case 'msg-send': {
          if (e.from === 'server') break;
          const a = state(e.from).armed;
          if (a && e.t - a.t < a.minUs) {
            found.add(
              `device ${e.from}: request ${a.requestId} failed (${a.what}) at ${(a.t / 1e6).toFixed(3)} s, failure ${a.nth} in a row, and the device sent ${e.type} ${e.requestId} ${((e.t - a.t) / 1000).toFixed(1)} ms later; expected the wait to have grown to at least ${floorMs} ms (retryGrowthMinDelayMs) from failure ${afterFailures} on (retryGrowthAfterFailures)`,
              e,
              [e.from],
              [],
            );
          }
          state(e.from).armed = null;
          break;
        }
        case 'msg-deliver': {
          const a = ledger.answerOf(e);
          if (!a) break;
          const sentAt = ledger.settle(e.to, a.requestId);
          if (sentAt === undefined) break;
          if (a.ok) reset(e.to);
          else if (a.error === 'token-expired' && sentAt <= state(e.to).tokenAt) state(e.to).armed = null;
          else failed(e.to, e, a.requestId, `refused: ${String(a.error)}`);
          break;
        }
        case 'request-fail':
          if (ledger.settle(e.device, e.requestId) === undefined) break;
          if (e.reason === 'timeout' || e.reason === 'connection-reset') failed(e.device, e, e.requestId, e.reason);
          else reset(e.device);
          break;
        case 'connectivity':
        case 'crash':
        case 'restart':
          reset(e.device);
          break;
        case 'clock':
          if (e.jump) reset(e.device);
          break;
        case 'token':
          if (e.state === 'renewed') state(e.device).tokenAt = e.t;
          reset(e.device);
          break;
        case 'targeted':
          if (e.action === 'sync-now') reset(e.device);
          break;
        case 'phase':
          for (const [d, s] of devices) {
            s.tokenAt = e.t;
            reset(d);
          }
          break;
      }
    }
    return found.list;
  },
});
