/**
 * The guard between the simulator and the engine under test. A `--reconciler` module is somebody
 * else's code: when `create`/`restore` or a `Reconciler` method throws, or returns something the
 * simulator cannot use (a request that is not an object, a version without a stamp, a NaN wake-up
 * time), that is a finding about the engine, never a crash of the lab. The guard turns it into one
 * `EngineError` {call, device, message}; the world ends the run there with an `engine-error` trace
 * event and the normal `run-end`, and the `engine-error` checker reports it.
 *
 * What passes through unchanged: a `create`/`edit`/`delete`/`read` that throws is the engine refusing
 * a user action; the simulator records that as a failed local write or read (the non-blocking and
 * commit-immediate checkers judge it), as it always has. The guard calls the engine exactly as the
 * world asks, in the same order, so a correct engine's trace (and its hash) is unchanged.
 *
 * After the first fault nothing is thrown again and the faulted device's engine is never called
 * again: it answers with what it last answered (or nothing), so the world can write its `run-end`.
 *
 * Async engines: an answer that is a promise comes back as a `PendingCall` (engine-call.ts) whose
 * promise settles with the answer checked the same way (a rejection is a throw). With a handle probe
 * (the async driver passes one in Node), a call after which a new timer or I/O handle is active is a
 * fault naming the call: the engine reached for real time or real I/O, so its run is not reproducible.
 */
import type { RecordVersion } from '../core/record.ts';
import type { AdminAction, SyncRequest, SyncResponse } from '../core/wire.ts';
import type { Capabilities, ConflictEntry, ConnectivityMode, DurableSnapshot, MaybePromise, Reconciler, ReconcilerModule, ReconcilerOptions, SyncReconciler, SyncStatus } from '../reconciler/types.ts';
import { conflictsProblem, describeThrown, EngineError, foreignRequestProblem, kindOf, requestProblem, statusProblem, stringProblem, UNKNOWN_STATUS, VersionChecks } from './engine-answers.ts';
import { PendingCall } from './engine-call.ts';
import type { Answer, GuardedEngine } from './engine-call.ts';
import type { HandleProbe } from './handle-probe.ts';

/** Every required method of the `Reconciler` interface (the compiler keeps this list complete; optional ones are in OPTIONAL_RECONCILER_METHODS). */
export const RECONCILER_METHODS = [
  'create',
  'read',
  'list',
  'edit',
  'delete',
  'versions',
  'poll',
  'receive',
  'fail',
  'nextWakeMs',
  'setConnectivity',
  'setToken',
  'requestBackup',
  'requestAdmin',
  'status',
  'conflicts',
  'save',
] as const satisfies readonly (keyof SyncReconciler)[];
/** Methods an engine may leave out (the simulator falls back, see their docs in reconciler/types.ts). */
export const OPTIONAL_RECONCILER_METHODS = ['conflictsTotal', 'syncNow'] as const satisfies readonly (keyof SyncReconciler)[];
type MethodsListed = (typeof RECONCILER_METHODS)[number] | (typeof OPTIONAL_RECONCILER_METHODS)[number];
type MethodsOf<T> = { [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => unknown ? K : never }[keyof T];
// Fails to compile when the interface gains a method this list does not name.
const everyMethodListed: Exclude<MethodsOf<Reconciler>, MethodsListed> extends never ? true : false = true;
void everyMethodListed;

export { EngineError };

/** The `Reconciler` methods `value` lacks (empty when it has them all). */
export function missingReconcilerMethods(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [...RECONCILER_METHODS];
  const candidate = value as Record<string, unknown>;
  return RECONCILER_METHODS.filter((name) => typeof candidate[name] !== 'function');
}

/** Why `value` is not something `create`/`restore` may return, or null when it is a Reconciler. */
export function notAReconciler(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return `returned ${kindOf(value)}, expected an object with every Reconciler method`;
  const missing = missingReconcilerMethods(value);
  if (missing.length > 0) return `returned an object without the Reconciler method(s) ${missing.join(', ')} (see src/reconciler/types.ts)`;
  return null;
}

/** Shared by every engine of one world: the first fault, once there is one, and the handle probe. */
interface FaultState {
  fault: EngineError | null;
  readonly probe: HandleProbe | null;
}

/** A module whose engines answer through the guard (create/restore too may be pending). */
export interface GuardedModule {
  readonly name: string;
  readonly capabilities?: Capabilities;
  /** The engine's own server and protocol, passed through unguarded (the transport guards its calls). */
  readonly server?: NonNullable<ReconcilerModule<unknown, unknown>['server']>;
  create(options: ReconcilerOptions): Answer<GuardedEngine>;
  restore(snapshot: DurableSnapshot, options: ReconcilerOptions, nowMs: number): Answer<GuardedEngine>;
  /** `restore` of a damaged snapshot (snapshot-damage-fault.ts): a throw or rejection is a `SnapshotRefusal`, not a fault. */
  restoreDamaged(snapshot: DurableSnapshot, options: ReconcilerOptions, nowMs: number): Answer<GuardedEngine>;
}

/** The engine refused a damaged snapshot (threw or rejected): what it should do, so no engine fault. */
export class SnapshotRefusal extends Error {
  /** The bare message of what the engine threw (which must say why). */
  readonly reason: string;
  constructor(message: string, thrown: unknown) {
    super(message);
    this.name = 'SnapshotRefusal';
    this.reason = thrown instanceof Error ? thrown.message : String(thrown);
  }
}

/**
 * Wraps a module so every engine it makes is guarded. Nothing is called that the world did not ask
 * for, so correct runs hash the same. `probe`: see `HandleProbe` (null: no probing, the sync path).
 */
export function guardEngine(module: ReconcilerModule, probe: HandleProbe | null = null): GuardedModule {
  const state: FaultState = { fault: null, probe };
  // An engine's own protocol: a request is any JSON value its server module can name (requestIdOf).
  const server = module.server as ReconcilerModule<unknown, unknown>['server'];
  const check = server === undefined ? requestProblem : (value: unknown) => foreignRequestProblem(value, server);
  return {
    name: module.name,
    ...(module.capabilities === undefined ? {} : { capabilities: module.capabilities }),
    ...(server === undefined ? {} : { server }),
    create: (options) => made(state, 'create', options.deviceId, () => module.create(options), check),
    restore: (snapshot, options, nowMs) => made(state, 'restore', options.deviceId, () => module.restore(snapshot, options, nowMs), check),
    restoreDamaged: (snapshot, options, nowMs) => made(state, 'restore', options.deviceId, () => module.restore(snapshot, options, nowMs), check, true),
  };
}

/** A promise (or any thenable): what an async engine answers with. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || value === undefined) return false;
  const type = typeof value;
  return (type === 'object' || type === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function made(state: FaultState, call: 'create' | 'restore', device: string, make: () => MaybePromise<Reconciler>, check: (value: unknown) => string | null, mayRefuse = false): Answer<GuardedEngine> {
  if (state.fault) throw state.fault;
  const wrap = (engine: unknown): GuardedEngine => {
    const problem = notAReconciler(engine);
    if (problem) throw trip(state, new EngineError(call, device, problem));
    return new GuardedReconciler(engine as Reconciler, device, state, check);
  };
  const thrown = (error: unknown, how = isThenable(error) ? 'rejected with' : 'threw'): Error =>
    mayRefuse ? new SnapshotRefusal(`${how} ${describeThrown(error)}`, error) : trip(state, new EngineError(call, device, `${how} ${describeThrown(error)}`));
  const before = state.probe?.take() ?? null;
  let engine: MaybePromise<Reconciler>;
  try {
    engine = make();
  } catch (error) {
    throw thrown(error);
  }
  if (!isThenable(engine)) {
    probeAfter(state, call, device, before);
    return wrap(engine);
  }
  const promise = Promise.resolve(engine).then(
    (value) => {
      probeAfter(state, call, device, before);
      return wrap(value);
    },
    (error: unknown) => {
      throw thrown(error, 'rejected with');
    },
  );
  return new PendingCall(call, device, promise, (turns) => trip(state, unsettledError(call, device, turns)));
}

function unsettledError(call: string, device: string, turns: number): EngineError {
  return new EngineError(call, device, `returned a promise that did not settle within ${turns} microtask turns: it waits on a real timer, real I/O or nothing (an engine under the lab may await only promises its own calls settle)`);
}

/** A new timer or I/O handle after the call: a fault (only with a probe, i.e. under the async driver). */
function probeAfter(state: FaultState, call: string, device: string, before: unknown): void {
  if (!state.probe || state.fault) return;
  const fresh = state.probe.fresh(before);
  if (fresh !== null) throw trip(state, new EngineError(call, device, `left ${fresh} active after the call: the engine uses a real timer or real I/O, so its run cannot be reproduced`));
}

function trip(state: FaultState, error: EngineError): EngineError {
  state.fault ??= error;
  return error;
}

/** A Reconciler that forwards every call to the engine and checks what comes back. */
class GuardedReconciler implements GuardedEngine {
  readonly deviceId: string;
  /** What the engine last answered, for the `run-end` after a fault. */
  private lastVersions: RecordVersion[] = [];
  private lastStatus: SyncStatus | null = null;
  private lastConflicts: readonly ConflictEntry[] = [];
  /** Versions checked and frozen since cannot change: not checked again (see VersionChecks). */
  private readonly checks = new VersionChecks();

  constructor(
    private readonly engine: Reconciler,
    private readonly device: string,
    private readonly state: FaultState,
    private readonly requestCheck: (value: unknown) => string | null,
  ) {
    this.deviceId = device;
    // Optional in the interface: present on the guard only when the engine has it.
    if (typeof engine.syncNow === 'function') {
      this.syncNow = (nowMs: number): Answer<void> => this.guarded('syncNow', () => engine.syncNow!(nowMs), () => null, () => undefined);
    }
  }
  syncNow?: (nowMs: number) => Answer<void>;

  /**
   * Calls the engine. Before any fault: a throw (a rejection) or an answer `check` refuses becomes the
   * EngineError. After a fault: this device's engine is not called again and the others' failures are
   * ignored; both answer `fallback`, so the world can close the run.
   */
  private guarded<T>(call: string, invoke: () => MaybePromise<T>, check: (value: T) => string | null, fallback: () => T, remember?: (value: T) => void): Answer<T> {
    const fault = this.state.fault;
    if (fault && fault.device === this.device) return fallback();
    const probe = this.state.probe;
    const before = probe === null ? null : probe.take();
    let value: MaybePromise<T>;
    try {
      value = invoke();
    } catch (error) {
      if (this.state.fault) return fallback();
      throw trip(this.state, new EngineError(call, this.device, `threw ${describeThrown(error)}`));
    }
    // The sync path allocates nothing more than the sync-only guard did (it runs on every call).
    if (!isThenable(value)) return this.accept(call, value, check, fallback, remember, before);
    const promise = Promise.resolve(value).then((answer) => this.accept(call, answer, check, fallback, remember, before), (error: unknown) => {
      if (this.state.fault) return fallback();
      throw trip(this.state, new EngineError(call, this.device, `rejected with ${describeThrown(error)}`));
    });
    return new PendingCall(call, this.device, promise, (turns) => trip(this.state, unsettledError(call, this.device, turns)));
  }

  /** A settled answer: checked (and probed, under the async driver); a bad one is the fault. */
  private accept<T>(call: string, answer: T, check: (value: T) => string | null, fallback: () => T, remember: ((value: T) => void) | undefined, before: unknown): T {
    if (this.state.fault && this.state.fault.device === this.device) return fallback();
    if (this.state.probe !== null) probeAfter(this.state, call, this.device, before);
    const problem = check(answer);
    if (problem !== null) {
      if (this.state.fault) return fallback();
      throw trip(this.state, new EngineError(call, this.device, problem));
    }
    if (remember !== undefined) remember(answer);
    return answer;
  }

  /** CRUD: a throw (a rejection) is the engine refusing the user (the world records it); only a bad answer is a fault. */
  private crud<T>(call: string, invoke: () => MaybePromise<T>, check: (value: T) => string | null): Answer<T> {
    if (this.state.fault) throw this.state.fault;
    const before = this.state.probe?.take() ?? null;
    const accept = (answer: T): T => {
      probeAfter(this.state, call, this.device, before);
      const problem = check(answer);
      if (problem !== null) throw trip(this.state, new EngineError(call, this.device, problem));
      return answer;
    };
    let value: MaybePromise<T>;
    try {
      value = invoke();
    } catch (error) {
      probeAfter(this.state, call, this.device, before);
      throw error;
    }
    if (!isThenable(value)) return accept(value);
    const promise = Promise.resolve(value).then(accept, (error: unknown) => {
      probeAfter(this.state, call, this.device, before);
      throw error;
    });
    return new PendingCall(call, this.device, promise, (turns) => trip(this.state, unsettledError(call, this.device, turns)));
  }

  create(fields: RecordVersion['fields'], wallMs: number): Answer<RecordVersion> {
    return this.crud('create', () => this.engine.create(fields, wallMs), (v) => this.checks.version(v));
  }
  read(id: string): Answer<RecordVersion | undefined> {
    return this.crud('read', () => this.engine.read(id), (v) => (v === undefined ? null : this.checks.version(v)));
  }
  list(): Answer<RecordVersion[]> {
    return this.guarded('list', () => this.engine.list(), (v) => this.checks.versions(v), () => this.lastVersions.filter((v) => !v.deleted));
  }
  edit(id: string, fields: RecordVersion['fields'], wallMs: number): Answer<RecordVersion> {
    return this.crud('edit', () => this.engine.edit(id, fields, wallMs), (v) => this.checks.version(v));
  }
  delete(id: string, wallMs: number): Answer<RecordVersion> {
    return this.crud('delete', () => this.engine.delete(id, wallMs), (v) => this.checks.version(v));
  }
  versions(): Answer<RecordVersion[]> {
    return this.guarded('versions', () => this.engine.versions(), (v) => this.checks.versions(v), () => this.lastVersions, (v) => (this.lastVersions = v));
  }
  poll(nowMs: number): Answer<SyncRequest | undefined> {
    return this.guarded('poll', () => this.engine.poll(nowMs), (v) => (v === undefined ? null : this.requestCheck(v)), () => undefined);
  }
  receive(response: SyncResponse, nowMs: number): Answer<void> {
    return this.guarded('receive', () => this.engine.receive(response, nowMs), () => null, () => undefined);
  }
  fail(requestId: string, reason: string, nowMs: number): Answer<void> {
    return this.guarded('fail', () => this.engine.fail(requestId, reason, nowMs), () => null, () => undefined);
  }
  nextWakeMs(nowMs: number): Answer<number | null> {
    return this.guarded('nextWakeMs', () => this.engine.nextWakeMs(nowMs), (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? null : `returned ${kindOf(v)}, expected a finite number of ms or null`), () => null);
  }
  setConnectivity(mode: ConnectivityMode, nowMs: number): Answer<void> {
    return this.guarded('setConnectivity', () => this.engine.setConnectivity(mode, nowMs), () => null, () => undefined);
  }
  setToken(token: string, nowMs: number): Answer<void> {
    return this.guarded('setToken', () => this.engine.setToken(token, nowMs), () => null, () => undefined);
  }
  requestBackup(nowMs: number): Answer<string> {
    return this.guarded('requestBackup', () => this.engine.requestBackup(nowMs), (v) => stringProblem(v, 'an action id'), () => '');
  }
  requestAdmin(action: AdminAction, nowMs: number): Answer<string> {
    return this.guarded('requestAdmin', () => this.engine.requestAdmin(action, nowMs), (v) => stringProblem(v, 'an action id'), () => '');
  }
  status(): Answer<SyncStatus> {
    return this.guarded('status', () => this.engine.status(), (v) => statusProblem(v), () => this.lastStatus ?? UNKNOWN_STATUS, (v) => (this.lastStatus = v));
  }
  conflicts(): Answer<readonly ConflictEntry[]> {
    return this.guarded('conflicts', () => this.engine.conflicts(), (v) => conflictsProblem(v), () => this.lastConflicts, (v) => (this.lastConflicts = v));
  }
  /** Optional in the interface; the world counts conflicts with it when the engine has it, else by the log's length. */
  conflictsTotal(): Answer<number> {
    const engine = this.engine;
    if (typeof engine.conflictsTotal !== 'function') {
      const log = this.conflicts();
      if (!(log instanceof PendingCall)) return log.length;
      return new PendingCall('conflicts', this.device, log.promise.then((entries) => entries.length), log.unsettled);
    }
    return this.guarded('conflictsTotal', () => engine.conflictsTotal!(), (v) => (Number.isSafeInteger(v) && v >= 0 ? null : `returned ${kindOf(v)}, expected a count`), () => this.lastConflicts.length);
  }
  save(): Answer<DurableSnapshot> {
    return this.guarded('save', () => this.engine.save(), (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `returned ${kindOf(v)}, expected a durable snapshot object`), () => ({ format: 'engine-error', deviceId: this.device }));
  }
}
