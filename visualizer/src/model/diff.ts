/**
 * Run diff: where two traces of one scenario (e.g. hlc vs wall stamps of one seed) part. run-start is
 * compared separately (its options differ by design); the first differing event after it is the point
 * where the runs diverge.
 */
import type { TraceEvent } from '../../../src/trace/events.ts';
import { stableJson } from './replica.ts';

export interface RunDiff {
  /** Option keys (and top-level run-start fields) whose values differ. */
  configDifferences: string[];
  /** Position in both traces of the first differing event, or null when they are identical. */
  firstDifference: number | null;
  left: TraceEvent | null;
  right: TraceEvent | null;
  /** Fields of the first differing events whose values differ (kind first if the kinds differ). */
  fields: string[];
  lengths: [number, number];
}

function startFields(e: TraceEvent | undefined): Record<string, unknown> {
  if (e?.kind !== 'run-start') return {};
  const { i: _i, t: _t, kind: _k, options, ...rest } = e;
  return { ...rest, ...Object.fromEntries(Object.entries(options ?? {}).map(([k, v]) => [`options.${k}`, v])) };
}

export function diffRuns(a: readonly TraceEvent[], b: readonly TraceEvent[]): RunDiff {
  const sa = startFields(a[0]);
  const sb = startFields(b[0]);
  const configDifferences = [...new Set([...Object.keys(sa), ...Object.keys(sb)])].filter((k) => stableJson(sa[k]) !== stableJson(sb[k])).sort();
  const from = a[0]?.kind === 'run-start' && b[0]?.kind === 'run-start' ? 1 : 0;
  const n = Math.max(a.length, b.length);
  for (let k = from; k < n; k++) {
    const left = a[k] ?? null;
    const right = b[k] ?? null;
    if (left && right && stableJson(left) === stableJson(right)) continue;
    const fields: string[] = [];
    if (left && right) {
      if (left.kind !== right.kind) fields.push('kind');
      const l = left as unknown as Record<string, unknown>;
      const r = right as unknown as Record<string, unknown>;
      for (const key of [...new Set([...Object.keys(l), ...Object.keys(r)])].sort()) {
        if (key !== 'kind' && stableJson(l[key]) !== stableJson(r[key])) fields.push(key);
      }
    }
    return { configDifferences, firstDifference: k, left, right, fields, lengths: [a.length, b.length] };
  }
  return { configDifferences, firstDifference: null, left: null, right: null, fields: [], lengths: [a.length, b.length] };
}
