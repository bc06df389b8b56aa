/**
 * The `Reconciler` seam: the one interface through which the simulator, the checkers and the CLI
 * drive a sync engine. The default reconciler is one implementation; `--reconciler <module>` loads
 * any other module that default-exports (or exports as `reconciler`) a `ReconcilerModule`.
 *
 * Contract (sans-IO): no method touches a socket, a timer, the wall clock or randomness. Time arrives
 * as an argument (the device's own clock reading, in ms); outgoing messages are returned by `poll`,
 * never sent; responses and transport failures are handed in with `receive` and `fail`.
 *
 * Async engines: any method (and `ReconcilerModule.create`/`restore`) may return a promise instead of
 * its value (`MaybePromise`). The simulator awaits each call before making the next one, and drains
 * the microtask queue (a bounded number of turns) after every simulated event, so a run stays
 * deterministic as long as the engine's promises settle through microtasks only: no real I/O, no
 * real timer. A call whose promise has not settled after the drain bound (it waits on a timer, on I/O
 * or on nothing), or after which a new timer or I/O handle is active, is an `engine-error` naming the
 * device and the call. `SyncReconciler` is the same interface with every answer synchronous: the
 * default engine is one, and the plain `simulate` runs only those (`simulateAsync` runs both).
 */
// @ts-nocheck

import type { DeviceId, RecordId } from '../core/ids.ts';
import type { Fields, RecordVersion } from '../core/record.ts';
import type { Stamp, StampMode } from '../core/stamp.ts';
import type { AdminAction, SyncErrorCode, SyncRequest, SyncResponse } from '../core/wire.ts';

import type { ConnectivityMode } from '../core/connectivity-mode.ts';
import type { StampOrder } from '../trace/stamp-order.ts';
import type { ServerModule } from './server-seam.ts';

export type { ConnectivityMode, StampOrder };
export type { ClientInfo, JsonValue, ProtocolServer, ServerAnswer, ServerCreateOptions, ServerModule, StoredVersion } from './server-seam.ts';

/** Returns `length` bytes for an AEAD nonce. Seeded in simulation, CSPRNG behind a real transport. */
export type NonceSource = (length: number) => Uint8Array;

/** Sync timing and batching. All durations in device-clock milliseconds. */
export interface SyncPolicy {
  /** Most ops in one push request. */
  readonly maxPushBatch: number;
  /** `limit` sent with each pull. */
  readonly pullLimit: number;
  /** First retry delay after a failed request. */
  readonly backoffInitialMs: number;
  /** Ceiling of the exponential backoff. */
  readonly backoffMaxMs: number;
  /** How often an idle, connected device pulls for other devices' changes. */
  readonly pullIntervalMs: number;
  /**
   * Clock-lead policy (`hlc` mode): a pulled stamp more than this far ahead of the device's own clock
   * reading is merged by last-write-wins as usual, but not folded into the device's clock, and the
   * refusal is logged (`status().clockLeadRefused`). One device whose clock jumped a day ahead then
   * cannot drag every other device's stamps a day ahead with it. A local write of a record whose
   * visible stamp is beyond the device's clock still gets a stamp just above that one, so a write
   * made after seeing another still wins over it.
   */
  readonly maxClockLeadMs: number;
}

export const DEFAULT_SYNC_POLICY: SyncPolicy = {
  maxPushBatch: 16,
  pullLimit: 64,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
  pullIntervalMs: 5_000,
  maxClockLeadMs: 5 * 60_000,
};

export interface ReconcilerOptions {
  readonly deviceId: DeviceId;
  readonly accountId: string;
  readonly stampMode: StampMode;
  /** 32-byte AEAD key shared by the account's devices; the server never has it. */
  readonly accountKey: Uint8Array;
  readonly nonces: NonceSource;
  /** Session token the device starts with. */
  readonly token: string;
  readonly policy?: Partial<SyncPolicy>;
  /**
   * The module's own options (`--reconciler-options <file>`, recorded in replay files), as its
   * `optionsSchema` or `parseOptions` returned them; absent when none were given and none declared.
   */
  readonly engineOptions?: unknown;
}

/** A merge that replaced (or refused to replace) a visible local value. */
export interface ConflictEntry {
  readonly recordId: RecordId;
  readonly winner: Stamp;
  readonly loser: Stamp;
  readonly rule: 'lww-hlc' | 'lww-wall';
  /** `remote-won`: the visible value changed to the remote write; `local-kept`: the remote write lost. */
  readonly outcome: 'remote-won' | 'local-kept';
  /** Device-clock time of the merge. */
  readonly atMs: number;
}

export type RemoteActionKind = 'backup' | AdminAction;
export type RemoteActionState = 'pending' | 'in-flight' | 'done' | 'failed';

export interface RemoteActionStatus {
  readonly id: string;
  readonly kind: RemoteActionKind;
  readonly state: RemoteActionState;
  readonly attempts: number;
  readonly lastError: SyncErrorCode | 'transport' | null;
}

/** What a device discloses about sync (NORM-021's sync-state disclosure). */
export interface SyncStatus {
  readonly connectivity: ConnectivityMode;
  /** Local ops not yet acknowledged by the server. */
  readonly pendingOps: number;
  readonly inFlight: boolean;
  /** Device-clock ms of the last request that succeeded, or null. */
  readonly lastSyncOkAtMs: number | null;
  readonly lastError: { readonly code: SyncErrorCode | 'transport'; readonly atMs: number; readonly message: string } | null;
  readonly authExpired: boolean;
  /** When the next retry is allowed (device-clock ms), or null when not backing off. */
  readonly retryAtMs: number | null;
  readonly remoteActions: readonly RemoteActionStatus[];
  /**
   * Pulled stamps the clock-lead policy refused to follow (`SyncPolicy.maxClockLeadMs`): how many, the
   * wall part of the last one and the device-clock ms it came at. Absent until the first refusal.
   */
  readonly clockLeadRefused?: { readonly count: number; readonly lastRemoteWallMs: number; readonly atMs: number };
}

/** Thrown by CRUD when the record does not exist (or is a tombstone). Not a blocking failure. */
export class RecordNotFoundError extends Error {
  readonly recordId: RecordId;
  constructor(recordId: RecordId) {
    super(`reconciler: record ${recordId} does not exist`);
    this.name = 'RecordNotFoundError';
    this.recordId = recordId;
  }
}

/** The durable state of a device: plain JSON, everything a user was told is saved. */
export interface DurableSnapshot {
  readonly format: string;
  readonly deviceId: DeviceId;
  readonly [key: string]: unknown;
}

/** A value, or a promise of it: what an async engine may answer any call with. */
export type MaybePromise<T> = T | PromiseLike<T>;

/**
 * The seam with every answer synchronous (see `Reconciler` for the async form an engine may take).
 * `Req`/`Res`: the messages the engine sends and receives. By default sync-lab's protocol
 * (core/wire.ts); a module that brings its own server (`ReconcilerModule.server`) uses its own shapes.
 */
export interface SyncReconciler<Req = SyncRequest, Res = SyncResponse> {
  readonly deviceId: DeviceId;

  // Local CRUD. Commits locally and queues the op in the same call (for an async engine: before the
  // call's promise settles; a `read` made once it has settled must show the write).
  create(fields: Fields, wallMs: number): RecordVersion;
  /** The visible version, or undefined when missing or deleted. */
  read(id: RecordId): RecordVersion | undefined;
  /** Visible (non-deleted) records, sorted by id. */
  list(): RecordVersion[];
  edit(id: RecordId, fields: Fields, wallMs: number): RecordVersion;
  /** Writes a tombstone and returns it. */
  delete(id: RecordId, wallMs: number): RecordVersion;
  /** Every version the replica holds, tombstones included, sorted by id (for convergence checks). */
  versions(): RecordVersion[];

  // Sync, sans-IO.
  /** The next request to transmit now, or undefined. Called repeatedly until undefined. */
  poll(nowMs: number): Req | undefined;
  /** Applies a response from the server. */
  receive(response: Res, nowMs: number): void;
  /** The transport gave up on a request (lost, timed out, link down: see setConnectivity). */
  fail(requestId: string, reason: string, nowMs: number): void;
  /** Device-clock ms at which `poll` may next return something without any other input, or null. */
  nextWakeMs(nowMs: number): number | null;
  /**
   * The OS reports a connectivity change. Going `offline` ends every request in flight: right after
   * `setConnectivity('offline', nowMs)` the simulator calls `fail(requestId, 'no-link', nowMs)` for
   * each request it was still waiting on (oldest first), so an engine learns the fate of every request
   * it sent through `receive` or `fail`. An engine that already dropped them on `setConnectivity`
   * ignores those calls (as it ignores any `fail` of a request it does not wait on).
   */
  setConnectivity(mode: ConnectivityMode, nowMs: number): void;
  setToken(token: string, nowMs: number): void;
  requestBackup(nowMs: number): string;
  requestAdmin(action: AdminAction, nowMs: number): string;

  status(): SyncStatus;
  /** The conflict log, most recent last; an engine may keep only the latest entries (see conflictsTotal). */
  conflicts(): readonly ConflictEntry[];
  /**
   * Optional: how many conflict entries were ever recorded, counting those a bounded log has let go.
   * The simulator reads it after every answer to know how many entries at the end of `conflicts()`
   * are new; without it, it counts `conflicts().length`, which is right only for a log that never
   * drops entries (a bounded log that is full would then look as if nothing new happened).
   */
  conflictsTotal?(): number;
  /** The durable state; `restore` of it is the device after a crash and restart. */
  save(): DurableSnapshot;
  /**
   * Optional: the user asked to sync now (a "sync" button, pull-to-refresh). The next `poll` may
   * send at once: a pull is due and any backoff wait is over. Schedules' `sync-now` calls it; an
   * engine without it gets `sync-now` recorded as unsupported.
   */
  syncNow?(nowMs: number): void;
}

/** `F` with its answer widened to `MaybePromise` (methods only; optional methods stay optional). */
type Awaitable<F> = F extends (...args: infer A) => infer R ? (...args: A) => MaybePromise<R> : F;

/**
 * The engine seam as a `--reconciler` module implements it: `SyncReconciler` (documented there,
 * method by method), except that any method may answer with a promise (see "Async engines" at the
 * top of this file). A synchronous engine is a `Reconciler` as it is.
 */
export type Reconciler<Req = SyncRequest, Res = SyncResponse> = { [K in keyof SyncReconciler<Req, Res>]: Awaitable<SyncReconciler<Req, Res>[K]> };

/**
 * What an engine supports. Omitted (or a field omitted), everything is assumed: both stamp modes and
 * both remote actions. Audit statements, parity cells and scenarios that need a capability the engine
 * does not declare are reported "not applicable" with the reason: never failed, never counted as passing.
 */
export interface Capabilities {
  /** The stamp modes `create`/`restore` accept (`options.stampMode`). */
  readonly stampModes?: readonly StampMode[];
  /** Remote actions: `backup` (`requestBackup`), `admin` (`requestAdmin`). */
  readonly remoteActions?: readonly ('backup' | 'admin')[];
  /** It honours `ReconcilerOptions.policy` (batch size, pull limit, pull interval, backoff); scenarios with a `syncPolicy` need it. */
  readonly syncPolicy?: boolean;
}

interface ModuleDescription<Req, Res> {
  readonly name: string;
  /** Optional: what this engine supports (see `Capabilities`). */
  readonly capabilities?: Capabilities;
  /**
   * Optional: how this engine orders its stamps (the encoded strings its versions carry in the
   * trace). Declared, the checkers judge last-write-wins with it and the `stamp-order` checker
   * verifies what the spec demands of any order (total, identical on every device, consistent with
   * wall time except within `tieWindowMs`). Omitted, the lab's built-in order applies:
   * (wall ms, counter, device id), implemented in src/check independently of any engine.
   */
  readonly stampOrder?: StampOrder;
  /**
   * Optional: validates `--reconciler-options` (anything with zod's `safeParse`); its output becomes
   * `options.engineOptions`. It also runs when no options are given (make it optional if they are).
   */
  readonly optionsSchema?: { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };
  /** Optional, instead of `optionsSchema`: returns the parsed options or throws an Error saying what is wrong. */
  parseOptions?(value: unknown): unknown;
  /**
   * Optional: the engine's own server and protocol (see server-seam.ts). Omitted, the engine talks
   * sync-lab's protocol (core/wire.ts) to the built-in server.
   */
  readonly server?: ServerModule<Req, Res>;
}

/** A `--reconciler` module. `create`/`restore` may answer with a promise (an async engine). */
export interface ReconcilerModule<Req = SyncRequest, Res = SyncResponse> extends ModuleDescription<Req, Res> {
  create(options: ReconcilerOptions): MaybePromise<Reconciler<Req, Res>>;
  /**
   * Rebuilds a device from its durable snapshot (volatile state, like an in-flight request, is gone).
   * `nowMs`: the device's clock reading at the restart (ms), as every other call receives it.
   */
  restore(snapshot: DurableSnapshot, options: ReconcilerOptions, nowMs: number): MaybePromise<Reconciler<Req, Res>>;
}

/** A module whose engines answer every call synchronously (the default engine's). */
export interface SyncReconcilerModule<Req = SyncRequest, Res = SyncResponse> extends ModuleDescription<Req, Res> {
  create(options: ReconcilerOptions): SyncReconciler<Req, Res>;
  restore(snapshot: DurableSnapshot, options: ReconcilerOptions, nowMs: number): SyncReconciler<Req, Res>;
}
