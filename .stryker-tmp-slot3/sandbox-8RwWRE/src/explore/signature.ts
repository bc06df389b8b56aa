/**
 * Triage: a failure's signature, so a swarm's failures group into distinct causes. A signature is the
 * checker, the kind of the trace event where the violation was found, and the shape of the history
 * of the records it names (one writer or several, with or without a delete, logged conflict or
 * not). Coarse on purpose: one bug gives one signature across seeds, and shrinking a
 * failure keeps its signature, so it cannot drift to a different bug that trips the same checker.
 */
// @ts-nocheck

import type { TraceEvent, Violation } from '../trace/events.ts';

export function failureSignature(v: Pick<Violation, 'checker' | 'eventIndex' | 'records'>, trace: readonly TraceEvent[]): string {
  const at = trace[v.eventIndex];
  const records = new Set(v.records);
  const ops = new Set<string>();
  const writers = new Set<string>();
  let conflict = false;
  if (records.size > 0) {
    for (const e of trace) {
      if (e.i > v.eventIndex) break;
      if (e.kind === 'local-write' && e.ok && records.has(e.recordId)) {
        ops.add(e.op);
        writers.add(e.device);
      } else if (e.kind === 'conflict' && records.has(e.recordId)) conflict = true;
    }
  }
  const shape = records.size === 0 ? 'no-record' : `${writers.size > 1 ? 'multi-writer' : 'single-writer'}${ops.has('delete') ? ',delete' : ''}${conflict ? ',conflict' : ''}`;
  return `${v.checker}|${at?.kind ?? 'end'}|${shape}`;
}
