/**
 * The trace format: the contract between the simulator, the checkers, the reports and the visualizer.
 *
 * One event per line in canonical JSON. `t` is virtual time in integer microseconds since the start
 * of the run; `i` is the event's index in the trace. Stamps are encoded strings (`encodeStamp`).
 * The run's fingerprint is `traceHash`: `v2:` + sha256 of a compact encoding of the events
 * (src/core/trace-hash.ts), a pure function of their JSON values, so a trace read back from JSONL
 * hashes the same. (v1, in files written before it, was the sha256 of the canonical lines.)
 *
 * This file has types only (and no imports beyond type-only ones), so the visualizer can import it
 * without pulling in the simulator.
 */
import type { ConnectivityMode } from '../core/connectivity-mode.ts';
import type { DamagedApplyEvent, RequestDamageEvent } from './damage-events.ts';
export type { DamagedApplyEvent, RequestDamageEvent } from './damage-events.ts';
export type Mode = ConnectivityMode;
export type { Phase } from './phase-event.ts';
/** The state at the quiet point a `deletion` phase marker carries (phase-event.ts). */
export type QuietState = Pick<RunEndEvent, 'replicas' | 'serverLog' | 'converged' | 'convergedAt'>;
export type PhaseEvent = import('./phase-event.ts').PhaseEventOf<QuietState>;
export type EncodedStampText = string;
export type JsonFields = Record<string, string | number | boolean | null | string[]>;
/** A record version as it appears in the trace. */
export interface TraceVersion {
  id: string;
  stamp: EncodedStampText;
  deleted: boolean;
  fields: JsonFields;
  opId: string;
}

interface Base {
  i: number;
  t: number;
}

export interface RunStartEvent extends Base {
  kind: 'run-start';
  seed: number;
  devices: string[];
  stampMode: 'hlc' | 'wall';
  reconciler: string;
  /** The resolved simulation options (all fault knobs). */
  options: Record<string, unknown>;
  /**
   * Present when the engine brought its own server and protocol (ReconcilerModule.server): its name,
   * the documented metadata field paths of its requests (exposure E2), whether messages carry a
   * declared kind (`msg-send.type`) and whether run-end's `serverLog` comes from the server's
   * `storedVersions()`. Absent: sync-lab's own protocol (core/wire.ts) and the built-in server.
   */
  protocol?: ProtocolFacts;
}

/** What the trace records of a foreign protocol (run-start.protocol). */
export interface ProtocolFacts {
  name: string;
  metadata: string[];
  kinds: boolean;
  storedVersions: boolean;
}

export interface ConnectivityEvent extends Base {
  kind: 'connectivity';
  device: string;
  mode: Mode;
}

/** A user write. `ok: false` means the reconciler refused or threw: the user was blocked. */
export interface LocalWriteEvent extends Base {
  kind: 'local-write';
  device: string;
  op: 'create' | 'edit' | 'delete';
  recordId: string;
  ok: boolean;
  /** Present when ok: the version the reconciler returned (the user was told this is saved). */
  version?: TraceVersion;
  error?: string;
  /** Device-clock reading passed to the reconciler (ms). */
  wallMs: number;
  /**
   * Causality: the op id of the version the writing device showed for this record when the user
   * wrote (the version being edited), or null for a create. Absent in traces recorded before it
   * existed; checkers then treat every replacement as concurrent.
   */
  base?: string | null;
  /** The schedule's name for the record (creates only, with the `traceRefs` option): shown instead of the id. */
  ref?: string;
}

/** A user read, done by the simulator right after every write (commit-immediate) and by the workload. */
export interface LocalReadEvent extends Base {
  kind: 'local-read';
  device: string;
  recordId: string;
  /** The visible version, or null when missing/deleted. */
  version: TraceVersion | null;
  ok: boolean;
  error?: string;
}

/** A message put on the wire. `payload` is exactly what was transmitted (for exposure checks). */
export interface MessageSendEvent extends Base {
  kind: 'msg-send';
  msgId: string;
  from: string; // device id or 'server'
  to: string;
  /** sync-lab's protocol: push, pull, backup, admin or response; a foreign protocol: its declared kind or `message` (requests), `response` (answers). */
  type: 'push' | 'pull' | 'backup' | 'admin' | 'response' | (string & {});
  requestId: string;
  bytes: number;
  payload: unknown;
  /** Connectivity of the sending device when sent ('online' for the server). */
  senderMode: Mode;
}

export interface MessageDeliverEvent extends Base {
  kind: 'msg-deliver';
  msgId: string;
  to: string;
}

export interface MessageDropEvent extends Base {
  kind: 'msg-drop';
  msgId: string;
  reason: 'loss' | 'link-down' | 'partition' | 'offline' | 'server-outage' | 'one-way' | 'crashed' | 'end-of-run' | 'targeted' | 'server-restart';
}

export interface MessageDuplicateEvent extends Base {
  kind: 'msg-duplicate';
  msgId: string;
  copyId: string;
}

/** The transport reported a request as failed to the device (`timeout`, `no-link`, or `connection-reset` by a server restart). */
export interface RequestFailEvent extends Base {
  kind: 'request-fail';
  device: string;
  requestId: string;
  reason: string;
}

/**
 * A pull response touched a record: `applied` when the visible version changed. One event per record
 * per response (`opId` is the last op for it in the batch; `version` is what is visible after the
 * whole batch). When a batch holds several ops of one record, the conflict events of that receive
 * form a chain from the previously visible stamp to the new one. A response the device was no longer
 * waiting for (a duplicate, or late after a timeout) yields merge events only for records it changed.
 */
export interface MergeEvent extends Base {
  kind: 'merge';
  device: string;
  recordId: string;
  opId: string;
  applied: boolean;
  /** The version visible after the merge (null when the record is unknown). */
  version: TraceVersion | null;
}

export interface ConflictEvent extends Base {
  kind: 'conflict';
  device: string;
  recordId: string;
  winner: EncodedStampText;
  loser: EncodedStampText;
  rule: string;
  outcome: 'remote-won' | 'local-kept';
}

export interface OutboxEvent extends Base {
  kind: 'outbox';
  device: string;
  depth: number;
}

/** The sync status the device disclosed at this point (NORM-021). */
export interface StatusEvent extends Base {
  kind: 'status';
  device: string;
  status: Record<string, unknown>;
}

export interface CrashEvent extends Base {
  kind: 'crash';
  device: string;
  /** Where the crash struck, e.g. 'idle', 'after-push-sent', 'before-pull-apply'. */
  point: string;
}

export interface RestartEvent extends Base {
  kind: 'restart';
  device: string;
  /** Every version the restored replica holds. */
  versions: TraceVersion[];
  pendingOps: number;
}

export interface ClockEvent extends Base {
  kind: 'clock';
  device: string;
  /** Device clock minus true time, in ms (drift and jumps included). */
  offsetMs: number;
  jump: boolean;
  /** Present when the clock reads in coarse steps (10, 100, 1000 ms): its readings are rounded down to a multiple of this. */
  stepMs?: number;
}

export interface TokenEvent extends Base {
  kind: 'token';
  device: string;
  /** `refused`: the server would not issue a session (its account was deleted); `reason` says why. */
  state: 'expired' | 'renewed' | 'refused';
  /** `expired` only: the server ended just the session of the token the device was last given (absent: a sign-out, every session). */ scope?: 'session';
  reason?: string;
}
export interface ServerEvent extends Base {
  kind: 'server';
  /** `restart`: the server restarted at this instant, keeping everything durable (connections reset). */
  state: 'outage' | 'up' | 'restart';
}

export interface PartitionEvent extends Base {
  kind: 'partition';
  /** Groups that can talk among themselves; the server is named 'server'. Empty: healed. */
  groups: string[][];
}

/** Server-side effect of a request: what the server stored (ciphertext + metadata only). */
export interface ServerApplyEvent extends Base {
  kind: 'server-apply';
  requestId: string;
  device: string;
  /** The request's kind (a foreign protocol: its declared kind, or `message`). */
  type: 'push' | 'pull' | 'backup' | 'admin' | (string & {});
  /** For push: op ids newly appended to the log, and those already in it (deduplicated). */
  appended: string[];
  deduplicated: string[];
  error?: string;
  /** A server fault on this push: it stored only the first `stored` of `of` ops, then acked those (`ack-stored`) or failed (`fail`). */
  partial?: { stored: number; of: number; answer: 'ack-stored' | 'fail' };
  /** Server faults: shed as busy (serverBusyPercent: `unavailable`, nothing stored or changed); a backup refused for good as over quota (backupQuotaRefusalPercent: `bad-request`, nothing stored). */
  busy?: true; overQuota?: true;
}

/** A remote capability (backup, admin) requested by the user, and its outcome as disclosed. */
export interface RemoteActionEvent extends Base {
  kind: 'remote-action';
  device: string;
  actionId: string;
  action: 'backup' | 'delete-account' | 'backup-admin';
  state: 'requested' | 'pending' | 'in-flight' | 'done' | 'failed';
}

/**
 * The engine under test threw (or returned something the simulator cannot use) in `call` on `device`:
 * a finding about that engine, not a failure of the lab. The run stops here; `run-end` follows.
 * No call failed with `call: 'event-budget'` (the world kept busy past `eventBudgetPerSimSecond`, a livelock; `device`: behind most
 * recent events) or `call: 'idle-wakes'` (`device` woken past `idleWakesPerDeviceSecondMax` in a second, sending nothing: a busy wait).
 */
export interface EngineErrorEvent extends Base {
  kind: 'engine-error';
  device: string;
  /** The ReconcilerModule or Reconciler method, e.g. `create`, `restore`, `poll`, `receive`. */
  call: string;
  message: string;
}

/** Why a valid schedule event could not take effect (`ScheduleSkipEvent.code`). */
export type ScheduleSkipCode =
  /** The device's app is not running (crashed, not yet restarted): nobody can use it. */
  | 'device-not-running'
  /** The ref's create never took effect (skipped, or refused by the engine), so there is no record to act on. */
  | 'ref-not-created'
  /** The device does not show the record (yet): it has not pulled the create. */
  | 'record-not-shown'
  /** The device shows the record as deleted. */
  | 'record-deleted'
  /** Reading the record to act on it failed (the failed `local-read` precedes this event). */
  | 'read-failed'
  /** The device is already in the connectivity mode asked for. */
  | 'same-mode'
  /** A device lifecycle model refused the event in its current state (`rejected` says which). */
  | 'lifecycle-rejected'
  /** A crash armed for a point of the sync round was replaced by a later crash before it struck. */
  | 'crash-replaced'
  /** A crash armed for a point of the sync round never struck before the heal (or the device restarted first). */
  | 'crash-never-struck'
  /**
   * The engine's own server does not offer what the event needs: a `token-expire` on a server without
   * sessions, or a crash armed for a point of the sync round on a protocol that declares no `kindOf`.
   */
  | 'unsupported-by-server';

/**
 * A schedule event that is valid (the schema checked it before the run) but could not take effect
 * at the moment it came: nothing silent. `atMs` is the schedule time of the event (for an armed
 * crash, when it was armed). Scenarios fail on a skip they do not list under `expectSkips`.
 */
export interface ScheduleSkipEvent extends Base {
  kind: 'schedule-skip';
  device: string;
  action: string;
  ref?: string;
  atMs: number;
  code: ScheduleSkipCode;
  reason: string;
  /** For `lifecycle-rejected`: the model that refused, the event it refused and the state it was in. */
  rejected?: { machine: string; event: string; state: string };
}

/** A device lifecycle model refused an event the simulator itself sent (not a schedule event: those are `schedule-skip`). */
export interface LifecycleRejectEvent extends Base {
  kind: 'lifecycle-reject';
  device: string;
  machine: string;
  event: string;
  state: string;
}

/**
 * A targeted fault or protocol-relative trigger of the schedule (drop-next, delay-next,
 * duplicate-next, timeout-after-apply, sync-now, on): `armed` when its schedule event ran, `fired`
 * when it took effect (with the request it hit), `not-fired` at the end of the fault phase when what
 * it waited for never came, `unsupported` when the engine lacks what it needs (sync-now without
 * `syncNow`). Only schedules that use these actions have these events.
 */
export interface TargetedEvent extends Base {
  kind: 'targeted';
  device: string;
  action: string;
  state: 'armed' | 'fired' | 'not-fired' | 'unsupported';
  requestId?: string;
  detail: string;
}

export interface RunEndEvent extends Base {
  kind: 'run-end';
  /** Final state of every replica (tombstones included), by device. */
  replicas: Record<string, TraceVersion[]>;
  /**
   * The server's log as (opId, recordId, stamp), in seq order. An engine's own server: its
   * `storedVersions()` (no ciphertextLength), or empty when it declares none (run-start.protocol says so).
   */
  serverLog: { seq: number; opId: string; recordId: string; stamp: EncodedStampText; ciphertextLength?: number }[];
  converged: boolean;
  /** Virtual µs at which all replicas last became equal (and stayed so), or null. */
  convergedAt: number | null;
}

export type TraceEvent =
  | RunStartEvent
  | PhaseEvent
  | ConnectivityEvent
  | LocalWriteEvent
  | LocalReadEvent
  | MessageSendEvent
  | MessageDeliverEvent
  | MessageDropEvent
  | MessageDuplicateEvent
  | RequestFailEvent
  | MergeEvent
  | ConflictEvent
  | OutboxEvent
  | StatusEvent
  | CrashEvent
  | RestartEvent
  | ClockEvent
  | TokenEvent
  | ServerEvent
  | PartitionEvent
  | ServerApplyEvent
  | RemoteActionEvent
  | EngineErrorEvent
  | RunEndEvent
  | ScheduleSkipEvent | LifecycleRejectEvent | TargetedEvent | RequestDamageEvent | DamagedApplyEvent
  | import('./input-probe-event.ts').InputProbeEvent | import('./snapshot-damage-event.ts').SnapshotDamageEvent<TraceVersion>
  | import('./answer-damage-event.ts').AnswerDamageEvent | import('./journal-read-event.ts').LocalListEvent;
export type TraceKind = TraceEvent['kind'];

/** A violation found by a checker. */
export interface Violation {
  checker: string;
  message: string;
  /** Index (`i`) and time (`t`, µs) of the first event where it shows. */
  eventIndex: number;
  t: number;
  devices: string[];
  records: string[];
}

/** The summary of one run, printed by `run --json` and stored beside traces. */
export interface RunSummary {
  seed: number;
  traceHash: string;
  events: number;
  simulatedMs: number;
  wallMs: number;
  converged: boolean;
  convergedAtMs: number | null;
  violations: Violation[];
}
