/**
 * `simulate`: one deterministic run. Same options (and schedule) in, same trace and trace hash out,
 * on any machine, in any worker, in any shard.
 */
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from './options.ts';
import type { Schedule } from './schedule.ts';
import type { LifecycleRejection } from './lifecycle.ts';
import type { TraceEvent } from '../trace/events.ts';
import { guardEngine } from './engine-guard.ts';
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

export function simulate(input: SimulateInput): SimResult {
  const schedule = input.schedule ?? generateSchedule(input.options);
  // Guarded: an engine that throws or answers nonsense ends the run with an engine-error finding.
  const world = new World(input.options, schedule, guardEngine(input.reconciler ?? defaultReconciler));
  return { ...world.run(), schedule };
}
