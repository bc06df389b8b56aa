/**
 * One seed of an exploration: draw the seed's options from the profile, simulate with every checker
 * on, and keep only what the summary needs (hash, size, the first violation per checker). Runs the
 * same in the main thread and in a worker.
 */
import { runCheckedAsync } from '../lab/run-checked.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { drawOptions } from './profile.ts';
import { failureSignature } from './signature.ts';
import type { Profile } from './profile.ts';

export interface SeedTask {
  seed: number;
  profile: Profile;
  /** Path of the reconciler module (absolute), or undefined for the default. */
  reconciler?: string | undefined;
}

export interface SeedViolation {
  checker: string;
  message: string;
  eventIndex: number;
  t: number;
  /** Triage: checker, violating event kind, the records' history shape (signature.ts). */
  signature: string;
}

export interface SeedOutcome {
  seed: number;
  traceHash: string;
  events: number;
  converged: boolean;
  violations: SeedViolation[];
  /** Schedule events that could not take effect (`schedule-skip`), by code: legitimate in random schedules, counted, not failures. */
  skips: Record<string, number>;
  /** Hazards (future-stamp), by kind: reported apart from violations, never failures of a swarm. */
  hazards: Record<string, number>;
}

/** Async so an async engine runs too; a synchronous engine runs straight through (see simulateAsync). */
export async function runSeed(task: SeedTask, reconciler: ReconcilerModule): Promise<SeedOutcome> {
  const options = drawOptions(task.profile, task.seed);
  const result = await runCheckedAsync({ options, reconciler });
  const firstPerChecker = new Map<string, SeedViolation>();
  for (const v of result.violations) {
    if (!firstPerChecker.has(v.checker)) firstPerChecker.set(v.checker, { checker: v.checker, message: v.message, eventIndex: v.eventIndex, t: v.t, signature: failureSignature(v, result.trace) });
  }
  const skips: Record<string, number> = {};
  for (const e of result.trace) if (e.kind === 'schedule-skip') skips[e.code] = (skips[e.code] ?? 0) + 1;
  return {
    seed: task.seed,
    traceHash: result.traceHash,
    events: result.trace.length,
    converged: result.converged,
    violations: [...firstPerChecker.values()],
    skips,
    hazards: result.hazards.reduce<Record<string, number>>((n, h) => ({ ...n, [h.hazard]: (n[h.hazard] ?? 0) + 1 }), {}),
  };
}
