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
 */
import type { RecordVersion } from '../core/record.ts';
import type { AdminAction, SyncRequest, SyncResponse } from '../core/wire.ts';
import type { ConflictEntry, ConnectivityMode, DurableSnapshot, Reconciler, ReconcilerModule, ReconcilerOptions, SyncStatus } from '../reconciler/types.ts';

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
] as const satisfies readonly (keyof Reconciler)[];
/** Methods an engine may leave out (the simulator falls back, see their docs in reconciler/types.ts). */
export const OPTIONAL_RECONCILER_METHODS = ['conflictsTotal', 'syncNow'] as const satisfies readonly (keyof Reconciler)[];
type MethodsListed = (typeof RECONCILER_METHODS)[number] | (typeof OPTIONAL_RECONCILER_METHODS)[number];
type MethodsOf<T> = { [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => unknown ? K : never }[keyof T];
// Fails to compile when the interface gains a method this list does not name.
const everyMethodListed: Exclude<MethodsOf<Reconciler>, MethodsListed> extends never ? true : false = true;
void everyMethodListed;

/** The engine under test failed: `call` on `device`, with what went wrong. */
export class EngineError extends Error {
  constructor(
    readonly call: string,
    readonly device: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

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

/** Shared by every engine of one world: the first fault, once there is one. */
interface FaultState {
  fault: EngineError | null;
}

/**
 * Wraps a module so every engine it makes is guarded. The module's name is kept (it is in the trace),
 * and nothing is called that the world did not ask for, so correct runs hash the same.
 */
export function guardEngine(module: ReconcilerModule): ReconcilerModule {
  const state: FaultState = { fault: null };
  // An engine's own protocol: a request is any JSON value its server module can name (requestIdOf).
  const server = module.server as ReconcilerModule<unknown, unknown>['server'];
  const check = server === undefined ? requestProblem : (value: unknown) => foreignRequestProblem(value, server);
  return {
    name: module.name,
    ...(module.capabilities === undefined ? {} : { capabilities: module.capabilities }),
    ...(module.server === undefined ? {} : { server: module.server }),
    create: (options) => made(state, 'create', options.deviceId, () => module.create(options), check),
    restore: (snapshot, options) => made(state, 'restore', options.deviceId, () => module.restore(snapshot, options), check),
  };
}

function made(state: FaultState, call: 'create' | 'restore', device: string, make: () => Reconciler, check: (value: unknown) => string | null): Reconciler {
  if (state.fault) throw state.fault;
  let engine: unknown;
  try {
    engine = make();
  } catch (error) {
    throw trip(state, new EngineError(call, device, `threw ${describeThrown(error)}`));
  }
  const problem = notAReconciler(engine);
  if (problem) throw trip(state, new EngineError(call, device, problem));
  return new GuardedReconciler(engine as Reconciler, device, state, check);
}

function trip(state: FaultState, error: EngineError): EngineError {
  state.fault ??= error;
  return error;
}

/** A Reconciler that forwards every call to the engine and checks what comes back. */
class GuardedReconciler implements Reconciler {
  readonly deviceId: string;
  /** What the engine last answered, for the `run-end` after a fault. */
  private lastVersions: RecordVersion[] = [];
  private lastStatus: SyncStatus | null = null;
  private lastConflicts: readonly ConflictEntry[] = [];

  constructor(
    private readonly engine: Reconciler,
    private readonly device: string,
    private readonly state: FaultState,
    private readonly requestCheck: (value: unknown) => string | null,
  ) {
    this.deviceId = device;
    // Optional in the interface: present on the guard only when the engine has it.
    if (typeof engine.syncNow === 'function') {
      this.syncNow = (nowMs: number): void => this.guarded('syncNow', () => engine.syncNow!(nowMs), () => null, () => undefined);
    }
  }
  syncNow?: (nowMs: number) => void;

  /**
   * Calls the engine. Before any fault: a throw or an answer `check` refuses becomes the EngineError.
   * After a fault: this device's engine is not called again and the others' failures are ignored;
   * both answer `fallback`, so the world can close the run.
   */
  private guarded<T>(call: string, invoke: () => T, check: (value: T) => string | null, fallback: () => T): T {
    const fault = this.state.fault;
    if (fault && fault.device === this.device) return fallback();
    let value: T;
    try {
      value = invoke();
    } catch (error) {
      if (fault) return fallback();
      throw trip(this.state, new EngineError(call, this.device, `threw ${describeThrown(error)}`));
    }
    const problem = check(value);
    if (problem === null) return value;
    if (fault) return fallback();
    throw trip(this.state, new EngineError(call, this.device, problem));
  }

  /** CRUD: a throw is the engine refusing the user (the world records it); only a bad answer is a fault. */
  private crud<T>(call: string, invoke: () => T, check: (value: T) => string | null): T {
    if (this.state.fault) throw this.state.fault;
    const value = invoke();
    const problem = check(value);
    if (problem !== null) throw trip(this.state, new EngineError(call, this.device, problem));
    return value;
  }

  create(fields: RecordVersion['fields'], wallMs: number): RecordVersion {
    return this.crud('create', () => this.engine.create(fields, wallMs), (v) => versionProblem(v));
  }
  read(id: string): RecordVersion | undefined {
    return this.crud('read', () => this.engine.read(id), (v) => (v === undefined ? null : versionProblem(v)));
  }
  list(): RecordVersion[] {
    return this.guarded('list', () => this.engine.list(), (v) => versionsProblem(v), () => this.lastVersions.filter((v) => !v.deleted));
  }
  edit(id: string, fields: RecordVersion['fields'], wallMs: number): RecordVersion {
    return this.crud('edit', () => this.engine.edit(id, fields, wallMs), (v) => versionProblem(v));
  }
  delete(id: string, wallMs: number): RecordVersion {
    return this.crud('delete', () => this.engine.delete(id, wallMs), (v) => versionProblem(v));
  }
  versions(): RecordVersion[] {
    const versions = this.guarded('versions', () => this.engine.versions(), (v) => versionsProblem(v), () => this.lastVersions);
    this.lastVersions = versions;
    return versions;
  }
  poll(nowMs: number): SyncRequest | undefined {
    return this.guarded('poll', () => this.engine.poll(nowMs), (v) => (v === undefined ? null : this.requestCheck(v)), () => undefined);
  }
  receive(response: SyncResponse, nowMs: number): void {
    this.guarded('receive', () => this.engine.receive(response, nowMs), () => null, () => undefined);
  }
  fail(requestId: string, reason: string, nowMs: number): void {
    this.guarded('fail', () => this.engine.fail(requestId, reason, nowMs), () => null, () => undefined);
  }
  nextWakeMs(nowMs: number): number | null {
    return this.guarded('nextWakeMs', () => this.engine.nextWakeMs(nowMs), (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? null : `returned ${kindOf(v)}, expected a finite number of ms or null`), () => null);
  }
  setConnectivity(mode: ConnectivityMode, nowMs: number): void {
    this.guarded('setConnectivity', () => this.engine.setConnectivity(mode, nowMs), () => null, () => undefined);
  }
  setToken(token: string, nowMs: number): void {
    this.guarded('setToken', () => this.engine.setToken(token, nowMs), () => null, () => undefined);
  }
  requestBackup(nowMs: number): string {
    return this.guarded('requestBackup', () => this.engine.requestBackup(nowMs), (v) => stringProblem(v, 'an action id'), () => '');
  }
  requestAdmin(action: AdminAction, nowMs: number): string {
    return this.guarded('requestAdmin', () => this.engine.requestAdmin(action, nowMs), (v) => stringProblem(v, 'an action id'), () => '');
  }
  status(): SyncStatus {
    const status = this.guarded('status', () => this.engine.status(), (v) => statusProblem(v), () => this.lastStatus ?? UNKNOWN_STATUS);
    this.lastStatus = status;
    return status;
  }
  conflicts(): readonly ConflictEntry[] {
    const log = this.guarded('conflicts', () => this.engine.conflicts(), (v) => conflictsProblem(v), () => this.lastConflicts);
    this.lastConflicts = log;
    return log;
  }
  /** Optional in the interface; the world counts conflicts with it when the engine has it, else by the log's length. */
  conflictsTotal(): number {
    const counted = this.engine as Reconciler & { conflictsTotal?: () => number };
    if (typeof counted.conflictsTotal !== 'function') return this.conflicts().length;
    return this.guarded('conflictsTotal', () => counted.conflictsTotal!(), (v) => (Number.isSafeInteger(v) && v >= 0 ? null : `returned ${kindOf(v)}, expected a count`), () => this.lastConflicts.length);
  }
  save(): DurableSnapshot {
    return this.guarded('save', () => this.engine.save(), (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `returned ${kindOf(v)}, expected a durable snapshot object`), () => ({ format: 'engine-error', deviceId: this.device }));
  }
}

/** A status for a device whose engine failed before it ever reported one: nothing known, nothing claimed. */
const UNKNOWN_STATUS: SyncStatus = {
  connectivity: 'offline',
  pendingOps: 1,
  inFlight: false,
  lastSyncOkAtMs: null,
  lastError: null,
  authExpired: false,
  retryAtMs: null,
  remoteActions: [],
};

// ---- what the simulator needs from an answer (only what it would otherwise crash on) ------------

const MAX_DEPTH = 64;

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Most characters of an engine's own error message kept in the trace (it is the engine's text, of any size). */
const MESSAGE_MAX = 1000;

export function describeThrown(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)}… (${text.length} characters)` : text;
}

/** Why `value` cannot go into the trace as JSON (canonical JSON refuses these), or null. */
function jsonProblem(value: unknown, path: string, depth = 0): string | null {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}, expected a finite number`;
    case 'object': {
      if (depth >= MAX_DEPTH) return `${path} is nested deeper than ${MAX_DEPTH} levels (a cycle?)`;
      if (ArrayBuffer.isView(value)) return `${path} is raw bytes, expected JSON (encode bytes as base64)`;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const problem = jsonProblem(value[i], `${path}[${i}]`, depth + 1);
          if (problem) return problem;
        }
        return null;
      }
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const problem = jsonProblem(item, `${path}.${key}`, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return `${path} is a ${typeof value}, expected JSON`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stampProblem(stamp: unknown, path: string): string | null {
  if (!isObject(stamp)) return `${path} is ${kindOf(stamp)}, expected a stamp {wallMs, counter, deviceId}`;
  if (!Number.isSafeInteger(stamp['wallMs']) || (stamp['wallMs'] as number) < 0) return `${path}.wallMs is ${JSON.stringify(stamp['wallMs'])}, expected a non-negative whole number`;
  if (!Number.isSafeInteger(stamp['counter']) || (stamp['counter'] as number) < 0) return `${path}.counter is ${JSON.stringify(stamp['counter'])}, expected a non-negative whole number`;
  if (typeof stamp['deviceId'] !== 'string') return `${path}.deviceId is ${kindOf(stamp['deviceId'])}, expected a string`;
  return null;
}

function versionProblem(value: unknown, path = 'the version'): string | null {
  if (!isObject(value)) return `returned ${kindOf(value)}, expected a record version {id, fields, stamp, deleted, opId}`;
  if (typeof value['id'] !== 'string') return `returned ${path} with id ${kindOf(value['id'])}, expected a string`;
  if (typeof value['opId'] !== 'string') return `returned ${path} with opId ${kindOf(value['opId'])}, expected a string`;
  if (typeof value['deleted'] !== 'boolean') return `returned ${path} with deleted ${kindOf(value['deleted'])}, expected a boolean`;
  if (!isObject(value['fields'])) return `returned ${path} with fields ${kindOf(value['fields'])}, expected an object`;
  const problem = stampProblem(value['stamp'], 'stamp') ?? jsonProblem(value['fields'], 'fields');
  return problem ? `returned ${path} whose ${problem}` : null;
}

function versionsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `returned ${kindOf(value)}, expected an array of record versions`;
  for (let i = 0; i < value.length; i++) {
    const problem = versionProblem(value[i], `a version (#${i})`);
    if (problem) return problem;
  }
  return null;
}

function requestProblem(value: unknown): string | null {
  if (!isObject(value)) return `returned ${kindOf(value)}, expected a sync request object or undefined`;
  if (typeof value['type'] !== 'string') return `returned a request with type ${kindOf(value['type'])}, expected a string`;
  if (typeof value['requestId'] !== 'string') return `returned a request with requestId ${kindOf(value['requestId'])}, expected a string`;
  const problem = jsonProblem(value, 'request');
  return problem ? `returned a request whose ${problem}` : null;
}

function foreignRequestProblem(value: unknown, server: NonNullable<ReconcilerModule<unknown, unknown>['server']>): string | null {
  const problem = jsonProblem(value, 'request');
  if (problem) return `returned a request whose ${problem}`;
  let id: unknown;
  try {
    id = server.requestIdOf(value);
  } catch (error) {
    return `returned a request its server module's requestIdOf threw on: ${describeThrown(error)}`;
  }
  return typeof id === 'string' && id.length > 0 ? null : `returned a request whose requestIdOf is ${kindOf(id)}, expected a non-empty string`;
}

function statusProblem(value: unknown): string | null {
  if (!isObject(value)) return `returned ${kindOf(value)}, expected a sync status object`;
  if (typeof value['pendingOps'] !== 'number' || !Number.isFinite(value['pendingOps'])) return `returned a status with pendingOps ${kindOf(value['pendingOps'])}, expected a number`;
  const actions = value['remoteActions'];
  if (!Array.isArray(actions)) return `returned a status with remoteActions ${kindOf(actions)}, expected an array`;
  for (let i = 0; i < actions.length; i++) {
    if (!isObject(actions[i])) return `returned a status with remoteActions[${i}] ${kindOf(actions[i])}, expected an object`;
  }
  const problem = jsonProblem(value, 'status');
  return problem ? `returned a status whose ${problem}` : null;
}

function conflictsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `returned ${kindOf(value)}, expected an array of conflict entries`;
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    if (!isObject(entry)) return `returned conflict #${i} as ${kindOf(entry)}, expected an object`;
    const problem = stampProblem(entry['winner'], 'winner') ?? stampProblem(entry['loser'], 'loser');
    if (problem) return `returned conflict #${i} whose ${problem}`;
  }
  return null;
}

function stringProblem(value: unknown, what: string): string | null {
  return typeof value === 'string' ? null : `returned ${kindOf(value)}, expected ${what} (a string)`;
}
