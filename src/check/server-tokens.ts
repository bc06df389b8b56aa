/**
 * server-tokens: the server's session checks, judged from the trace. A request carrying a revoked
 * token (the device was signed out after the token was first used: a `token` expired event) or one
 * older than the session lifetime (`tokenTtlMs`, counted from the token's first use, which is no
 * earlier than its issue) is refused and has no effect: no ok answer, nothing stored. A request
 * carrying the token the device was last given (at its boot, or at its latest `token` renewed event),
 * with no sign-out since and within the lifetime, is not refused as expired.
 *
 * A one-session revoke (a `token` expired event with `scope: 'session'`: the server ended only the
 * session of the token the device was last given) revokes that token alone: a request carrying it is
 * refused from then on, while the device's other sessions (a token it was given earlier and still
 * holds live, or one given later) and other devices' sessions are not ended by it.
 *
 * These are the built-in server's session rules (server/tokens.ts: a sign-out expires every live
 * session of the device, a one-session revoke that session alone; a session lasts tokenTtlMs from its issue), so it is judged only for sync-lab's
 * protocol and server (run-start has no `protocol`); an engine's own server has its own rules
 * (judgeable.ts). Which token a request carries is read from the request (`payload.token`); a token is
 * taken to be the one the device was last handed when it first shows up, so a device that sends an
 * older token it never used before is reported here as a refused valid token. A token given while the
 * device's app is down (crashed, not yet restarted) is handed to it at the restart only when no
 * sign-out or revoke came between (the simulator's rule: a device whose token ended restarts with the
 * token its own storage holds); until then its requests carry the token it was handed before. A
 * `token` refused event (the server would not issue one, for a deleted account) changes no session.
 */
import type { TraceEvent } from '../trace/events.ts';
import { defineChecker } from './_internals/facts.ts';

interface Seen {
  firstI: number;
  firstT: number;
  /** The index and time of the issue it is taken to come from (the device's last issue point before its first use). */
  issue: { i: number; t: number } | undefined;
}

/** A sign-out (every session of the device) or a one-session revoke of the token given at issue point `issueI`. */
interface SignOut {
  i: number;
  issueI: number | undefined;
  session: boolean;
}

interface Apply {
  device: string;
  requestId: string;
  type: string;
  i: number;
  t: number;
  stored: number;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

const msOf = (us: number): number => Math.floor(us / 1000);

export const serverTokens = defineChecker({
  id: 'server-tokens',
  title: 'The server honours sessions',
  property: 'a request with a revoked or outlived token is refused and has no effect; one with a valid token the device was given is not refused as expired (a one-session revoke ends that session only)',
  check({ trace }, found) {
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    if (start === undefined || start.protocol !== undefined) return found.list;
    const ttl = start.options['tokenTtlMs'];
    const ttlMs = typeof ttl === 'number' ? ttl : undefined;
    /** Per device: its issue points (boot, renewals) and sign-outs, in trace order. */
    const issues = new Map<string, { i: number; t: number }[]>();
    /** Per device: the issue points its app was handed (at once, or at the restart after one made while it was down). */
    const handed = new Map<string, { i: number; t: number }[]>();
    /** Devices whose app is down, and the issue made meanwhile that the restart will hand over (if no sign-out comes first). */
    const down = new Set<string>();
    const heldBack = new Map<string, { i: number; t: number }>();
    const hand = (device: string, point: { i: number; t: number }): void => {
      handed.set(device, [...(handed.get(device) ?? []), point]);
    };
    const signOuts = new Map<string, SignOut[]>();
    const tokens = new Map<string, Seen>();
    const carried = new Map<string, string>();
    const key = (device: string, requestId: string): string => `${device}\u0000${requestId}`;
    let applied: Apply | undefined;
    const judge = (a: Apply, answer: Extract<TraceEvent, { kind: 'msg-send' }>): void => {
      const token = carried.get(key(a.device, a.requestId));
      const seen = token === undefined ? undefined : tokens.get(token);
      if (token === undefined || seen === undefined) return;
      const outs = signOuts.get(a.device) ?? [];
      const ok = field(answer.payload, 'ok') === true;
      const error = field(answer.payload, 'error');
      // A sign-out ends a token first used before it; a one-session revoke, the token of the issue it named (used before or after).
      const revoked = outs.some((o) => o.i < a.i && (o.session ? seen.issue !== undefined && o.issueI === seen.issue.i : o.i > seen.firstI));
      const outlived = ttlMs !== undefined && msOf(a.t) - msOf(seen.firstT) >= ttlMs;
      if (revoked || outlived) {
        if (ok || a.stored > 0) {
          const why = revoked ? 'the device was signed out after it first used the token, or the server ended that token\'s session' : `the token was first used ${msOf(a.t) - msOf(seen.firstT)} ms earlier, beyond tokenTtlMs ${ttlMs}`;
          found.add(`server: accepted ${a.type} request ${a.requestId} of device ${a.device}${a.stored > 0 ? ` and stored ${a.stored} op(s)` : ''} although its token is no longer valid (${why}); expected it refused with no effect`, answer, [a.device], []);
        }
        return;
      }
      if (error !== 'token-expired' || seen.issue === undefined) return;
      const issue = seen.issue;
      const signedOutSince = outs.some((o) => o.i > issue.i && o.i < a.i && (!o.session || o.issueI === issue.i));
      const inTime = ttlMs === undefined || msOf(a.t) - msOf(issue.t) < ttlMs - 1;
      if (!signedOutSince && inTime) {
        found.add(`server: refused ${a.type} request ${a.requestId} of device ${a.device} as token-expired, but it carries the token the device was given at ${(issue.t / 1e6).toFixed(3)} s, not signed out since and within tokenTtlMs; expected it not refused as expired`, answer, [a.device], []);
      }
    };
    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'connectivity':
          // The first one of a device is its boot, where it was given its first token.
          if (!issues.has(e.device)) {
            issues.set(e.device, [{ i: e.i, t: e.t }]);
            hand(e.device, { i: e.i, t: e.t });
          }
          break;
        case 'crash':
          down.add(e.device);
          break;
        case 'restart': {
          down.delete(e.device);
          const point = heldBack.get(e.device);
          if (point !== undefined) hand(e.device, point);
          heldBack.delete(e.device);
          break;
        }
        case 'token': {
          const points = issues.get(e.device) ?? [];
          if (e.state === 'refused') break;
          if (e.state === 'renewed') {
            const point = { i: e.i, t: e.t };
            issues.set(e.device, [...points, point]);
            if (down.has(e.device)) heldBack.set(e.device, point);
            else hand(e.device, point);
          } else {
            signOuts.set(e.device, [...(signOuts.get(e.device) ?? []), { i: e.i, issueI: points[points.length - 1]?.i, session: e.scope === 'session' }]);
            heldBack.delete(e.device);
          }
          break;
        }
        case 'msg-send': {
          if (e.from === 'server') {
            if (applied && applied.requestId === e.requestId && applied.device === e.to) judge(applied, e);
            applied = undefined;
            break;
          }
          const token = field(e.payload, 'token');
          if (typeof token !== 'string') break;
          carried.set(key(e.from, e.requestId), token);
          if (!tokens.has(token)) {
            const points = handed.get(e.from) ?? [];
            tokens.set(token, { firstI: e.i, firstT: e.t, issue: points[points.length - 1] });
          }
          break;
        }
        case 'server-apply':
          applied = { device: e.device, requestId: e.requestId, type: e.type, i: e.i, t: e.t, stored: e.appended.length + e.deduplicated.length };
          break;
        default:
          break;
      }
    }
    return found.list;
  },
});
