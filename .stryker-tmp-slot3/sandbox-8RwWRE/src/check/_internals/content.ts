/**
 * Content comparison: which field of a held version differs from the write the oracle says won.
 * Checkers compare op ids and stamps elsewhere; this makes them compare what the user sees too, so a
 * record that carries the winner's op id but mixes in fields of another write is named, field by field.
 */
// @ts-nocheck

import type { JsonFields, TraceVersion } from '../../trace/events.ts';
import { canonicalJson } from '../../core/canonical.ts';

/** The first difference in content between `want` (the winning write) and `got`, as text; null when equal. */
export function contentDiff(want: TraceVersion, got: TraceVersion): string | null {
  if (want.deleted !== got.deleted) return `deleted is ${String(got.deleted)}, the winning write has ${String(want.deleted)}`;
  const field = differingField(want.fields, got.fields);
  if (field === null) return null;
  const show = (fields: JsonFields): string => (field in fields ? canonicalJson(fields[field]) : 'no value');
  return `field ${field} is ${show(got.fields)}, the winning write ${want.opId} has ${show(want.fields)}`;
}

/** The first field name (sorted) whose value differs, including fields present on one side only. */
export function differingField(want: JsonFields, got: JsonFields): string | null {
  if (sameJson(want, got)) return null; // the common case, without serialising every field
  const names = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  for (const name of names) {
    const a = name in want ? canonicalJson(want[name]) : undefined;
    const b = name in got ? canonicalJson(got[name]) : undefined;
    if (a !== b) return name;
  }
  return null;
}

/** Deep equality of two JSON values (object key order aside): equal here means equal canonical text. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k) || x[k] === undefined) continue;
    defined++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k) && y[k] !== undefined) defined--;
  return defined === 0;
}
