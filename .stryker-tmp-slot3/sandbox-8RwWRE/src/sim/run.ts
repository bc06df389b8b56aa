/**
 * `simulate`: one deterministic run. Same options (and schedule) in, same trace and trace hash out,
 * on any machine, in any worker, in any shard. `simulate` runs a synchronous engine (and refuses an
 * async one with an `AsyncEngineError` naming `simulateAsync`); `simulateAsync` runs either kind.
 */
// @ts-nocheck

import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from './options.ts';
import type { Schedule } from './schedule.ts';
import type { LifecycleRejection } from './lifecycle.ts';
import type { TraceEvent } from '../trace/events.ts';
import { guardEngine } from './engine-guard.ts';
import { AsyncEngineError, runAsync, runSync } from './engine-call.ts';
import { activeHandleProbe } from './handle-probe.ts';
import { generateSchedule } from './workload.ts';
import { World } from './world.ts';

export interface SimulateInput {
  options: SimOptions;
  /** An explicit schedule (a replay, a shrunk failure, a model path); generated from the seed when absent. */
  schedule?: Schedule;
  reconciler?: ReconcilerModule;
}

export interface SimResult {
  trace: TraceEvent[];
  traceHash: string;
  schedule: Schedule;
  /** Everything the server stores (for the exposure scans). */
  serverState: unknown;
  simulatedMs: number;
  converged: boolean;
  convergedAtUs: number | null;
  /** Lifecycle events the device models refused (a restart of a running device, ...); not in the trace. */
  lifecycleRejections: LifecycleRejection[];
}

export { AsyncEngineError };

export function simulate(input: SimulateInput): SimResult {
  const schedule = input.schedule ?? generateSchedule(input.options);
  // Guarded: an engine that throws or answers nonsense ends the run with an engine-error finding.
  const world = new World(input.options, schedule, guardEngine(input.reconciler ?? defaultReconciler));
  return { ...runSync(world.run()), schedule };
}

/** Modules seen answering with a promise: the next run of them goes straight to the async driver. */
const knownAsync = new WeakSet<ReconcilerModule>();

/**
 * One run of any engine: a synchronous one exactly as `simulate` runs it (same trace, same hash); an
 * async one (any answer a promise) under the async driver, which awaits each answer, drains microtasks
 * after every event and probes for real timers and I/O (see engine-call.ts, engine-guard.ts).
 */
export async function simulateAsync(input: SimulateInput): Promise<SimResult> {
  const module = input.reconciler ?? defaultReconciler;
  if (!knownAsync.has(module)) {
    try {
      return simulate(input);
    } catch (error) {
      if (!(error instanceof AsyncEngineError)) throw error;
      knownAsync.add(module);
    }
  }
  const schedule = input.schedule ?? generateSchedule(input.options);
  const world = new World(input.options, schedule, guardEngine(module, activeHandleProbe()), true);
  return { ...(await runAsync(world.run())), schedule };
}
