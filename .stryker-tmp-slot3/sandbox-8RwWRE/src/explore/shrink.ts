/**
 * Shrinking a failure to a small explicit schedule. The scenario is modelled for fast-check as a
 * subset of the failing schedule's events; the failing schedule itself is given as the example, so
 * fast-check's own shrinker removes events for as long as the same checker still fails. The seed
 * and options stay fixed (network randomness still comes from the seed), so the result replays
 * exactly.
 */
// @ts-nocheck

import fc from 'fast-check';
import { runCheckedAsync } from '../lab/run-checked.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from '../sim/options.ts';
import { findScheduleProblem } from '../sim/schedule.ts';
import type { Schedule } from '../sim/schedule.ts';
import { failureSignature } from './signature.ts';

export interface ShrinkInput {
  options: SimOptions;
  schedule: Schedule;
  reconciler: ReconcilerModule;
  checker: string;
  /** When given, a candidate must fail `checker` with this signature (triage): shrinking cannot drift to another bug. */
  signature?: string;
  /** Wall-clock budget for shrinking. */
  timeLimitMs?: number;
}

export interface ShrinkResult {
  schedule: Schedule;
  originalEvents: number;
  shrunkEvents: number;
  /** Simulations run while shrinking. */
  attempts: number;
}

export function withEvents(schedule: Schedule, indices: readonly number[]): Schedule {
  return { ...schedule, events: indices.map((i) => schedule.events[i]!) };
}

export async function violates(input: Omit<ShrinkInput, 'timeLimitMs'>, schedule: Schedule): Promise<boolean> {
  const result = await runCheckedAsync({ options: input.options, schedule, reconciler: input.reconciler });
  // The first violation of the checker is the one a seed outcome keeps; the signature is judged on it.
  const first = result.violations.find((v) => v.checker === input.checker);
  if (!first) return false;
  return input.signature === undefined || failureSignature(first, result.trace) === input.signature;
}

/** Async so an async engine shrinks too (fast-check's asyncProperty); a sync engine's runs stay synchronous inside. */
export async function shrinkSchedule(input: ShrinkInput): Promise<ShrinkResult> {
  const all = input.schedule.events.map((_, i) => i);
  let attempts = 0;
  const outcome = await fc.check(
    fc.asyncProperty(fc.subarray(all), async (indices) => {
      const candidate = withEvents(input.schedule, indices);
      // Only schedules the strict schema accepts (no edit of a ref whose create was removed), so
      // the replay file written from the result loads again.
      if (findScheduleProblem(candidate, input.options)) return true;
      attempts++;
      return !(await violates(input, candidate));
    }),
    { examples: [[all]], numRuns: 1, seed: input.options.seed, interruptAfterTimeLimit: input.timeLimitMs ?? 30_000 },
  );
  const best = (outcome.failed && outcome.counterexample ? outcome.counterexample[0] : undefined) ?? all;
  const schedule = withEvents(input.schedule, best);
  return { schedule, originalEvents: all.length, shrunkEvents: schedule.events.length, attempts };
}
