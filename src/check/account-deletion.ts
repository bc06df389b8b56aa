/**
 * account-deletion: what an accepted account deletion promises (the matrix row "Remote account
 * deletion / backup admin actions": online it is available, so it completes; the sync-state
 * disclosure contract: an action's state and reason are told truthfully; "Documented Exposure
 * Differences": what sync exposes is bounded), judged from the trace (and the final server state when
 * given) once the server accepted a deletion (its ok answer to a `delete-account` admin request):
 * - the account is gone: every later answer of the server to the account is a refusal
 *   `account-deleted` (none ok: nothing stored, pulled, backed up or administered), and at the end the
 *   server holds nothing of it: no log (run-end's serverLog is empty), and in the built-in server's
 *   state no account entry (its backups) and no session of it. A deletion that leaves the account's
 *   data or sessions on the server is not a deletion;
 * - the deleting device is told the truth: a delete-account action whose own request was answered ok,
 *   or `account-deleted` after the server accepted a deletion (a retried deletion whose first attempt
 *   landed), while the device awaited that answer, ends `done`, never `failed` (the user asked for
 *   exactly what happened); an answer that came late (after a timeout) is not judged, as the device
 *   may have settled the action by then;
 * - nothing waits forever on a deleted account: every action a device had unfinished when an
 *   `account-deleted` answer first reached it ends done or failed (its reason disclosed, which
 *   remote-actions judges) by the end of the run, when the run goes on for `remoteActionWithinBoundMs`
 *   after that answer; actions asked for later may stay pending as long as they are not sent (below);
 * - no request storm: a device that was told its account is deleted sends at most
 *   `requestsAfterDeletionBound` more requests until it restarts (off unless set): every one is
 *   refused, and each exposes the device's address and activity again, so an unbounded stream is
 *   undocumented exposure, not a retry the spec asks for.
 * An answer the server gave while shedding load (its `server-apply` says `busy`: the serverBusyPercent
 * fault, `unavailable` before it reads the request) is the lab's fault, not a broken deletion, and is
 * not judged as a later answer to the account; the device sees an ordinary `unavailable` refusal.
 * It reads sync-lab's requests and answers (their `type`, `action`, `ok`, `error`) and the built-in
 * server's state, so an engine's own protocol is not judged by it (judgeable.ts).
 */
import type { TraceEvent } from '../trace/events.ts';
import { defineChecker } from './_internals/facts.ts';
import { sentMsgId } from './_internals/message-copies.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const UNFINISHED = new Set(['requested', 'pending', 'in-flight']);

interface DeviceState {
  /** Each action as the device's latest status shows it, by action id. */
  actions: Map<string, { kind: string; state: string }>;
  /** Requests sent since the first `account-deleted` answer reached it (since its latest start), or null before. */
  sentSinceTold: number | null;
  /** A delete-account request of the device was answered as accepted (ok, or account-deleted after an accepted deletion) while it awaited the answer. */
  deletionLanded: boolean;
  /** Requests still awaited (sent; no answer, failure, crash or going offline since), as remote-actions counts them. */
  live: Set<string>;
  /** Actions unfinished when the device was first told, with when. */
  owed: { ids: string[]; at: TraceEvent } | null;
}

export const accountDeletion = defineChecker({
  id: 'account-deletion',
  title: 'An accepted account deletion removes the account and is told truthfully',
  property:
    'after the server accepts a deletion it refuses every request of the account as account-deleted and holds nothing of it at the end (log, backups, sessions); the deleting device shows its deletion done; a device told of it finishes its unfinished actions and sends at most a bounded number of requests more',
  check({ trace, serverState }, found) {
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    if (start === undefined || start.protocol !== undefined) return found.list;
    const boundMs = start?.options['remoteActionWithinBoundMs'];
    const stormBound = start?.options['requestsAfterDeletionBound'];
    const devices = new Map<string, DeviceState>();
    const dev = (id: string): DeviceState => {
      let d = devices.get(id);
      if (!d) devices.set(id, (d = { actions: new Map(), sentSinceTold: null, deletionLanded: false, live: new Set(), owed: null }));
      return d;
    };
    /** Answers by message id. */
    const answers = new Map<string, { ok: boolean; error: unknown; request: string | undefined; device: string }>();
    let deletedAccount: string | null = null;
    let deletedAt: TraceEvent | null = null;
    const requestOf = new Map<string, { type: unknown; action: unknown; accountId: unknown }>();
    /** The request the server just shed as busy (device and request id), whose answer follows. */
    let shed: string | null = null;

    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'msg-send': {
          if (e.from !== 'server') {
            const p = isObject(e.payload) ? e.payload : {};
            requestOf.set(`${e.from}\u0000${e.requestId}`, { type: p['type'], action: p['action'], accountId: p['accountId'] });
            const d = dev(e.from);
            d.live.add(e.requestId);
            if (d.sentSinceTold !== null && typeof stormBound === 'number' && ++d.sentSinceTold === stormBound + 1) {
              found.add(`device ${e.from} was told its account is deleted and then sent ${stormBound + 1} requests (request ${e.requestId} is one too many; requestsAfterDeletionBound ${stormBound}); expected it to stop syncing a deleted account`, e, [e.from], []);
            }
            break;
          }
          const p = isObject(e.payload) ? e.payload : {};
          const req = requestOf.get(`${e.to}\u0000${e.requestId}`);
          const ok = p['ok'] === true;
          const busy = shed === `${e.to}\u0000${e.requestId}`;
          shed = null;
          answers.set(e.msgId, { ok, error: p['error'], request: e.requestId, device: e.to });
          if (deletedAccount !== null && !busy && (req?.accountId === undefined || req.accountId === deletedAccount) && (ok || p['error'] !== 'account-deleted')) {
            found.add(`the server accepted the deletion of account ${deletedAccount} (event ${deletedAt!.i}), then answered request ${e.requestId} of device ${e.to} ${ok ? 'ok' : `with error ${JSON.stringify(p['error'])}`}; expected every later request of the account refused as account-deleted`, e, [e.to], []);
          }
          if (ok && req?.type === 'admin' && req.action === 'delete-account' && deletedAccount === null) {
            deletedAccount = typeof req.accountId === 'string' ? req.accountId : '';
            deletedAt = e;
          }
          break;
        }
        case 'msg-deliver': {
          if (e.to === 'server') break;
          const a = answers.get(sentMsgId(e.msgId));
          if (!a) break;
          const d = dev(e.to);
          const req = a.request === undefined ? undefined : requestOf.get(`${e.to}\u0000${a.request}`);
          const isDeletion = req?.type === 'admin' && req.action === 'delete-account';
          // A late answer (after a timeout, say) is not what the device was told: it may have failed the action already.
          if (isDeletion && a.request !== undefined && d.live.has(a.request) && (a.ok || (a.error === 'account-deleted' && deletedAccount !== null))) d.deletionLanded = true;
          if (a.request !== undefined) d.live.delete(a.request);
          if (!a.ok && a.error === 'account-deleted' && d.sentSinceTold === null) {
            d.sentSinceTold = 0;
            const ids = [...d.actions].filter(([, x]) => UNFINISHED.has(x.state)).map(([id]) => id);
            if (d.owed === null) d.owed = { ids, at: e };
          }
          break;
        }
        case 'server-apply':
          shed = e.busy === true ? `${e.device}\u0000${e.requestId}` : null;
          break;
        case 'restart':
          dev(e.device).sentSinceTold = null;
          break;
        case 'request-fail':
          dev(e.device).live.delete(e.requestId);
          break;
        case 'crash':
          dev(e.device).live.clear();
          break;
        case 'connectivity':
          if (e.mode === 'offline') dev(e.device).live.clear();
          break;
        case 'status': {
          // The actions as the device last disclosed them (a crash forgets what its snapshot did not keep: remote-actions judges that).
          const d = dev(e.device);
          d.actions.clear();
          const list = e.status['remoteActions'];
          if (Array.isArray(list)) for (const a of list) if (isObject(a) && typeof a['id'] === 'string') d.actions.set(a['id'], { kind: String(a['kind']), state: String(a['state']) });
          break;
        }
        case 'remote-action': {
          const d = dev(e.device);
          if (e.state === 'failed' && e.action === 'delete-account' && d.deletionLanded) {
            found.add(`device ${e.device}: its delete-account action ${e.actionId} was answered as accepted (the server deleted the account), then reported failed; expected it done`, e, [e.device], []);
          }
          break;
        }
        case 'run-end': {
          for (const [id, d] of devices) {
            for (const [actionId, a] of d.actions) {
              if (a.kind === 'delete-account' && d.deletionLanded && a.state !== 'done' && a.state !== 'failed') {
                found.add(`device ${id}: its delete-account action ${actionId} was answered as accepted (the server deleted the account) but is still ${a.state} at the end; expected it done`, e, [id], []);
              }
            }
            if (d.owed === null || typeof boundMs !== 'number' || e.t - d.owed.at.t < boundMs * 1000) continue;
            for (const actionId of d.owed.ids) {
              const a = d.actions.get(actionId);
              if (a && UNFINISHED.has(a.state)) {
                found.add(`device ${id}: ${a.kind} action ${actionId} was unfinished when the device was told its account is deleted (${(d.owed.at.t / 1e6).toFixed(3)} s) and is still ${a.state} at the end; expected it done or failed with a disclosed reason, not waiting forever`, e, [id], []);
              }
            }
          }
          if (deletedAccount === null) break;
          if (e.serverLog.length > 0) found.add(`the server accepted the deletion of account ${deletedAccount} (event ${deletedAt!.i}) but its log still holds ${e.serverLog.length} op(s) at the end; expected nothing of the account`, e, [], []);
          judgeState(deletedAccount, e);
          break;
        }
        default:
          break;
      }
    }

    return found.list;

    function judgeState(account: string, at: TraceEvent): void {
      if (!isObject(serverState)) return;
      const accounts = Array.isArray(serverState['accounts']) ? serverState['accounts'] : [];
      if (accounts.some((a) => isObject(a) && a['accountId'] === account)) {
        found.add(`the server accepted the deletion of account ${account} (event ${deletedAt!.i}) but still holds an entry of it at the end (its log and backups); expected nothing of the account`, at, [], []);
      }
      const sessions = Array.isArray(serverState['sessions']) ? serverState['sessions'] : [];
      const live = sessions.filter((s) => isObject(s) && s['accountId'] === account).length;
      if (live > 0) found.add(`the server accepted the deletion of account ${account} (event ${deletedAt!.i}) but still holds ${live} session(s) of it at the end; expected nothing of the account`, at, [], []);
    }
  },
});
