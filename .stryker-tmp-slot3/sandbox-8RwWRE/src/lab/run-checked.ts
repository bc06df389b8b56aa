/** One simulated run with every checker on: the unit `run`, `explore`, `replay` and the tests share. */
// @ts-nocheck

import { simulate, simulateAsync } from '../sim/run.ts';
import type { SimResult, SimulateInput } from '../sim/run.ts';
import type { RunSummary, Violation } from '../trace/events.ts';
import { checkHazards, checkRun, TraceViews } from '../check/index.ts';
import type { Hazard, HazardOptions } from '../check/index.ts';

export interface CheckedRun extends SimResult {
  violations: Violation[];
  /** Hazards (src/check/hazards.ts): shown apart from violations, not a breach of the contract. */
  hazards: Hazard[];
  summary: RunSummary;
}

export interface CheckedRunInput extends SimulateInput {
  /** Bounds the hazard checks use (e.g. `futureStampBoundMs`); defaults in src/check/hazards.ts. */
  hazards?: HazardOptions;
}

/** `wallMs` is measured by the caller (the CLI); the check layer stays free of wall-clock reads. */
export function runChecked(input: CheckedRunInput, wallMs = 0): CheckedRun {
  return checked(input, simulate(input), wallMs);
}

/** `runChecked` for any engine, async ones included (`simulateAsync`; a sync engine runs exactly as in `runChecked`). */
export async function runCheckedAsync(input: CheckedRunInput, wallMs = 0): Promise<CheckedRun> {
  return checked(input, await simulateAsync(input), wallMs);
}

function checked(input: CheckedRunInput, result: SimResult, wallMs: number): CheckedRun {
  const checkInput = { trace: result.trace, serverState: result.serverState, stampMode: input.options.stampMode, ...(input.reconciler?.stampOrder ? { order: input.reconciler.stampOrder } : {}) };
  // One set of derived views (committed ops, oracle, causality, ...) for the hazards and every checker.
  const views = new TraceViews(checkInput);
  const hazards = checkHazards(result.trace, input.hazards, views);
  const violations = checkRun(checkInput, undefined, views);
  const summary: RunSummary = {
    seed: input.options.seed,
    traceHash: result.traceHash,
    events: result.trace.length,
    simulatedMs: result.simulatedMs,
    wallMs,
    converged: result.converged,
    convergedAtMs: result.convergedAtUs === null ? null : result.convergedAtUs / 1000,
    violations,
  };
  return { ...result, violations, hazards, summary };
}
