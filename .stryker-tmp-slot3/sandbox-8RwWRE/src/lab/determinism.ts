/**
 * determinism: the same seed, options, schedule and reconciler give the same trace hash. Runs the
 * input twice, in this process, and compares the fingerprints.
 */
// @ts-nocheck

import { simulate } from '../sim/run.ts';
import type { SimResult, SimulateInput } from '../sim/run.ts';
import type { Violation } from '../trace/events.ts';

export interface DeterminismResult {
  deterministic: boolean;
  hashes: [string, string];
  /** The first event index where the two traces differ, or null. */
  firstDifference: number | null;
  violation: Violation | null;
}

/** Compares a run already made (when given) with a fresh one from the same input. */
export function checkDeterminism(input: SimulateInput, first?: SimResult): DeterminismResult {
  const a = first ?? simulate(input);
  const b = simulate({ ...input, schedule: input.schedule ?? a.schedule });
  const c = input.schedule === undefined ? simulate({ ...input }) : b;
  // Both a replay of the same schedule and a regeneration from the seed must reproduce the run.
  const other = c.traceHash !== a.traceHash ? c : b;
  if (other.traceHash === a.traceHash) return { deterministic: true, hashes: [a.traceHash, other.traceHash], firstDifference: null, violation: null };
  let at = 0;
  const limit = Math.min(a.trace.length, other.trace.length);
  while (at < limit && JSON.stringify(a.trace[at]) === JSON.stringify(other.trace[at])) at++;
  const event = a.trace[at] ?? other.trace[at];
  return {
    deterministic: false,
    hashes: [a.traceHash, other.traceHash],
    firstDifference: at,
    violation: {
      checker: 'determinism',
      message: `the same input ran twice gave trace hashes ${a.traceHash.slice(0, 12)} and ${other.traceHash.slice(0, 12)}; expected identical traces, first difference at event ${at}`,
      eventIndex: at,
      t: event?.t ?? 0,
      devices: [],
      records: [],
    },
  };
}
