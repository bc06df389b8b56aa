/**
 * The per-cell judge: reads one cell run's trace and says what was OBSERVED (a short sentence built
 * from the trace) and whether it matches the cell's expected outcome and exposure note. It trusts
 * only the trace: writes, reads, messages, server effects, remote-action states and replicas.
 */
import type {
  LocalReadEvent,
  LocalWriteEvent,
  MergeEvent,
  MessageSendEvent,
  RemoteActionEvent,
  RestartEvent,
  RunEndEvent,
  ServerApplyEvent,
  TraceEvent,
} from '../../trace/events.ts';
import type { LocalListEvent } from '../../trace/journal-read-event.ts';
import { ACT_MS, OBSERVER, PRIOR_MS, SUBJECT } from '../../spec/cell-timeline.ts';
import type { MatrixCell } from '../../spec/matrix.ts';

export interface CellJudgement {
  /** What the trace shows, in one or two sentences. */
  observed: string;
  /** Why the cell does not match its expected outcome or exposure note (empty: it matches). */
  problems: string[];
}

const seconds = (us: number): string => `${(us / 1_000_000).toFixed(3)} s`;

/** The facts of one cell run, gathered in one pass. */
class CellTrace {
  readonly switchUs: number;
  readonly healUs: number;
  readonly writes: LocalWriteEvent[] = [];
  readonly reads: LocalReadEvent[] = [];
  /** The subject's reads of its whole journal (`list()`). */
  readonly lists: LocalListEvent[] = [];
  readonly sends: MessageSendEvent[] = [];
  readonly observerMerges: MergeEvent[] = [];
  readonly actions: RemoteActionEvent[] = [];
  readonly restarts: RestartEvent[] = [];
  readonly crashes: number;
  readonly applied = new Map<string, ServerApplyEvent>();
  readonly requestFails: number;
  readonly end: RunEndEvent | undefined;

  constructor(
    readonly trace: readonly TraceEvent[],
    readonly cell: MatrixCell,
  ) {
    let switchUs = 0;
    let healUs = Number.POSITIVE_INFINITY;
    let crashes = 0;
    let requestFails = 0;
    let end: RunEndEvent | undefined;
    for (const e of trace) {
      switch (e.kind) {
        case 'connectivity':
          if (e.device === SUBJECT && e.mode === cell.mode && e.t > 0 && switchUs === 0) switchUs = e.t;
          break;
        case 'phase':
          if (e.phase === 'heal') healUs = e.t;
          break;
        case 'local-write':
          if (e.device === SUBJECT) this.writes.push(e);
          break;
        case 'local-read':
          if (e.device === SUBJECT) this.reads.push(e);
          break;
        case 'local-list':
          if (e.device === SUBJECT) this.lists.push(e);
          break;
        case 'msg-send':
          if (e.from === SUBJECT) this.sends.push(e);
          break;
        case 'merge':
          if (e.device === OBSERVER && e.applied) this.observerMerges.push(e);
          break;
        case 'remote-action':
          if (e.device === SUBJECT) this.actions.push(e);
          break;
        case 'restart':
          if (e.device === SUBJECT) this.restarts.push(e);
          break;
        case 'crash':
          if (e.device === SUBJECT) crashes++;
          break;
        case 'request-fail':
          if (e.device === SUBJECT) requestFails++;
          break;
        case 'server-apply':
          if (e.type === 'push') for (const opId of [...e.appended, ...e.deduplicated]) if (!this.applied.has(opId)) this.applied.set(opId, e);
          break;
        case 'run-end':
          end = e;
          break;
      }
    }
    // An online cell never switches: its window opens when the capability could first be used.
    this.switchUs = cell.mode === 'online' ? 0 : switchUs;
    this.healUs = healUs;
    this.crashes = crashes;
    this.requestFails = requestFails;
    this.end = end;
  }

  inWindow(t: number): boolean {
    return t >= this.switchUs && t < this.healUs;
  }

  /** Writes made in the cell's mode (after the switch, before the heal). */
  get modeWrites(): LocalWriteEvent[] {
    return this.writes.filter((w) => this.inWindow(w.t) && w.t > PRIOR_MS * 1000);
  }

  get modeSends(): MessageSendEvent[] {
    return this.sends.filter((s) => this.inWindow(s.t) && this.cell.mode !== 'online');
  }

  /** The read the simulator does right after a write, in the same tick. */
  readBack(write: LocalWriteEvent): LocalReadEvent | undefined {
    return this.reads.find((r) => r.t === write.t && r.i > write.i && r.recordId === write.recordId);
  }

  observerSaw(opId: string): MergeEvent | undefined {
    return this.observerMerges.find((m) => m.opId === opId || m.version?.opId === opId);
  }

  finalHas(device: string, opId: string): boolean {
    return (this.end?.replicas[device] ?? []).some((v) => v.opId === opId);
  }

  /** Whether a write survived everywhere: the op itself, or a newer version of its record, is in every replica. */
  reachedEveryone(write: LocalWriteEvent): boolean {
    const opId = write.version?.opId;
    if (!opId || !this.end) return false;
    return Object.keys(this.end.replicas).every((d) => this.finalHas(d, opId));
  }
}

export function judgeCell(cell: MatrixCell, trace: readonly TraceEvent[]): CellJudgement {
  const facts = new CellTrace(trace, cell);
  const problems: string[] = [];
  const observed: string[] = [];
  if (!facts.end) return { observed: 'the run did not finish (no run-end event)', problems: ['the trace has no run-end event'] };
  if (cell.mode !== 'online' && facts.switchUs === 0) problems.push(`device ${SUBJECT} never switched to ${cell.mode}`);

  judgeExposure(facts, observed, problems);
  switch (cell.capability) {
    case 'create':
    case 'edit':
    case 'delete':
      judgeWrites(facts, observed, problems);
      break;
    case 'read':
      judgeRead(facts, observed, problems);
      break;
    case 'restart':
      judgeRestart(facts, observed, problems);
      judgeWrites(facts, observed, problems);
      break;
    case 'expired-token':
      judgeExpiredToken(facts, observed, problems);
      judgeWrites(facts, observed, problems);
      break;
    case 'backup':
    case 'admin':
      judgeRemoteAction(facts, observed, problems);
      break;
    case 'propagation':
      judgePropagation(facts, observed, problems);
      break;
  }
  return { observed: sentence(observed), problems };
}

function sentence(parts: string[]): string {
  const text = parts.join('; ');
  return text.length === 0 ? 'nothing observable happened' : `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Offline: nothing may leave the device. Every mode: the content checks run as checkers over the same trace. */
function judgeExposure(facts: CellTrace, observed: string[], problems: string[]): void {
  const { cell } = facts;
  if (cell.mode === 'offline') {
    const sent = facts.modeSends.length;
    observed.push(`${sent} request(s) sent while offline`);
    if (sent > 0) {
      const first = facts.modeSends[0]!;
      problems.push(`exposure: device ${SUBJECT} is offline and must transmit nothing, but sent ${sent} request(s) (first: ${first.type} ${first.requestId} at ${seconds(first.t)})`);
    }
  } else if (cell.mode === 'intermittent') {
    observed.push(`${facts.modeSends.length} request(s) attempted while intermittent, ${facts.requestFails} failed or timed out`);
  }
}

function judgeWrites(facts: CellTrace, observed: string[], problems: string[]): void {
  const writes = facts.modeWrites;
  const capability = facts.cell.capability;
  const wanted = capability === 'create' || capability === 'delete' ? capability : 'edit';
  if (!writes.some((w) => w.op === wanted)) {
    problems.push(`no ${wanted} by device ${SUBJECT} was recorded in ${facts.cell.mode} mode`);
  }
  const refused = writes.filter((w) => !w.ok);
  if (refused.length > 0) {
    problems.push(`local save blocked: device ${SUBJECT} refused ${refused.length} write(s) in ${facts.cell.mode} mode (first: ${refused[0]!.op} at ${seconds(refused[0]!.t)}: ${refused[0]!.error ?? 'no reason given'})`);
    observed.push(`${refused.length} of ${writes.length} local write(s) were refused`);
    return;
  }
  let readable = 0;
  for (const w of writes) {
    const back = facts.readBack(w);
    const expectGone = w.op === 'delete';
    const ok = back !== undefined && back.ok && (expectGone ? back.version === null : back.version?.opId === w.version?.opId);
    if (ok) readable++;
    else problems.push(`the ${w.op} at ${seconds(w.t)} was not ${expectGone ? 'gone' : 'readable'} on device ${SUBJECT} in the same tick`);
  }
  const ops = [...new Set(writes.map((w) => w.op))].join('/');
  observed.push(`${writes.length} ${ops} write(s) saved locally, ${readable} read back in the same tick`);
  const lost = writes.filter((w) => !facts.reachedEveryone(w));
  if (lost.length > 0) problems.push(`${lost.length} saved write(s) never reached every replica (first: ${lost[0]!.op} ${lost[0]!.version?.opId ?? '?'})`);
  const acked = writes.map((w) => facts.applied.get(w.version?.opId ?? '')).filter((a): a is ServerApplyEvent => a !== undefined);
  if (facts.cell.mode === 'offline') {
    const early = acked.filter((a) => a.t < facts.healUs);
    if (early.length > 0) problems.push(`a write made offline reached the server at ${seconds(early[0]!.t)}, before the network returned`);
    if (acked.length === writes.length && writes.length > 0) observed.push(`queued until the network returned, on the server by ${seconds(Math.max(...acked.map((a) => a.t)))}`);
  } else if (acked.length > 0) {
    observed.push(`on the server by ${seconds(Math.max(...acked.map((a) => a.t)))}`);
  }
  if (lost.length === 0 && writes.length > 0) observed.push('nothing lost');
}

function judgeRead(facts: CellTrace, observed: string[], problems: string[]): void {
  const prior = facts.writes.find((w) => w.op === 'create' && w.ok);
  const reads = facts.reads.filter((r) => facts.inWindow(r.t) && r.t >= ACT_MS * 1000 && !facts.writes.some((w) => w.t === r.t));
  if (reads.length === 0) {
    problems.push(`device ${SUBJECT} made no read in ${facts.cell.mode} mode`);
    return;
  }
  const good = reads.filter((r) => r.ok && r.version !== null && r.version.opId === prior?.version?.opId);
  observed.push(`${good.length} of ${reads.length} read(s) returned the saved entry from the local copy`);
  if (good.length < reads.length) problems.push(`${reads.length - good.length} read(s) in ${facts.cell.mode} mode did not return the saved entry`);
  // The journal itself (the row's name: "Read local journal"): the saved entry is listed, as saved.
  const lists = facts.lists.filter((l) => facts.inWindow(l.t) && l.t >= ACT_MS * 1000);
  const listing = lists.filter((l) => l.listed.some((entry) => entry.opId === prior?.version?.opId && entry.deleted !== true));
  observed.push(`${listing.length} of ${lists.length} journal read(s) listed it`);
  if (lists.length === 0) problems.push(`device ${SUBJECT} made no journal read in ${facts.cell.mode} mode`);
  else if (listing.length < lists.length) problems.push(`${lists.length - listing.length} journal read(s) in ${facts.cell.mode} mode did not list the saved entry`);
}

function judgeRestart(facts: CellTrace, observed: string[], problems: string[]): void {
  const edit = facts.modeWrites.find((w) => w.op === 'edit' && w.ok);
  const restart = facts.restarts[0];
  if (facts.crashes === 0 || !restart) {
    problems.push(`device ${SUBJECT} did not crash and restart`);
    return;
  }
  if (!edit?.version) {
    problems.push('no edit was saved before the crash, so there was nothing to keep across the restart');
    observed.push(`restarted at ${seconds(restart.t)}; no edit had been saved before the crash`);
    return;
  }
  const intact = restart.versions.some((v) => v.opId === edit.version!.opId);
  if (!intact) problems.push(`after the restart at ${seconds(restart.t)} the edit saved before the crash was missing`);
  const readAfter = facts.reads.find((r) => r.t > restart.t && r.recordId === edit.recordId);
  if (!readAfter || !readAfter.ok || readAfter.version?.opId !== edit.version.opId) problems.push('the first read after the restart did not return the edit');
  const unacked = (facts.applied.get(edit.version.opId)?.t ?? Number.POSITIVE_INFINITY) > restart.t;
  if (facts.cell.mode === 'offline' && unacked && restart.pendingOps < 1) problems.push(`the restarted device discloses 0 pending ops though the offline edit was never sent`);
  observed.push(`restarted at ${seconds(restart.t)} with ${restart.versions.length} record(s) and ${restart.pendingOps} pending op(s); the edit ${intact ? 'was intact' : 'was LOST'}`);
}

function judgeExpiredToken(facts: CellTrace, observed: string[], problems: string[]): void {
  const expired = facts.trace.find((e) => e.kind === 'token' && e.device === SUBJECT && e.state === 'expired');
  if (!expired) {
    problems.push(`the token of device ${SUBJECT} never expired`);
    return;
  }
  const reads = facts.reads.filter((r) => r.t > expired.t && r.t < facts.healUs);
  const badReads = reads.filter((r) => !r.ok || r.version === null);
  observed.push(`with the token expired at ${seconds(expired.t)}, ${reads.length - badReads.length} of ${reads.length} read(s) of cached data worked`);
  if (reads.length === 0 || badReads.length > 0) problems.push('cached data was not readable with an expired token');
}

function judgeRemoteAction(facts: CellTrace, observed: string[], problems: string[]): void {
  const { cell } = facts;
  const requested = facts.actions.find((a) => a.state === 'requested');
  if (!requested) {
    problems.push(`device ${SUBJECT} never requested the ${cell.capability}`);
    return;
  }
  const states = facts.actions.filter((a) => a.actionId === requested.actionId);
  const done = states.find((a) => a.state === 'done');
  const failed = states.find((a) => a.state === 'failed');
  const attempts = states.filter((a) => a.state === 'in-flight').length;
  const type = cell.capability === 'backup' ? 'backup' : 'admin';
  const sent = facts.sends.filter((s) => s.type === type);
  const outcome = done ? `done at ${seconds(done.t)}` : failed ? `disclosed as failed at ${seconds(failed.t)}` : `still ${states[states.length - 1]!.state} at the end`;
  observed.push(`${requested.action} requested at ${seconds(requested.t)}, ${attempts} attempt(s), ${outcome}`);
  switch (cell.expected) {
    case 'available':
      if (!done || done.t >= facts.healUs) problems.push(`expected the ${requested.action} to complete while online, but it was ${outcome}`);
      break;
    case 'unavailable-until-network': {
      const early = sent.filter((s) => s.t < facts.healUs && s.t >= facts.switchUs);
      if (early.length > 0) problems.push(`expected no ${type} request until the network returned, saw one at ${seconds(early[0]!.t)}`);
      if (done && done.t < facts.healUs) problems.push(`expected the ${requested.action} to wait for the network, but it completed offline at ${seconds(done.t)}`);
      if (!done) problems.push(`expected the ${requested.action} to complete after the network returned, but it was ${outcome}`);
      else observed.push('it waited for the network');
      break;
    }
    case 'pending-or-retry':
      if (failed) problems.push(`the ${requested.action} may stay pending or retry, but it was given up as failed at ${seconds(failed.t)}`);
      if (!done) problems.push(`the ${requested.action} never completed once connectivity was stable (${outcome})`);
      break;
    case 'fail-or-retry':
      if (!done && !failed) problems.push(`the ${requested.action} neither completed nor was disclosed as failed (${outcome})`);
      break;
    case 'deferred-until-stable':
      problems.push(`no judge for ${cell.expected} on ${cell.capability}`);
      break;
  }
}

function judgePropagation(facts: CellTrace, observed: string[], problems: string[]): void {
  const edit = facts.modeWrites.find((w) => w.op === 'edit');
  if (!edit?.ok || !edit.version) {
    problems.push(`device ${SUBJECT} did not save the edit to propagate${edit?.error ? ` (${edit.error})` : ''}`);
    return;
  }
  const opId = edit.version.opId;
  const onServer = facts.applied.get(opId);
  const seen = facts.observerSaw(opId);
  if (!seen) {
    problems.push(`device ${OBSERVER} never received the edit ${opId}`);
    observed.push(`device ${OBSERVER} never saw the edit`);
    return;
  }
  observed.push(`device ${OBSERVER} saw the edit at ${seconds(seen.t)}, ${onServer ? `after the sync reached the server at ${seconds(onServer.t)}` : 'though it never reached the server'}`);
  if (!onServer || seen.t < onServer.t) problems.push(`device ${OBSERVER} saw the edit before a sync of it succeeded`);
  switch (facts.cell.expected) {
    case 'available':
      if (seen.t >= facts.healUs) problems.push(`online, the edit should reach device ${OBSERVER} during the run, but it arrived only after the heal at ${seconds(seen.t)}`);
      break;
    case 'unavailable-until-network':
      if (seen.t < facts.healUs) problems.push(`device ${OBSERVER} saw an offline edit at ${seconds(seen.t)}, before the network returned`);
      break;
    case 'deferred-until-stable':
      break;
    default:
      problems.push(`no judge for ${facts.cell.expected} on propagation`);
  }
}
