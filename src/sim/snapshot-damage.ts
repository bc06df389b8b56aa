/**
 * The damage catalogue of the damaged-snapshot fault (userStorageDamagePercent, snapshot-damage-fault.ts):
 * what a device's storage may hand the app at restart instead of the snapshot it saved. Structural
 * only, so a careful engine can tell every damage from the intact snapshot WITHOUT a checksum: it
 * walks the snapshot's own JSON shape generically (its top level and, cheaply, one level down),
 * never knowing any engine's field names beyond the port's `format` and `deviceId`:
 *
 * - `not-object`: the whole value is not an object (null, an empty array, or the JSON text cut short);
 * - `format`: `format` is a value no engine writes (a file of another or older app version);
 * - `foreign`: another device's durable state (this device's storage restored from that device's
 *   backup), or, in a run of one device, this device's content under another `deviceId`;
 * - `missing`: one top-level field removed;
 * - `type`: one top-level field, or one child of an array or object field, of another JSON type
 *   (array ↔ object, string → number, number → string, boolean → string; null values are left alone,
 *   a nullable field could legitimately hold a string);
 * - `torn`: a torn write: an array field keeps only a prefix and every field after it is gone (drawn
 *   only when one follows, so the tear shows as missing fields).
 *
 * Values are never changed within their type and shape (that no engine could tell from intact).
 * Fields are drawn weighted by the length of their JSON text, so the fields that carry the state are
 * damaged most.
 */
import type { DurableSnapshot } from '../reconciler/types.ts';
import type { RandomStream } from './random.ts';

export const SNAPSHOT_DAMAGES = ['not-object', 'format', 'foreign', 'missing', 'type', 'torn'] as const;
export type SnapshotDamageKind = (typeof SNAPSHOT_DAMAGES)[number];

export interface DamagedSnapshot {
  readonly damage: SnapshotDamageKind;
  /** The damaged place: `(root)`, a top-level field, or `field[0]` / `field.key` one level down. */
  readonly path: string;
  /** What the storage hands restore (a fresh copy: the intact snapshot shares nothing with it). */
  readonly value: unknown;
}

type Json = Record<string, unknown>;

/** A deep copy of plain JSON (snapshots are plain JSON by the port's contract). */
function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function weight(value: unknown): number {
  return (JSON.stringify(value) ?? '').length + 1;
}

/** One of `keys`, weighted by the length of its value's JSON text. */
function pickField(rng: RandomStream, json: Json, keys: readonly string[]): string {
  const weights = keys.map((k) => weight(json[k]));
  let at = rng.int(0, weights.reduce((a, b) => a + b, 0) - 1);
  for (let n = 0; n < keys.length; n++) {
    at -= weights[n]!;
    if (at < 0) return keys[n]!;
  }
  return keys[keys.length - 1]!;
}

/** `value` as another JSON type, or undefined for null (see the module comment). */
function retyped(value: unknown): unknown {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, n) => [String(n), v]));
  switch (typeof value) {
    case 'object':
      return value === null ? undefined : Object.values(value);
    case 'string':
      return value.length;
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}

/** A child of an array or object field whose type can change: `[path, container, key]`. */
function childOf(rng: RandomStream, json: Json, field: string): { path: string; key: string | number } | undefined {
  const value = json[field];
  if (Array.isArray(value)) {
    const at = value.findIndex((v) => v !== null);
    return at < 0 ? undefined : { path: `${field}[${at}]`, key: at };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const keys = Object.keys(value).filter((k) => (value as Json)[k] !== null);
  if (keys.length === 0) return undefined;
  const key = keys[rng.int(0, keys.length - 1)]!;
  return { path: `${field}.${key}`, key };
}

/** Draws how to damage `snapshot` (torn only where an array field is followed by another field). */
export function drawDamage(rng: RandomStream, snapshot: DurableSnapshot): SnapshotDamageKind {
  const damages = SNAPSHOT_DAMAGES.filter((d) => d !== 'torn' || tornFields(snapshot as Json).length > 0);
  return damages[rng.int(0, damages.length - 1)]!;
}

/** Non-empty array fields with another field after them. */
function tornFields(json: Json): string[] {
  const keys = Object.keys(json);
  return keys.filter((k, n) => Array.isArray(json[k]) && (json[k] as unknown[]).length > 0 && n < keys.length - 1);
}

/**
 * Damages `snapshot` the way drawn (`drawDamage`), with further draws from `rng`. `foreign`: another
 * device's durable state (undefined: none; `otherId` still names another device of the run).
 */
export function damageSnapshot(rng: RandomStream, snapshot: DurableSnapshot, damage: SnapshotDamageKind, otherId: string, foreign: DurableSnapshot | undefined): DamagedSnapshot {
  const json = snapshot as Json;
  const keys = Object.keys(json);
  switch (damage) {
    case 'not-object': {
      const text = JSON.stringify(json);
      const values = [null, [], text.slice(0, Math.floor(text.length / 2))];
      return { damage, path: '(root)', value: values[rng.int(0, values.length - 1)] };
    }
    case 'format':
      return { damage, path: 'format', value: { ...(copy(json) as Json), format: `unknown-app/v0 (not ${String(json['format'])})` } };
    case 'foreign':
      return foreign !== undefined && foreign.deviceId !== snapshot.deviceId
        ? { damage, path: '(root)', value: copy(foreign) }
        : { damage, path: 'deviceId', value: { ...(copy(json) as Json), deviceId: otherId } };
    case 'missing': {
      if (keys.length === 0) return { damage: 'not-object', path: '(root)', value: null };
      const field = pickField(rng, json, keys);
      const value = copy(json) as Json;
      delete value[field];
      return { damage, path: field, value };
    }
    case 'type': {
      const retypable = keys.filter((k) => json[k] !== null && json[k] !== undefined);
      if (retypable.length === 0) return { damage: 'not-object', path: '(root)', value: null };
      const field = pickField(rng, json, retypable);
      const value = copy(json) as Json;
      const child = rng.chance(50) ? childOf(rng, value, field) : undefined;
      if (child !== undefined) {
        const container = value[field] as Json;
        container[child.key] = retyped(container[child.key]);
        return { damage, path: child.path, value };
      }
      value[field] = retyped(value[field]);
      return { damage, path: field, value };
    }
    case 'torn': {
      const field = pickField(rng, json, tornFields(json));
      const value: Json = {};
      for (const k of keys) {
        if (k !== field) {
          value[k] = copy(json[k]);
          continue;
        }
        const items = json[k] as unknown[];
        value[k] = copy(items.slice(0, rng.int(0, items.length - 1)));
        break;
      }
      return { damage, path: field, value };
    }
  }
}
