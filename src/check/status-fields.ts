/**
 * status-fields (NORM-021's sync-state disclosure, the fields sync-state-disclosure leaves): what a
 * device says in `inFlight`, `retryAtMs` and `clockLeadRefused` (the port's published SyncStatus,
 * src/reconciler/types.ts) is true to what the trace shows. Reality is rebuilt from the trace alone:
 * - inFlight: `true` only while the device has a request outstanding (sent, and neither an answer
 *   delivered to it, nor a request-fail, nor a crash since), `false` only while it has none. Judged at
 *   the end of each instant (the status a device disclosed last, after the instant's events: the
 *   simulator reads status after every call that can change it), so a status read in the very instant
 *   of a send or an answer is never judged mid-way. Request ids are the transport's, so any protocol is judged.
 * - retryAtMs: present, a device-clock time in ms or null (the port's type). After a transient failure
 *   of the device's request (a timeout, a connection reset, an `unavailable` refusal) while it is
 *   online and still discloses pending ops, the device has work to retry and, by the run's own
 *   retry-pacing bound, must not retry at once: it is backing off, so `retryAtMs` must not be null
 *   until it sends again (or a success, or a reason of its own: a connectivity change, crash, restart,
 *   token change, clock jump, sync-now, the next phase). Judged only when the run sets
 *   `retryMinDelayMs` (that bound is what makes waiting a demand). A disclosed retry time is honoured:
 *   the device sends nothing while its clock (rebuilt from the trace's clock samples, with the run's
 *   drift bound as slack) certainly reads below the retryAtMs it disclosed last, unless it had a reason
 *   of its own since (a success, those above, a write or a remote action asked for: an engine may send
 *   new work at once). That it retries at its retryAtMs is not demanded: "allowed" is not "due", and
 *   a timer may fire late.
 * - clockLeadRefused: absent, or `{ count, lastRemoteWallMs, atMs }` with count a whole number >= 1 and
 *   both times finite numbers; within one life of the device the count never goes down (a restart
 *   may start it again: the field is not part of the durable state the port promises); a new refusal's
 *   `lastRemoteWallMs` is the wall part of a stamp the device was really handed in a pull answer
 *   (sync-lab's protocol only, and only when the run's stamp order says how to read a stamp's wall
 *   time: the built-in order parses stamps itself, src/check/_internals/stamp-order.ts). And a refusal
 *   the trace shows is disclosed: in `hlc` stamp mode a hybrid clock that takes a pulled stamp moves
 *   to it, so every later stamp of its own ranks above it. A later write of the same life stamped
 *   below the wall time of another device's stamp the device took (a pull answer it awaited, ok and
 *   undamaged), or ranked below that stamp by the run's order (the same millisecond, a lower counter:
 *   a clock that took the stamp's millisecond for its own and forgot the counter), shows the clock did
 *   not follow that stamp: it refused it, and at the end of that write's instant clockLeadRefused must
 *   be disclosed. An engine that follows every stamp (no clock-lead policy) is never asked for it.
 * - authExpired: `true` only once the server refused the device's current session: a `token-expired`
 *   answer reached it for a request it sent after its last token handover (its boot token, the last
 *   renewal's; a renewal while the device is down is handed over at its restart unless a sign-out or
 *   revoke ended that session first). The refusal of a request sent with an earlier token (a renewal
 *   while it was on the wire) says nothing of the new session. Judged at every status (nothing else
 *   can make it true within an instant), for sync-lab's protocol only (an own protocol's refusal codes
 *   are opaque here). That a device says `true` once refused is not demanded (it may renew at once).
 * Reads only the trace; no engine code.
 */
import type { TraceEvent } from '../trace/events.ts';
import { defineChecker } from './_internals/facts.ts';
import { runBound } from './_internals/pacing.ts';
import { sentMsgId } from './_internals/message-copies.ts';

interface Answer {
  requestId: string;
  ok: boolean;
  error: unknown;
  /** Stamps of the ops a pull answer carries (sync-lab's protocol). */
  stamps: readonly string[];
  /** The devices whose ops those are (a device's own stamps are not news to its clock). */
  authors: readonly string[];
}

interface Lead {
  count: number;
  wall: number;
}

interface Device {
  alive: boolean;
  mode: string | undefined;
  /** Requests sent and not yet answered, failed or lost to a crash: id -> when sent (µs). */
  outstanding: Map<string, number>;
  disclosed: Record<string, unknown> | null;
  /** A transient failure since the device last sent, succeeded or had a reason of its own to send. */
  backingOff: { t: number; what: string } | null;
  /** The clock-lead refusals disclosed last in this life of the device. */
  lead: Lead | null;
  /** Wall ms of every stamp the device was handed in a pull answer. */
  walls: Set<number>;
  /** The highest wall ms of another device's stamp in a pull answer it took in this life (awaited, ok, undamaged). */
  taken: { wall: number; t: number } | null;
  /** The highest such stamp by the run's order (within a tie window an order may rank a lower wall higher, hence both). */
  takenTop: { stamp: string; t: number } | null;
  /** A write of this instant stamped below `taken` or `takenTop`: the device did not follow that stamp, so it refused it. */
  owed: { opId: string; stamp: string; below: string; t: number } | null;
  /** The retry time (device ms) the device disclosed last, and when: its requests must wait for it until a reason of its own. */
  honour: { retryAtMs: number; t: number } | null;
  /** Its latest clock sample: true time (µs), offset (ms) and step (ms; a coarse clock's sample is up to a step low). */
  clock: { t: number; offsetMs: number; stepMs: number } | null;
  changed: boolean;
  /** Every request the device sent: id -> trace index of the send (which session's token it carried). */
  sentAt: Map<string, number>;
  /** Trace index of the device's last token handover (a renewal; 0: the one it booted with). */
  sessionSince: number;
  /** A `token-expired` refusal reached the device for a request it sent with its current token. */
  refusedExpired: boolean;
  /** A renewal while the device was down: handed over at its restart, unless that session ended first. */
  renewedWhileDown: boolean;
}

/** Slack on the highest reading a device's clock can show: the ms floor, and drift a little above the run's bound (rounding). */
const CLOCK_SLACK_MS = 3;
const DRIFT_SLACK_PPM = 200;

const fmt = (t: number): string => `${(t / 1e6).toFixed(3)} s`;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const statusFields = defineChecker({
  id: 'status-fields',
  title: 'Disclosed in-flight, retry time and clock-lead refusals are true',
  property:
    'inFlight is true exactly while the device has a request outstanding; retryAtMs is a time or null, not null while the device backs off a transient failure with work pending (when retryMinDelayMs is set), and no request goes out before it without a reason of its own; clockLeadRefused has a count >= 1 that never drops within a life, names the wall time of a stamp the device was handed, and is disclosed once a write shows the clock did not follow a stamp it took (stamped below its wall, or below it in the stamp order); authExpired is true only once a request with the current session token was refused token-expired',
  check({ trace, stampMode }, found, views) {
    const pacing = runBound(trace, 'retryMinDelayMs') !== undefined;
    const damaged = views.damagedCopies;
    const wallOf = views.order.wallMs?.bind(views.order);
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    const ownProtocol = start?.protocol !== undefined;
    const hlc = (start?.stampMode ?? stampMode) === 'hlc' && !ownProtocol;
    const devices = new Map<string, Device>();
    const answers = new Map<string, Answer>();
    const state = (d: string): Device =>
      devices.get(d) ?? devices.set(d, { alive: true, mode: undefined, outstanding: new Map(), disclosed: null, backingOff: null, lead: null, walls: new Set(), taken: null, takenTop: null, owed: null, honour: null, clock: null, changed: false, sentAt: new Map(), sessionSince: 0, refusedExpired: false, renewedWhileDown: false }).get(d)!;

    /** The status just disclosed: the fields' shapes, and the clock-lead refusals against the last ones. */
    const onStatus = (id: string, d: Device, e: TraceEvent): void => {
      const s = d.disclosed!;
      const where = `device ${id} at ${fmt(e.t)}`;
      if (typeof s['inFlight'] !== 'boolean') found.add(`${where} discloses inFlight ${JSON.stringify(s['inFlight'])}; expected true or false`, e, [id], []);
      // No instant-end wait here: nothing but a refusal already delivered can make an expired session true mid-instant.
      if (s['authExpired'] === true && !ownProtocol && !d.refusedExpired) {
        found.add(`${where} discloses authExpired true, but no request it sent with its current session token (handed ${d.sessionSince === 0 ? 'at boot' : 'at its last renewal'}) was refused token-expired; expected authExpired false until the server refuses its session (a refusal of a request sent with an earlier token says nothing of the current one)`, e, [id], []);
      }
      const retryAt = s['retryAtMs'];
      if (retryAt !== null && !finite(retryAt)) found.add(`${where} discloses retryAtMs ${JSON.stringify(retryAt)}; expected a device-clock time in ms, or null when not backing off`, e, [id], []);
      const lead = s['clockLeadRefused'];
      if (lead === undefined) {
        if (d.lead !== null) found.add(`${where} no longer discloses clockLeadRefused (it did, count ${d.lead.count}, earlier in this life); expected the refusals to stay disclosed`, e, [id], []);
        d.lead = null;
        return;
      }
      const l = (lead !== null && typeof lead === 'object' ? lead : {}) as Record<string, unknown>;
      const count = l['count'];
      const wall = l['lastRemoteWallMs'];
      if (!(Number.isInteger(count) && (count as number) >= 1) || !finite(wall) || !finite(l['atMs'])) {
        found.add(`${where} discloses clockLeadRefused ${JSON.stringify(lead)}; expected { count: a whole number >= 1, lastRemoteWallMs: ms, atMs: ms } (absent until the first refusal)`, e, [id], []);
        return;
      }
      const before = d.lead;
      if (before !== null && (count as number) < before.count) {
        found.add(`${where} discloses ${String(count)} clock-lead refusal(s), after disclosing ${before.count} earlier in this life; expected the count never to go down`, e, [id], []);
      }
      const fresh = before === null || before.count !== count || before.wall !== wall;
      if (fresh && wallOf && !ownProtocol && !d.walls.has(wall)) {
        found.add(`${where} discloses a refused stamp of wall time ${wall} ms (clockLeadRefused.lastRemoteWallMs), but no pull answer it was handed carried a stamp of that wall time; expected the wall part of a stamp it received`, e, [id], []);
      }
      d.lead = { count: count as number, wall };
    };

    /** A write that showed a refused clock lead, against the status disclosed last in its life. */
    const judgeOwed = (id: string, d: Device, at: { i: number; t: number }): void => {
      const owed = d.owed;
      d.owed = null;
      if (owed === null || d.disclosed === null || d.disclosed['clockLeadRefused'] !== undefined) return;
      found.add(`device ${id} at ${fmt(at.t)} committed ${owed.opId} stamped ${owed.stamp}, ${owed.below}, which it took in a pull answer at ${fmt(owed.t)}: its clock did not follow that stamp, so it refused it; expected status().clockLeadRefused to disclose the refusal`, at, [id], []);
    };

    /** The last disclosure against reality at the end of an instant. */
    const endOfInstant = (at: { i: number; t: number }): void => {
      for (const [id, d] of devices) {
        if (!d.changed) continue;
        d.changed = false;
        const s = d.disclosed;
        if (!d.alive || s === null || found.full) continue;
        const where = `device ${id} at ${fmt(at.t)}`;
        const outstanding = d.outstanding.size;
        if (s['inFlight'] === true && outstanding === 0) {
          found.add(`${where} discloses inFlight true, but it has no request outstanding (every request it sent was answered, failed or lost to a crash)`, at, [id], []);
        } else if (s['inFlight'] === false && outstanding > 0) {
          const [requestId, sentAt] = [...d.outstanding][0]!;
          found.add(`${where} discloses inFlight false, but request ${requestId} it sent at ${fmt(sentAt)} is still outstanding (no answer delivered, no request-fail, no crash since)`, at, [id], []);
        }
        judgeOwed(id, d, at);
        const b = d.backingOff;
        const pending = s['pendingOps'];
        if (pacing && b !== null && s['retryAtMs'] === null && typeof pending === 'number' && pending > 0) {
          found.add(`${where} discloses retryAtMs null with ${pending} op(s) pending, but its request failed at ${fmt(b.t)} (${b.what}) and it has not sent since: it must wait (retryMinDelayMs) before retrying, so it is backing off; expected the time its retry is allowed`, at, [id], []);
          d.backingOff = null;
        }
      }
    };

    const epochMs = runBound(trace, 'clockEpochMs') ?? 0;
    const driftPpm = runBound(trace, 'driftPpmMax') ?? 0;
    /**
     * The highest reading the device's clock can show at true time t (µs): its last sample plus the
     * most drift since, the ms floor, and a coarse clock's step (its sample was read rounded down).
     */
    const highestReading = (d: Device, t: number): number | undefined =>
      d.clock === null ? undefined : epochMs + t / 1000 + d.clock.offsetMs + ((driftPpm + DRIFT_SLACK_PPM) / 1e6) * ((t - d.clock.t) / 1000) + CLOCK_SLACK_MS + d.clock.stepMs;
    /** A reason of the device's own to send sooner or start its backoff again (retry-pacing's voids). */
    const voided = (d: Device): void => {
      d.backingOff = null;
      d.honour = null;
      d.changed = true;
    };
    let last: TraceEvent | null = null;
    for (const e of trace) {
      if (found.full) break;
      if (last !== null && last.t !== e.t) endOfInstant(last);
      last = e;
      switch (e.kind) {
        case 'msg-send': {
          if (e.from === 'server') {
            const p = (e.payload ?? {}) as { ok?: unknown; error?: unknown; type?: unknown; ops?: unknown };
            const ops = (p.type === 'pull' && Array.isArray(p.ops) ? p.ops : []) as { stamp?: unknown; deviceId?: unknown }[];
            answers.set(e.msgId, { requestId: e.requestId, ok: p.ok === true, error: p.error, stamps: ops.map((o) => String(o?.stamp)), authors: ops.map((o) => String(o?.deviceId)) });
            break;
          }
          const d = state(e.from);
          const reading = d.honour === null ? undefined : highestReading(d, e.t);
          if (d.honour !== null && reading !== undefined && reading < d.honour.retryAtMs) {
            found.add(`device ${e.from} at ${fmt(e.t)} sent ${e.type} ${e.requestId} while its clock read at most ${Math.floor(reading)} ms, before the retry time it disclosed at ${fmt(d.honour.t)} (retryAtMs ${d.honour.retryAtMs}), with no reason of its own since (no success, connectivity change, restart, token change, clock jump, sync-now, write or remote action asked for); expected it to wait until then`, e, [e.from], []);
          }
          d.outstanding.set(e.requestId, e.t);
          d.sentAt.set(e.requestId, e.i);
          d.backingOff = null;
          d.changed = true;
          break;
        }
        case 'msg-deliver': {
          if (e.to === 'server') break;
          const a = answers.get(sentMsgId(e.msgId));
          if (!a) break;
          const d = state(e.to);
          if (wallOf) for (const stamp of a.stamps) d.walls.add(wallOf(stamp));
          if (a.error === 'token-expired' && (d.sentAt.get(a.requestId) ?? -1) >= d.sessionSince) d.refusedExpired = true;
          if (!d.outstanding.delete(a.requestId)) break;
          d.changed = true;
          if (wallOf && hlc && a.ok && !damaged.has(e.msgId)) {
            a.stamps.forEach((stamp, k) => {
              const wall = wallOf(stamp);
              if (a.authors[k] === e.to || !Number.isFinite(wall)) return;
              if (wall > (d.taken?.wall ?? -Infinity)) d.taken = { wall, t: e.t };
              if (d.takenTop === null || views.compare(stamp, d.takenTop.stamp) > 0) d.takenTop = { stamp, t: e.t };
            });
          }
          d.backingOff = !a.ok && a.error === 'unavailable' && d.mode === 'online' ? { t: e.t, what: 'refused: unavailable' } : null;
          if (a.ok) d.honour = null;
          break;
        }
        case 'request-fail': {
          const d = state(e.device);
          d.outstanding.delete(e.requestId);
          d.changed = true;
          d.backingOff = (e.reason === 'timeout' || e.reason === 'connection-reset') && d.mode === 'online' ? { t: e.t, what: e.reason } : null;
          break;
        }
        case 'connectivity': {
          const d = state(e.device);
          d.mode = e.mode;
          if (e.mode === 'offline') d.outstanding.clear();
          voided(d);
          break;
        }
        case 'crash': {
          const d = state(e.device);
          // A crash in the write's instant ends its life: the debt is judged on the life's last status, not the next life's.
          if (!found.full) judgeOwed(e.device, d, e);
          d.alive = false;
          d.outstanding.clear();
          voided(d);
          break;
        }
        case 'restart': {
          const d = state(e.device);
          d.alive = true;
          if (d.renewedWhileDown) {
            d.sessionSince = e.i;
            d.refusedExpired = false;
            d.renewedWhileDown = false;
          }
          d.lead = null;
          d.taken = null;
          d.takenTop = null;
          voided(d);
          break;
        }
        case 'clock':
          state(e.device).clock = { t: e.t, offsetMs: e.offsetMs, stepMs: e.stepMs ?? 0 };
          if (e.jump) voided(state(e.device));
          break;
        case 'remote-action':
          if (e.state === 'requested') state(e.device).honour = null;
          break;
        case 'token': {
          const d = state(e.device);
          // A renewal hands a running device a new session at once: its expiry is news again. A down
          // device gets it at its restart, unless a sign-out or revoke ended it first (the simulator then
          // hands none, and the restored device still holds the token it had).
          if (e.state === 'renewed' && d.alive) {
            d.sessionSince = e.i;
            d.refusedExpired = false;
          } else if (!d.alive && e.state !== 'refused') d.renewedWhileDown = e.state === 'renewed';
          voided(d);
          break;
        }
        case 'targeted':
          if (e.action === 'sync-now') voided(state(e.device));
          break;
        case 'phase':
          for (const d of devices.values()) voided(d);
          break;
        case 'local-write': {
          const d = state(e.device);
          d.honour = null;
          if (!e.ok || !e.version || !wallOf) break;
          const { stamp, opId } = e.version;
          const wall = wallOf(stamp);
          const { taken, takenTop } = d;
          if (taken !== null && wall < taken.wall) d.owed = { opId, stamp, below: `at wall ${wall} ms, below the wall ${taken.wall} ms of another device's stamp`, t: taken.t };
          else if (takenTop !== null && views.compare(stamp, takenTop.stamp) < 0) d.owed = { opId, stamp, below: `below another device's stamp ${takenTop.stamp} in the stamp order`, t: takenTop.t };
          else break;
          d.changed = true;
          break;
        }
        case 'status': {
          const d = state(e.device);
          d.disclosed = e.status;
          d.changed = true;
          d.honour = finite(e.status['retryAtMs']) ? { retryAtMs: e.status['retryAtMs'], t: e.t } : null;
          onStatus(e.device, d, e);
          break;
        }
        default:
          break;
      }
    }
    if (last !== null && !found.full) endOfInstant(last);
    return found.list;
  },
});
