/**
 * What callers hand the reconciler, checked at its edge: record fields (copied, so a caller mutating
 * its object later cannot change a committed version) and the sync policy (positive integers, a
 * backoff ceiling not below its start). Bad input throws, naming the field.
 */
// @ts-nocheck

import type { FieldValue, Fields } from '../core/record.ts';
import { DEFAULT_SYNC_POLICY } from './types.ts';
import type { SyncPolicy } from './types.ts';

export function resolvePolicy(partial: Partial<SyncPolicy> | undefined): SyncPolicy {
  const policy: SyncPolicy = { ...DEFAULT_SYNC_POLICY, ...partial };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`reconciler: policy.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  if (policy.backoffMaxMs < policy.backoffInitialMs) {
    throw new RangeError(`reconciler: policy.backoffMaxMs (${policy.backoffMaxMs}) must be >= backoffInitialMs (${policy.backoffInitialMs})`);
  }
  return policy;
}

function isFieldValue(v: unknown): v is FieldValue {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
    default:
      return false;
  }
}

/** Copies fields so later mutation by the caller cannot change a committed version. */
export function copyFields(fields: Fields): Fields {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new TypeError('reconciler: fields must be a plain object');
  }
  const out: Record<string, FieldValue> = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (!isFieldValue(value)) throw new TypeError(`reconciler: field ${JSON.stringify(key)} must be a string, finite number, boolean, null or string[]`);
    out[key] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

