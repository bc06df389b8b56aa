/**
 * sync-state-disclosure (NORM-021): what each device tells its user about sync — pending count, last
 * successful sync, last error, connectivity — checked against what really happened, at every status
 * event and at the end of every instant in which reality changed without a new disclosure.
 *
 * Reality is rebuilt from the trace alone, never from status(): the ops the user saved, the ops the
 * server stored, the acknowledgements the device actually received for requests it was still waiting
 * on (the transport's view: a request is awaited from its send until its answer, its timeout, a crash
 * or the link going away), the connectivity in force, and the outcome of the last request.
 */
import type { MessageSendEvent, Mode, TraceEvent, Violation } from '../../trace/events.ts';
import { Findings } from '../_internals/facts.ts';
import { SYNC_ERROR_CODES } from '../../core/wire.ts';
import type { Checker } from '../_internals/facts.ts';

export const DISCLOSURE_CHECKER_ID = 'sync-state-disclosure';

/**
 * Slack for comparing a disclosed device-clock time with the one rebuilt from clock samples: the ms
 * floor, plus drift since the last sample. With two samples the drift rate is measured (a little slack
 * for rounding); with one, the run's drift bound (`driftPpmMax`) applies.
 */
const CLOCK_SLACK_MS = 3;

/** The codes a disclosed error may carry: the protocol's refusal codes, and `transport` for a request that got no answer. */
const DISCLOSED_ERROR_CODES: readonly unknown[] = [...SYNC_ERROR_CODES, 'transport'];
const MEASURED_RATE_SLACK_PPM = 200;

interface ClockSample {
  t: number;
  offsetMs: number;
  jump: boolean;
  /** A coarse clock's step (1 when the trace gives none): each sample and reading is up to a step low. */
  stepMs: number;
}

type Outcome = { kind: 'ok'; t: number } | { kind: 'fail'; t: number; what: string; code: string };

interface DeviceReality {
  mode: Mode;
  alive: boolean;
  committed: Set<string>;
  onServer: Set<string>;
  acked: Set<string>;
  /** requestId -> send time (µs), for requests the transport still waits on. */
  awaited: Map<string, number>;
  samples: ClockSample[];
  /** Since this process started (restart resets volatile disclosure). */
  lastSuccessUs: number | null;
  lastSuccessEverUs: number | null;
  /** The device clock at the last success, rebuilt from the clock samples before it. */
  lastSuccessClock: { ms: number; slack: number } | null;
  /** The highest reading the device clock reached before any of its jumps so far (with slack); -Infinity before a jump. */
  peakBeforeJumpMs: number;
  /** peakBeforeJumpMs at the last success: an error time up to it may come from before that success (the clock went back since). */
  peakAtSuccessMs: number;
  lastOutcome: Outcome | null;
  lastTokenRenewUs: number;
  disclosed: Record<string, unknown> | null;
  /** Reality changed since the last check. */
  dirty: boolean;
}

export interface DisclosureInput {
  trace: readonly TraceEvent[];
}

/** A device seen for the first time: online, alive, nothing saved, nothing disclosed. */
function newDevice(): DeviceReality {
  return {
    mode: 'online',
    alive: true,
    committed: new Set(),
    onServer: new Set(),
    acked: new Set(),
    awaited: new Map(),
    samples: [],
    lastSuccessUs: null,
    lastSuccessEverUs: null,
    lastSuccessClock: null,
    peakBeforeJumpMs: Number.NEGATIVE_INFINITY,
    peakAtSuccessMs: Number.NEGATIVE_INFINITY,
    lastOutcome: null,
    lastTokenRenewUs: -1,
    disclosed: null,
    dirty: false,
  };
}

/**
 * The disclosure check as a fold over the trace: `observe` each event in order, then `judge`. A
 * device's disclosure is compared with reality at each of its status events and, for every device
 * whose reality changed, once more at the end of each instant (after the last event of a time t).
 */
export class DisclosureJudge {
  private readonly found = new Findings(DISCLOSURE_CHECKER_ID);
  private readonly devices = new Map<string, DeviceReality>();
  private readonly responses = new Map<string, MessageSendEvent>();
  private readonly copies = new Map<string, string>();
  private epochMs = 0;
  private driftBoundPpm = 0;
  /** The last event observed: its instant is closed when an event of a later time arrives, or at judge(). */
  private last: TraceEvent | null = null;

  observe(e: TraceEvent): void {
    if (this.last !== null && this.last.t !== e.t) this.endInstant(this.last);
    this.last = e;
    switch (e.kind) {
      case 'run-start': {
        const epoch = e.options['clockEpochMs'];
        this.epochMs = typeof epoch === 'number' ? epoch : 0;
        const drift = e.options['driftPpmMax'];
        this.driftBoundPpm = typeof drift === 'number' ? drift : 0;
        for (const id of e.devices) this.device(id);
        break;
      }
      case 'clock': {
        const d = this.device(e.device);
        if (e.jump && d.samples.length > 0) {
          const before = this.deviceMsAt(d, e.t);
          d.peakBeforeJumpMs = Math.max(d.peakBeforeJumpMs, before.ms + before.slack);
        }
        d.samples.push({ t: e.t, offsetMs: e.offsetMs, jump: e.jump, stepMs: e.stepMs ?? 1 });
        break;
      }
      case 'connectivity': {
        const d = this.device(e.device);
        d.mode = e.mode;
        if (e.mode === 'offline' && d.awaited.size > 0) d.lastOutcome = { kind: 'fail', t: e.t, what: 'the link went away with a request in flight', code: 'transport' };
        if (e.mode === 'offline') d.awaited.clear();
        d.dirty = true;
        break;
      }
      case 'local-write':
        if (e.ok && e.version) {
          this.device(e.device).committed.add(e.version.opId);
          this.device(e.device).dirty = true;
        }
        break;
      case 'server-apply':
        if (e.type === 'push') for (const opId of [...e.appended, ...e.deduplicated]) this.device(e.device).onServer.add(opId);
        break;
      case 'msg-send':
        if (e.from === 'server') this.responses.set(e.msgId, e);
        else this.device(e.from).awaited.set(e.requestId, e.t);
        break;
      case 'msg-duplicate':
        this.copies.set(e.copyId, e.msgId);
        break;
      case 'answer-damage':
        this.damagedCopies.set(e.msgId, e.opId);
        break;
      case 'msg-deliver':
        if (e.to !== 'server') this.answered(e.to, this.responses.get(this.copies.get(e.msgId) ?? e.msgId), e.t, this.damagedCopies.get(e.msgId));
        break;
      case 'request-fail': {
        const d = this.device(e.device);
        d.awaited.delete(e.requestId);
        d.lastOutcome = { kind: 'fail', t: e.t, what: `request ${e.requestId} failed (${e.reason})`, code: 'transport' };
        d.dirty = true;
        break;
      }
      case 'token': {
        const d = this.device(e.device);
        if (e.state === 'renewed') {
          d.lastTokenRenewUs = e.t;
          // Re-authentication answers a token refusal: it is no longer the error to show.
          if (d.lastOutcome?.kind === 'fail' && d.lastOutcome.code === 'token-expired') d.lastOutcome = null;
          d.dirty = true;
        }
        break;
      }
      case 'crash': {
        const d = this.device(e.device);
        d.alive = false;
        d.awaited.clear();
        break;
      }
      case 'restart': {
        const d = this.device(e.device);
        d.alive = true;
        d.lastSuccessUs = null;
        d.lastOutcome = null;
        d.dirty = true;
        break;
      }
      case 'status': {
        const d = this.device(e.device);
        d.disclosed = e.status;
        this.check(e.device, d, e);
        break;
      }
      default:
        break;
    }
  }

  /** Closes the last instant and returns the violations (at most MAX_VIOLATIONS_PER_CHECKER). */
  judge(): Violation[] {
    if (this.last !== null) this.endInstant(this.last);
    this.last = null;
    return this.found.list;
  }

  private device(id: string): DeviceReality {
    let d = this.devices.get(id);
    if (!d) {
      d = newDevice();
      this.devices.set(id, d);
    }
    return d;
  }

  /** Every device whose reality changed during the instant is checked at the instant's last event. */
  private endInstant(at: TraceEvent): void {
    for (const [id, d] of this.devices) if (d.dirty) this.check(id, d, at);
  }

  /** Answer copies that reached their device with an op damaged in transit (answer-damage): copy id -> the op. */
  private readonly damagedCopies = new Map<string, string>();

  /**
   * A server response reached device `to` at t: only an answer to a request it still awaits counts.
   * One carrying an op damaged in transit (`damagedOp`) is a failed pull, whatever the server said:
   * the device could not take what it asked for, so it must not disclose a success.
   */
  private answered(to: string, response: MessageSendEvent | undefined, t: number, damagedOp?: string): void {
    const d = this.device(to);
    if (!response) return;
    const sentAt = d.awaited.get(response.requestId);
    if (sentAt === undefined) return;
    d.awaited.delete(response.requestId);
    const payload = response.payload as Record<string, unknown>;
    d.dirty = true;
    if (damagedOp !== undefined && payload['ok'] === true) {
      d.lastOutcome = { kind: 'fail', t, what: `pull answer with op ${damagedOp} damaged in transit`, code: 'damaged-answer' };
      return;
    }
    if (payload['ok'] === true) {
      if (payload['type'] === 'push' && Array.isArray(payload['acked'])) for (const opId of payload['acked']) d.acked.add(String(opId));
      d.lastSuccessUs = t;
      d.lastSuccessEverUs = t;
      d.lastSuccessClock = this.deviceMsAt(d, t);
      d.peakAtSuccessMs = d.peakBeforeJumpMs;
      d.lastOutcome = { kind: 'ok', t };
      return;
    }
    const code = String(payload['error']);
    // A token refused after it was renewed is retried at once with the new one: the retry, not an
    // error, is the news, so neither showing nor clearing an earlier error is wrong here.
    if (code === 'token-expired' && d.lastTokenRenewUs >= sentAt) {
      d.lastOutcome = null;
      return;
    }
    d.lastOutcome = { kind: 'fail', t, what: `${String(payload['type'])} refused: ${code}`, code };
  }

  /** The device clock at true time t, rebuilt from the clock samples, with the slack it deserves. */
  private deviceMsAt(d: DeviceReality, t: number): { ms: number; slack: number } {
    const last = d.samples[d.samples.length - 1];
    if (!last) return { ms: this.epochMs + t / 1000, slack: Number.POSITIVE_INFINITY };
    const before = d.samples[d.samples.length - 2];
    // A coarse clock's samples are each up to a step low, so no rate is measured from them, and the
    // reading may sit a step either side of the one rebuilt from the last sample.
    const stepMs = last.stepMs;
    const measured = before !== undefined && !last.jump && last.t > before.t && stepMs === 1;
    const rate = measured ? (last.offsetMs - before.offsetMs) / ((last.t - before.t) / 1000) : 0;
    const elapsedMs = (t - last.t) / 1000;
    const slackPpm = measured ? MEASURED_RATE_SLACK_PPM : this.driftBoundPpm + MEASURED_RATE_SLACK_PPM;
    return { ms: this.epochMs + t / 1000 + last.offsetMs + rate * elapsedMs, slack: CLOCK_SLACK_MS + (stepMs > 1 ? stepMs : 0) + (slackPpm / 1_000_000) * elapsedMs };
  }

  private check(id: string, d: DeviceReality, at: { i: number; t: number }): void {
    d.dirty = false;
    const s = d.disclosed;
    if (!d.alive || s === null || this.found.full) return;
    const where = `device ${id} at ${(at.t / 1_000_000).toFixed(3)} s`;
    const add = (message: string) => this.found.add(`${where} ${message}`, at, [id], []);
    // Connectivity.
    if (s['connectivity'] !== d.mode) add(`discloses connectivity ${JSON.stringify(s['connectivity'])}, but the mode in force is ${d.mode}`);
    // Pending count: at least what the server does not hold yet, at most what was not acknowledged to the device.
    const pending = s['pendingOps'];
    let notOnServer = 0;
    let notAcked = 0;
    for (const opId of d.committed) {
      if (!d.onServer.has(opId)) notOnServer++;
      if (!d.acked.has(opId)) notAcked++;
    }
    if (typeof pending !== 'number') add(`does not disclose a pending count (pendingOps is ${JSON.stringify(pending)})`);
    else if (pending < notOnServer) add(`discloses ${pending} pending op(s), but ${notOnServer} saved op(s) are not on the server yet`);
    else if (pending > notAcked) add(`discloses ${pending} pending op(s), but only ${notAcked} saved op(s) were never acknowledged`);
    // Last successful sync, a device-clock time.
    const claimed = s['lastSyncOkAtMs'];
    const realUs = d.lastSuccessUs ?? d.lastSuccessEverUs;
    const realClock = d.lastSuccessClock;
    if (claimed !== null && typeof claimed !== 'number') {
      add(`discloses lastSyncOkAtMs ${JSON.stringify(claimed)}; expected a device-clock time in ms or null`);
    } else if (d.lastSuccessUs !== null && claimed === null) {
      add(`discloses no successful sync, but one succeeded at ${(d.lastSuccessUs / 1_000_000).toFixed(3)} s`);
    } else if (typeof claimed === 'number') {
      if (realUs === null || realClock === null) {
        add(`discloses a successful sync at device time ${claimed}, but no sync of this device has succeeded`);
      } else if (Math.abs(claimed - realClock.ms) > realClock.slack) {
        add(`discloses its last successful sync at device time ${claimed}, but the last one really succeeded at ${Math.round(realClock.ms)} (true ${(realUs / 1_000_000).toFixed(3)} s)`);
      }
    }
    // Last error: a failure after the last success must be disclosed; an error disclosed after a success must not postdate it.
    const error = s['lastError'];
    const outcome = d.lastOutcome;
    // A disclosed error says what went wrong, as the port's status has it: a code the user can act on
    // (one of the protocol's refusal codes, or `transport`), a message and when it happened.
    const malformed = error !== null && typeof error === 'object' ? malformedError(error as Record<string, unknown>) : null;
    if (malformed !== null) add(`discloses lastError ${JSON.stringify(error)}: ${malformed}`);
    if (outcome?.kind === 'fail' && (error === null || typeof error !== 'object')) {
      add(`discloses no error, but its last request failed (${outcome.what} at ${(outcome.t / 1_000_000).toFixed(3)} s)`);
    } else if (outcome?.kind === 'ok' && error !== null && typeof error === 'object') {
      const errorAt = (error as Record<string, unknown>)['atMs'];
      // After a backward jump a failure before the success can carry a later device time: only a time the clock never read before the success postdates it.
      if (typeof claimed === 'number' && typeof errorAt === 'number' && errorAt > claimed && errorAt > d.peakAtSuccessMs) {
        add(`discloses an error at device time ${errorAt}, after its last successful sync (${claimed}), but no request failed since`);
      }
    }
  }
}

/** What is wrong with a disclosed error object, or null when it has a known code, a message and a time. */
function malformedError(error: Record<string, unknown>): string | null {
  const wrong: string[] = [];
  if (!DISCLOSED_ERROR_CODES.includes(error['code'])) wrong.push(`expected code one of ${DISCLOSED_ERROR_CODES.join(', ')}`);
  if (typeof error['message'] !== 'string' || error['message'].trim() === '') wrong.push('expected a message saying what went wrong');
  if (typeof error['atMs'] !== 'number' || !Number.isFinite(error['atMs'])) wrong.push('expected atMs, the device-clock ms it happened');
  return wrong.length > 0 ? wrong.join('; ') : null;
}

/** Checks every device's disclosed sync state against reality; violations name the field and both values. */
export function checkDisclosure({ trace }: DisclosureInput): Violation[] {
  const judge = new DisclosureJudge();
  for (const e of trace) judge.observe(e);
  return judge.judge();
}

/** The disclosure check in the checker shape, for tables and for running it beside the others. */
export const syncStateDisclosure: Checker<typeof DISCLOSURE_CHECKER_ID> = {
  id: DISCLOSURE_CHECKER_ID,
  title: 'Sync-state disclosure (NORM-021)',
  property: 'the pending count, last successful sync, last error and connectivity a device discloses match what really happened, and a disclosed error has a known code, a message and a time',
  check: ({ trace }) => checkDisclosure({ trace }),
};
