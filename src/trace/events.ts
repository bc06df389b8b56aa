/**
 * The trace format: the contract between the simulator, the checkers, the reports and the visualizer.
 *
 * One event per line in canonical JSON. `t` is virtual time in integer microseconds since the start
 * of the run; `i` is the event's index in the trace. Stamps are encoded strings (`encodeStamp`).
 * The sha256 of the canonical lines is the run's fingerprint (`traceHash`).
 *
 * This file has types only (and no imports beyond type-only ones), so the visualizer can import it
 * without pulling in the simulator.
 */

import type { ConnectivityMode } from '../core/connectivity-mode.ts';

export type Mode = ConnectivityMode;
export type Phase = 'fault' | 'heal' | 'quiescence';
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
}

export interface PhaseEvent extends Base {
  kind: 'phase';
  phase: Phase;
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
  type: 'push' | 'pull' | 'backup' | 'admin' | 'response';
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
  reason: 'loss' | 'link-down' | 'partition' | 'offline' | 'server-outage' | 'one-way' | 'crashed' | 'end-of-run';
}

export interface MessageDuplicateEvent extends Base {
  kind: 'msg-duplicate';
  msgId: string;
  copyId: string;
}

/** The transport reported a request as failed to the device (timeout or link down). */
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
  state: 'expired' | 'renewed';
}

export interface ServerEvent extends Base {
  kind: 'server';
  state: 'outage' | 'up';
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
  type: 'push' | 'pull' | 'backup' | 'admin';
  /** For push: op ids newly appended to the log. */
  appended: string[];
  /** For push: op ids that were already in the log (deduplicated). */
  deduplicated: string[];
  error?: string;
  /** A server fault on this push: it stored only the first `stored` of `of` ops, then acked those (`ack-stored`) or failed (`fail`). */
  partial?: { stored: number; of: number; answer: 'ack-stored' | 'fail' };
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
 */
export interface EngineErrorEvent extends Base {
  kind: 'engine-error';
  device: string;
  /** The ReconcilerModule or Reconciler method, e.g. `create`, `restore`, `poll`, `receive`. */
  call: string;
  message: string;
}

export interface RunEndEvent extends Base {
  kind: 'run-end';
  /** Final state of every replica (tombstones included), by device. */
  replicas: Record<string, TraceVersion[]>;
  /** The server's log as (opId, recordId, stamp), in seq order. */
  serverLog: { seq: number; opId: string; recordId: string; stamp: EncodedStampText; ciphertextLength: number }[];
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
  | RunEndEvent;

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
