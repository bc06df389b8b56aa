/**
 * What the simulator needs from an engine's answer (only what it would otherwise crash on, or what
 * canonical JSON refuses): each function returns why the answer is unusable, or null. Used by
 * engine-guard.ts on sync answers and on settled async ones alike.
 */
// @ts-nocheck

import type { RecordVersion } from '../core/record.ts';
import type { ReconcilerModule, SyncStatus } from '../reconciler/types.ts';
import { RecordNotFoundError } from '../reconciler/types.ts';

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


/** A status for a device whose engine failed before it ever reported one: nothing known, nothing claimed. */
export const UNKNOWN_STATUS: SyncStatus = {
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

export function kindOf(value: unknown): string {
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

/**
 * Whether `value` can go into the trace as JSON: the check of jsonProblem without building a path
 * string per value. Every answer of every engine call is checked, so this is a hot path; the path
 * text is built only for an answer that fails.
 */
function isJson(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth >= MAX_DEPTH || ArrayBuffer.isView(value)) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isJson(value[i], depth + 1)) return false;
        return true;
      }
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined && !isJson(item, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Why `value` cannot go into the trace as JSON (canonical JSON refuses these), or null. */
function jsonProblem(value: unknown, path: string, depth = 0): string | null {
  if (depth === 0 && isJson(value, 0)) return null;
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

export function versionProblem(value: unknown, path = 'the version'): string | null {
  if (!isObject(value)) return `returned ${kindOf(value)}, expected a record version {id, fields, stamp, deleted, opId}`;
  if (typeof value['id'] !== 'string') return `returned ${path} with id ${kindOf(value['id'])}, expected a string`;
  if (typeof value['opId'] !== 'string') return `returned ${path} with opId ${kindOf(value['opId'])}, expected a string`;
  if (typeof value['deleted'] !== 'boolean') return `returned ${path} with deleted ${kindOf(value['deleted'])}, expected a boolean`;
  if (!isObject(value['fields'])) return `returned ${path} with fields ${kindOf(value['fields'])}, expected an object`;
  const problem = stampProblem(value['stamp'], 'stamp') ?? jsonProblem(value['fields'], 'fields');
  return problem ? `returned ${path} whose ${problem}` : null;
}

export function versionsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `returned ${kindOf(value)}, expected an array of record versions`;
  for (let i = 0; i < value.length; i++) {
    const problem = versionProblem(value[i], `a version (#${i})`);
    if (problem) return problem;
  }
  return null;
}

/**
 * Every `versions()`/`list()` answer is checked, and the host asks for all versions twice per applied
 * pull answer: checking each version in full was ~10% of a run. A version object that passed the check
 * and was then deeply frozen, with only own data properties and a plain prototype, cannot have changed
 * since (a proxy of a frozen object cannot lie about it either): it is not checked again. Anything else
 * (an engine that keeps mutable versions, or mutates them in place) is checked in full every time, as
 * before. One per guarded engine.
 */
export class VersionChecks {
  private readonly sealed = new WeakSet<object>();

  version(value: unknown, path = 'the version'): string | null {
    if (typeof value === 'object' && value !== null && this.sealed.has(value)) return null;
    const problem = versionProblem(value, path);
    if (problem === null && sealedVersion(value as Record<string, unknown>)) this.sealed.add(value as object);
    return problem;
  }

  /**
   * A copy of the last answer whose versions were all sealed. Answers come again and again with
   * mostly the same versions in the same order (twice per applied pull): an item identical to the
   * next one of that copy (or the one after, when one went) is sealed, found without a hash lookup.
   */
  private previous: readonly unknown[] = [];

  versions(value: unknown): string | null {
    if (!Array.isArray(value)) return `returned ${kindOf(value)}, expected an array of record versions`;
    const previous = this.previous;
    let j = 0;
    let allSealed = true;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (j < previous.length && item === previous[j]) {
        j++;
        continue;
      }
      if (j + 1 < previous.length && item === previous[j + 1]) {
        j += 2;
        continue;
      }
      if (typeof item === 'object' && item !== null && this.sealed.has(item)) continue;
      const problem = this.version(item, `a version (#${i})`);
      if (problem) return problem;
      if (!this.sealed.has(item as object)) allSealed = false;
    }
    // A copy: the engine may hand out its own array and change it later.
    this.previous = allSealed ? value.slice() : [];
    return null;
  }
}

const VERSION_KEYS = ['id', 'opId', 'deleted', 'fields', 'stamp'] as const;
const STAMP_KEYS = ['wallMs', 'counter', 'deviceId'] as const;

/** Whether a checked version can never change again: see VersionChecks. */
function sealedVersion(v: Record<string, unknown>): boolean {
  if (!frozenData(v, 0)) return false;
  for (const key of VERSION_KEYS) if (!Object.prototype.hasOwnProperty.call(v, key)) return false;
  const stamp = v['stamp'] as Record<string, unknown>;
  for (const key of STAMP_KEYS) if (!Object.prototype.hasOwnProperty.call(stamp, key)) return false;
  return true;
}

/** Frozen, plain (or array) prototype, and every own property a data property whose object value is the same, all the way down. */
function frozenData(value: object, depth: number): boolean {
  if (depth > MAX_DEPTH || !Object.isFrozen(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && proto !== Array.prototype) return false;
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d === undefined || !('value' in d)) return false;
    const item: unknown = d.value;
    if (typeof item === 'object' && item !== null && !frozenData(item, depth + 1)) return false;
  }
  return true;
}

export function requestProblem(value: unknown): string | null {
  if (!isObject(value)) return `returned ${kindOf(value)}, expected a sync request object or undefined`;
  if (typeof value['type'] !== 'string') return `returned a request with type ${kindOf(value['type'])}, expected a string`;
  if (typeof value['requestId'] !== 'string') return `returned a request with requestId ${kindOf(value['requestId'])}, expected a string`;
  const problem = jsonProblem(value, 'request');
  return problem ? `returned a request whose ${problem}` : null;
}

/** A request of an engine's own protocol: any JSON value its server module names with `requestIdOf`. */
export function foreignRequestProblem(value: unknown, server: NonNullable<ReconcilerModule<unknown, unknown>['server']>): string | null {
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

export function statusProblem(value: unknown): string | null {
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

export function conflictsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `returned ${kindOf(value)}, expected an array of conflict entries`;
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    if (!isObject(entry)) return `returned conflict #${i} as ${kindOf(entry)}, expected an object`;
    const problem = stampProblem(entry['winner'], 'winner') ?? stampProblem(entry['loser'], 'loser');
    if (problem) return `returned conflict #${i} whose ${problem}`;
  }
  return null;
}

export function stringProblem(value: unknown, what: string): string | null {
  return typeof value === 'string' ? null : `returned ${kindOf(value)}, expected ${what} (a string)`;
}

/** The versions of the records in `wanted`, by id. */
export function versionIndex(versions: RecordVersion[], wanted: Map<string, string>): Map<string, RecordVersion> {
  const index = new Map<string, RecordVersion>();
  for (const v of versions) if (wanted.has(v.id)) index.set(v.id, v);
  return index;
}

/**
 * An engine's error as the trace records it: class name and message (`not-found:` for a missing
 * record). Deliberately not io/error-text.ts: this text is part of the trace, so of its hash, and
 * the class name tells a reviewer which kind of failure the engine raised.
 */
export function traceErrorText(error: unknown): string {
  // Every refused user action is described here; an engine fault is not one: it ends the run (see World.run()).
  if (error instanceof EngineError) throw error;
  // By name too: an engine built against the installed 'sync-lab' package throws that package's
  // class, which is not the one a bundle of the CLI (or the explore worker) carries.
  if (error instanceof RecordNotFoundError || (error instanceof Error && error.name === 'RecordNotFoundError')) return `not-found: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
