/**
 * Everything the views draw, derived once from a loaded trace, plus the playhead helpers (time <->
 * event index) and a one-line description of any event.
 */
import type { TraceEvent, Violation } from '../../../src/trace/events.ts';
import type { Arrows } from './arrows.ts';
import { deriveConflicts, type ConflictCard } from './conflicts.ts';
import { deriveDivergence, type Divergence } from './divergence.ts';
import { deriveLanes, type Lanes } from './lanes.ts';
import { deriveFutureStamps, deriveSkips, type FutureStampMark, type SkipMark } from './notices.ts';
import type { StepPoint } from './outbox.ts';
import type { LoadedTrace } from '../../../src/trace/parse.ts';
import { ReplicaReplay } from './replica.ts';
import { deriveMarks, type LaneMark } from './marks.ts';
import { TraceColumns } from './columns.ts';
import { toColumns } from '../../../src/trace/columnar.ts';

export interface VizModel {
  source: string;
  /** How many events (read this, not events.length: `events` builds every event object). */
  n: number;
  /** Every event as an object: built and checked on first read (a big trace draws before that). */
  events: readonly TraceEvent[];
  /** Event k, without building the others. */
  eventAt: (k: number) => TraceEvent;
  /** The trace as columns (what the first screen is derived from). */
  columns: TraceColumns;
  violations: readonly Violation[];
  times: Float64Array;
  lanes: Lanes;
  arrows: Arrows;
  outbox: Map<string, StepPoint[]>;
  /** Derived on first read: a big trace draws its first frame before paying for it. */
  divergence: Divergence;
  /** What the run-end event says (the header shows it before divergence is derived). */
  end: { converged: boolean; convergedAt: number | null };
  conflicts: ConflictCard[];
  /** Schedule events that could not take effect and lifecycle events refused, in trace order. */
  skips: SkipMark[];
  /** Writes stamped further ahead of true time than the run's bound (future-stamp hazard). */
  futureStamps: FutureStampMark[];
  replay: ReplicaReplay;
  meta: { seed: number | null; stampMode: string | null; reconciler: string | null };
  /** Token, refused, client-timeout, remote-action and targeted marks on the device lanes. */
  marks: LaneMark[];
  /** The checkers' verdict embedded with the trace (null: no checker ran on it). */
  verdict: NonNullable<LoadedTrace['verdict']> | null;
  /** The trace ends with run-end (false: cut short). */
  complete: boolean;
  /** Record id → the schedule's name for it (`ref` of its create, with the traceRefs option). */
  refs: Map<string, string>;
}

/** The model of parsed events (a file picked or dropped, a test): the events are turned into columns first. */
export function buildModel(loaded: LoadedTrace): VizModel {
  return buildModelFromColumns(new TraceColumns(toColumns(loaded.events), loaded.source, loaded.events), loaded);
}

/**
 * The model of a columnar trace. What the first screen draws (lanes, arrows, writes, outbox, marks,
 * notices) is derived from columns and the few rare events; the rest (events, divergence, conflicts,
 * replica replay) on first read.
 */
export function buildModelFromColumns(columns: TraceColumns, loaded: Pick<LoadedTrace, 'violations' | 'verdict'>): VizModel {
  const n = columns.n;
  const times = columns.cols.t;
  const rare = columns.rareEvents();
  const devices = columns.deviceIds();
  const { writes, refs } = columns.writes();
  const lanes = deriveLanes(rare, { devices, start: times[0] ?? 0, end: times[n - 1] ?? 0, writes });
  const first = n > 0 ? columns.eventAt(0) : undefined;
  const last = n > 0 ? columns.eventAt(n - 1) : undefined;
  const marks = [...deriveMarks(rare), ...columns.refusedMarks()].sort((a, b) => a.i - b.i);
  // Future stamps need each write's stamp: read only when the run says where its clocks started.
  const epoch = first?.kind === 'run-start' && Number.isFinite(Number((first.options as Record<string, unknown> | undefined)?.['clockEpochMs']));
  const futureStamps = epoch ? deriveFutureStamps([first, ...Array.from(columns.positions('local-write'), (k) => columns.eventAt(k))]) : [];
  let conflicts: ConflictCard[] | null = null;
  let divergence: Divergence | null = null;
  let replay: ReplicaReplay | null = null;
  return {
    source: columns.source,
    n,
    get events() {
      return columns.events;
    },
    eventAt: (k) => columns.eventAt(k),
    columns,
    violations: [...loaded.violations].sort((a, b) => a.eventIndex - b.eventIndex),
    times,
    lanes,
    arrows: columns.arrows(),
    outbox: columns.outbox(devices),
    get divergence() {
      return (divergence ??= deriveDivergence(columns.events, devices));
    },
    end: last?.kind === 'run-end' ? { converged: last.converged, convergedAt: last.convergedAt } : { converged: false, convergedAt: null },
    // Only the side panel needs these; derived on first use, after the timeline is on screen.
    get conflicts() {
      return (conflicts ??= deriveConflicts(columns.events));
    },
    skips: deriveSkips(rare),
    futureStamps,
    get replay() {
      return (replay ??= new ReplicaReplay(columns.events, devices));
    },
    marks,
    verdict: loaded.verdict ?? null,
    complete: last?.kind === 'run-end',
    refs,
    meta: first?.kind === 'run-start' ? { seed: first.seed, stampMode: first.stampMode, reconciler: String(first.reconciler) } : { seed: null, stampMode: null, reconciler: null },
  };
}

/** The last event at or before t (-1 when t is before the first event). */
export function eventIndexAt(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The position of the event whose `i` is given (events are normally at their own index). */
export function positionOfEventIndex(events: readonly TraceEvent[], i: number): number {
  if (events[i]?.i === i) return i;
  return events.findIndex((e) => e.i === i);
}

export function formatTime(us: number): string {
  const ms = us / 1000;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(ms % 1 === 0 ? 0 : 1)} ms`;
  const s = ms / 1000;
  if (Math.abs(s) < 120) return `${s.toFixed(3)} s`;
  return `${Math.floor(s / 60)} min ${(s % 60).toFixed(1)} s`;
}

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/** A one-line, plain-text account of an event (rendered with textContent, never as HTML). */
export function describeEvent(e: TraceEvent): string {
  switch (e.kind) {
    case 'run-start': return `run start: seed ${e.seed}, devices ${e.devices.join(', ')}, ${e.stampMode} stamps`;
    case 'phase': return `phase: ${e.phase}`;
    case 'connectivity': return `${e.device} goes ${e.mode}`;
    case 'local-write': return `${e.device} ${e.op}s ${e.recordId}${e.ok ? (e.version ? ` → ${clip(visible(e.version))} @ ${e.version.stamp}` : '') : ` FAILED: ${clip(String(e.error ?? ''))}`}`;
    case 'local-read': return `${e.device} reads ${e.recordId}: ${e.version ? clip(visible(e.version)) : 'nothing'}`;
    case 'local-list': return `${e.device} reads its journal: ${e.listed.length} entr${e.listed.length === 1 ? 'y' : 'ies'}`;
    case 'msg-send': return `${e.msgId} ${e.type} ${e.from} → ${e.to} (${e.bytes} B)`;
    case 'msg-deliver': return `${e.msgId} delivered to ${e.to}`;
    case 'msg-drop': return `${e.msgId} dropped (${e.reason})`;
    case 'msg-duplicate': return `${e.msgId} duplicated as ${e.copyId}`;
    case 'request-fail': return `${e.device}: request ${e.requestId} failed (${e.reason})`;
    case 'merge': return `${e.device} merges ${e.recordId}${e.applied ? '' : ' (no change)'}${e.version ? ` → ${clip(visible(e.version))} @ ${e.version.stamp}` : ''}`;
    case 'conflict': return `${e.device}: conflict on ${e.recordId}, ${e.rule}: ${e.winner} beats ${e.loser} (${e.outcome})`;
    case 'outbox': return `${e.device} outbox depth ${e.depth}`;
    case 'status': return `${e.device} status ${clip(JSON.stringify(e.status))}`;
    case 'crash': return `${e.device} CRASHES (${e.point})`;
    case 'restart': return `${e.device} restarts with ${e.versions.length} records, ${e.pendingOps} pending ops`;
    case 'clock': return `${e.device} clock offset ${e.offsetMs} ms${e.jump ? ' (jump)' : ''}`;
    case 'token': return `${e.device} token ${e.state}`;
    case 'server': return `server ${e.state}`;
    case 'partition': return e.groups.length ? `partition: ${e.groups.map((g) => g.join('+')).join(' | ')}` : 'partition healed';
    case 'server-apply': return `server applies ${e.type} ${e.requestId} from ${e.device}: +${e.appended?.length ?? 0} ops, ${e.deduplicated?.length ?? 0} deduplicated${e.error ? `, error ${e.error}` : ''}`;
    case 'remote-action': return `${e.device} ${e.action} ${e.state}`;
    case 'engine-error': return `${e.device}: ENGINE ERROR in ${e.call}: ${clip(e.message)}`;
    case 'schedule-skip': return `${e.device}: SKIPPED ${e.action}${e.ref === undefined ? '' : ` ${e.ref}`} (scheduled at ${e.atMs} ms): ${clip(e.reason)}`;
    case 'lifecycle-reject': return `${e.device}: the ${e.machine} model refused ${e.event} in state ${e.state}`;
    case 'answer-damage': return `${e.msgId} to ${e.device}: op ${e.opId} (seq ${e.seq}) damaged in transit (${e.damage})`;
    case 'run-end': return `run end: ${e.converged ? `converged at ${formatTime(e.convergedAt ?? 0)}` : 'NOT converged'}`;
    default: return clip(JSON.stringify(e));
  }
}

function visible(v: { deleted: boolean; fields: unknown }): string {
  return v.deleted ? '(deleted)' : JSON.stringify(v.fields);
}
