/**
 * remote-actions: every remote action the user asked for (cloud backup, backup admin, account
 * deletion: the matrix rows "Optional cloud backup" and "Remote account deletion / backup admin
 * actions") is accounted for, from the trace alone:
 * - done only on the server's word: each action a device reports done is matched by a distinct
 *   request of that kind the server accepted and whose ok answer reached the device (a deletion also
 *   counts as accepted when the answer says the account is already deleted, after a deletion the
 *   server accepted);
 * - applied at most once: an action once done is never pending or in flight again, and the server
 *   accepts no more requests of a kind from a device, counting those whose answer reached it while
 *   still awaited (not after its failure, a crash, going offline or an earlier answer to the same
 *   request: a duplicate's refusal can arrive before the original's acceptance), than it asked for
 *   actions of that kind (an action sent again after its acceptance came back is applied twice);
 * - disclosed truthfully: the status shows only actions the user asked for, each as its kind and in
 *   one of the states pending, in-flight, done, failed;
 * - never silently gone: while unfinished it stays in every status the device discloses (or, when it
 *   leaves it unseen as done, an accepted request of its kind is left to account for it: a crash can
 *   strike between the answer and the next look), and it fails only with a disclosed reason (its
 *   `lastError`), after at least one attempt sent (or, for the reason `account-deleted`, once the
 *   server told the device its account is deleted: no attempt could succeed);
 * - a backup is not given up for what a retry can fix: the matrix row "Optional cloud backup" lets it
 *   wait offline, "remain pending or retry" when intermittent, and be available online, never fail for
 *   a transient cause. A backup may fail only once the server refused one of the device's backup
 *   requests for a reason other than `unavailable` or `token-expired` (its own answer reached the
 *   device), or told the device its account is deleted. Judged on the server's answers in the trace,
 *   not on the engine's own error label. (Admin actions "may fail or retry": not judged so.)
 * - offline it is not transmitted (the matrix's "unavailable until network returns");
 * - drained, when the run sets `pendingDrainBoundMs` (pending-drains' bound): that long after the
 *   heal, every action asked for is done or failed (judged at the first event past it; a run that
 *   ends before, or whose account was deleted by the heal, is not judged);
 * - liveness, off unless the run sets `remoteActionWithinBoundMs`: an action asked for while the
 *   link is stably up is done within the bound. Judged only where nothing but the engine can delay
 *   it, as stored-promptly judges writes: online, running, valid token, last request answered ok, no
 *   other action of the device unfinished, and until the deadline no lost, failed, refused or
 *   targeted message of the device, no connectivity change, crash, restart, token change or clock
 *   jump on it, no partition, server outage or restart, and the fault phase still going.
 * It reads sync-lab's requests and answers (their `type`, `action`, `ok`, `error`), so an engine's
 * own protocol is not judged by it (judgeable.ts).
 */
import type { TraceEvent } from '../trace/events.ts';
import { CalmLinks } from './_internals/calm-link.ts';
import { defineChecker } from './_internals/facts.ts';
import { sentMsgId } from './_internals/message-copies.ts';

type Kind = 'backup' | 'delete-account' | 'backup-admin';

interface Action {
  device: string;
  kind: string;
  state: string;
  /** A request of its kind was sent by the device since it was asked for. */
  tried: boolean;
  at: { i: number; t: number };
}

interface Device {
  /** Accepted requests (by id) whose ok answer reached the device, per kind; and how many of them done actions used. */
  accepted: Map<string, Set<string>>;
  used: Map<string, number>;
  /** Requests still awaited (sent, not failed, no crash or going offline since). */
  live: Set<string>;
  /** Accepted requests per kind whose ok answer reached the device while it still awaited it. */
  liveAccepted: Map<string, Set<string>>;
  /** Actions asked for, per kind. */
  asked: Map<string, number>;
  /** Kinds of which a request of the device was refused for a reason a retry cannot fix (the answer reached it). */
  refusedForGood: Set<string>;
}

/** Refusals a retry can fix: a backup failed after only these (or lost answers) was given up too early. */
const TRANSIENT_REFUSALS = new Set(['unavailable', 'token-expired']);

interface Answer {
  device: string;
  requestId: string;
  /** The remote action kind of the request answered; undefined for push and pull. */
  kind: Kind | undefined;
  ok: boolean;
  error: string | undefined;
}

const UNFINISHED = new Set(['requested', 'pending', 'in-flight']);
const DISCLOSED_STATES = new Set(['pending', 'in-flight', 'done', 'failed']);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The action kind of a sync-lab request, or undefined for push, pull and anything else. */
function requestKind(e: Extract<TraceEvent, { kind: 'msg-send' }>): Kind | undefined {
  if (e.type === 'backup') return 'backup';
  if (e.type !== 'admin') return undefined;
  const action = field(e.payload, 'action');
  return action === 'delete-account' || action === 'backup-admin' ? action : undefined;
}

export const remoteActions = defineChecker({
  id: 'remote-actions',
  title: 'Remote actions are accounted for',
  property: 'a remote action is done only once the server accepted it, never again after, never silently gone, not sent offline, and (remoteActionWithinBoundMs) done in time',
  check({ trace }, found) {
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    const boundMs = start?.options['remoteActionWithinBoundMs'];
    const boundUs = typeof boundMs === 'number' ? boundMs * 1000 : undefined;
    const devices = new Map<string, Device>();
    const dev = (d: string): Device =>
      devices.get(d) ??
      devices.set(d, { accepted: new Map(), used: new Map(), live: new Set(), liveAccepted: new Map(), asked: new Map(), refusedForGood: new Set() }).get(d)!;
    const actions = new Map<string, Action>();
    const actionKey = (device: string, id: string): string => `${device}\u0000${id}`;
    const kindOfRequest = new Map<string, Kind>();
    const answers = new Map<string, Answer>();
    /** The last status each device disclosed: its remote actions by id. */
    const disclosed = new Map<string, Map<string, Record<string, unknown>>>();
    /** Liveness: actions being timed, by key. */
    const waiting = new Map<string, Action & { id: string }>();
    let accountDeletedByServer = false;
    /** Devices an `account-deleted` answer reached: their unsent actions may fail for it (nothing could be tried). */
    const toldDeleted = new Set<string>();
    // Drain (pending-drains' bound): every action asked for is finished this long after the heal.
    const drainMs = start?.options['pendingDrainBoundMs'];
    let drainDeadlineUs: number | undefined;
    const links = new CalmLinks((d) => {
      if (d === undefined) waiting.clear();
      else for (const [k, w] of waiting) if (w.device === d) waiting.delete(k);
    });

    for (const e of trace) {
      if (found.full) break;
      if (drainDeadlineUs !== undefined && e.t > drainDeadlineUs) {
        drainDeadlineUs = undefined;
        for (const [k, a] of actions) {
          if (!UNFINISHED.has(a.state)) continue;
          found.add(`device ${a.device}: ${a.kind} action ${k.slice(a.device.length + 1)}, asked for at ${(a.at.t / 1e6).toFixed(3)} s, is still ${a.state} ${drainMs} ms after the heal (pendingDrainBoundMs); expected it done, or failed with a disclosed reason, once every device is online with no faults`, e, [a.device], []);
        }
      }
      if (boundUs !== undefined) {
        for (const [k, w] of waiting) {
          if (e.t - w.at.t <= boundUs) continue;
          if (links.awaitsRequestSentBy(w.device, w.at.t + boundUs)) continue;
          found.add(`device ${w.device}: ${w.kind} action ${w.id} asked for at ${(w.at.t / 1e6).toFixed(3)} s was not done within ${boundMs} ms (remoteActionWithinBoundMs) although the device stayed online with nothing lost, failed or waiting before it`, w.at, [w.device], []);
          waiting.delete(k);
        }
      }
      links.observe(e);
      switch (e.kind) {
        case 'msg-send': {
          if (e.from === 'server') {
            const kind = kindOfRequest.get(actionKey(e.to, e.requestId));
            const ok = field(e.payload, 'ok') === true;
            const error = field(e.payload, 'error');
            answers.set(e.msgId, { device: e.to, requestId: e.requestId, kind, ok, error: typeof error === 'string' ? error : undefined });
            if (ok && kind === 'delete-account') accountDeletedByServer = true;
            break;
          }
          dev(e.from).live.add(e.requestId);
          const kind = requestKind(e);
          if (kind === undefined) break;
          kindOfRequest.set(actionKey(e.from, e.requestId), kind);
          if (links.mode(e.from) === 'offline') {
            found.add(`device ${e.from} is offline; expected its ${kind} action to wait for the network ("unavailable until network returns"), it sent request ${e.requestId}`, e, [e.from], []);
          }
          for (const a of actions.values()) if (a.device === e.from && a.kind === kind) a.tried = true;
          break;
        }
        case 'msg-deliver': {
          if (e.to === 'server') break;
          const base = sentMsgId(e.msgId);
          const a = answers.get(base);
          const d = dev(e.to);
          if (a) {
            if (a.error === 'account-deleted') toldDeleted.add(e.to);
            if (a.kind !== undefined && !a.ok && !TRANSIENT_REFUSALS.has(a.error ?? '')) d.refusedForGood.add(a.kind);
            const counts = a.ok || (a.kind === 'delete-account' && a.error === 'account-deleted' && accountDeletedByServer);
            if (a.kind !== undefined && counts) d.accepted.set(a.kind, (d.accepted.get(a.kind) ?? new Set()).add(a.requestId));
            if (a.kind !== undefined && a.ok && d.live.has(a.requestId)) {
              const live = (d.liveAccepted.get(a.kind) ?? new Set()).add(a.requestId);
              d.liveAccepted.set(a.kind, live);
              const asked = d.asked.get(a.kind) ?? 0;
              if (live.size > asked) {
                found.add(`device ${e.to}: the server accepted ${live.size} ${a.kind} request(s) of the device, each answer reaching it while awaited, for ${asked} ${a.kind} action(s) asked for; expected an action sent again only when its earlier answer never came (it was applied ${live.size - asked} time(s) too many)`, e, [e.to], []);
              }
            }
            // The device has its answer: a later answer to the same request (a duplicate's, possibly ok
            // after a refusal that came first) is not awaited, and a request sent again after it is justified.
            d.live.delete(a.requestId);
          }
          break;
        }
        case 'request-fail':
          dev(e.device).live.delete(e.requestId);
          break;
        case 'remote-action': {
          const k = actionKey(e.device, e.actionId);
          const known = actions.get(k);
          if (e.state === 'requested') {
            const d = dev(e.device);
            const calm = links.calm(e.device);
            const busy = [...actions.values()].some((a) => a.device === e.device && UNFINISHED.has(a.state));
            d.asked.set(e.action, (d.asked.get(e.action) ?? 0) + 1);
            const action: Action = { device: e.device, kind: e.action, state: 'requested', tried: false, at: { i: e.i, t: e.t } };
            actions.set(k, action);
            if (boundUs !== undefined && calm && !busy) waiting.set(k, { ...action, id: e.actionId });
            break;
          }
          if (!known) break; // an action the user never asked for is not this checker's to judge
          if (known.state === 'done' && e.state !== 'done') {
            found.add(`device ${e.device}: ${known.kind} action ${e.actionId} was done, then ${e.state} again; expected it never to be sent (and applied) a second time`, e, [e.device], []);
          }
          if (e.state === 'done' && known.state !== 'done') {
            const d = dev(e.device);
            const used = d.used.get(known.kind) ?? 0;
            if (used >= (d.accepted.get(known.kind)?.size ?? 0)) {
              found.add(`device ${e.device}: ${known.kind} action ${e.actionId} reported done, but no accepted ${known.kind} request of the device (an ok answer from the server) is left to account for it; expected done only once the server accepted it`, e, [e.device], []);
            }
            d.used.set(known.kind, used + 1);
            waiting.delete(k);
          }
          if (e.state === 'failed' && known.state !== 'failed') {
            waiting.delete(k);
            const shown = disclosed.get(e.device)?.get(e.actionId);
            const reason = field(shown, 'lastError');
            if (typeof reason !== 'string' || reason.length === 0) {
              found.add(`device ${e.device}: ${known.kind} action ${e.actionId} failed without a disclosed reason (its lastError in the device's status is ${JSON.stringify(reason ?? null)}); expected the reason disclosed`, e, [e.device], []);
            } else if (!known.tried && !(reason === 'account-deleted' && toldDeleted.has(e.device))) {
              found.add(`device ${e.device}: ${known.kind} action ${e.actionId} failed (${reason}) before any ${known.kind} request was sent; expected it to wait (or retry) until it can be tried`, e, [e.device], []);
            } else if (known.kind === 'backup' && !toldDeleted.has(e.device) && !dev(e.device).refusedForGood.has('backup')) {
              found.add(`device ${e.device}: backup action ${e.actionId} failed (${reason}) though the server never refused a backup request of the device for a reason a retry cannot fix (only lost answers, unavailable or token-expired); expected a backup to remain pending or retry ("Optional cloud backup": unavailable until network returns, may remain pending or retry)`, e, [e.device], []);
            }
          }
          known.state = e.state;
          break;
        }
        case 'status': {
          const list = e.status['remoteActions'];
          const byId = new Map<string, Record<string, unknown>>();
          if (Array.isArray(list)) for (const a of list) if (typeof field(a, 'id') === 'string') byId.set(field(a, 'id') as string, a as Record<string, unknown>);
          disclosed.set(e.device, byId);
          if (Array.isArray(list)) {
            for (const shown of list) {
              const id = field(shown, 'id');
              const asked = typeof id === 'string' ? actions.get(actionKey(e.device, id)) : undefined;
              const shownState = field(shown, 'state');
              if (asked !== undefined && !(typeof shownState === 'string' && DISCLOSED_STATES.has(shownState))) {
                found.add(`device ${e.device} discloses its ${asked.kind} action ${id as string} in state ${JSON.stringify(shownState)}; expected pending, in-flight, done or failed`, e, [e.device], []);
              }
              if (asked === undefined || field(shown, 'kind') !== asked.kind) {
                found.add(`device ${e.device} discloses a remote action ${JSON.stringify(typeof id === 'string' ? { id, kind: field(shown, 'kind') } : shown).slice(0, 120)} that the user never asked for (as that kind); expected its status to show only the actions asked for`, e, [e.device], []);
              }
            }
          }
          for (const [k, a] of actions) {
            if (a.device !== e.device || !UNFINISHED.has(a.state)) continue;
            const id = k.slice(e.device.length + 1);
            if (!byId.has(id)) {
              // Done between two looks (a crash can strike before the status is read again) and then
              // forgotten as finished: accounted for when an accepted request of its kind is left for it.
              const d = dev(e.device);
              const used = d.used.get(a.kind) ?? 0;
              if (used < (d.accepted.get(a.kind)?.size ?? 0)) {
                d.used.set(a.kind, used + 1);
                a.state = 'done';
                waiting.delete(k);
                continue;
              }
              found.add(`device ${e.device}: ${a.kind} action ${id}, asked for at ${(a.at.t / 1e6).toFixed(3)} s and last ${a.state}, is missing from the status the device discloses; expected it shown pending or retrying until done or failed`, e, [e.device], []);
              a.state = 'gone';
            }
          }
          break;
        }
        case 'connectivity':
          if (e.mode === 'offline') dev(e.device).live.clear();
          break;
        case 'crash':
          dev(e.device).live.clear();
          break;
        case 'phase':
          // An account deleted by then can take no more actions: nothing to drain.
          if (e.phase === 'heal' && typeof drainMs === 'number' && !accountDeletedByServer) drainDeadlineUs = e.t + drainMs * 1000;
          break;
        default:
          break;
      }
    }
    return found.list;
  },
});
