/**
 * Runs seeds on worker threads (piscina) or, with one worker, in this thread. Outcomes are keyed by
 * seed, so results never depend on the worker count or on completion order.
 */
import { Piscina } from 'piscina';
import { loadReconciler } from '../cli/reconciler-loader.ts';
import { runSeed } from './run-seed.ts';
import type { SeedOutcome, SeedTask } from './run-seed.ts';
import { bundledWorker } from './worker-bundle.ts';

/** Seeds per message to a worker. */
const BATCH = 8;

export interface PoolOptions {
  workers: number;
  /** Called after every finished seed, in completion order. */
  onOutcome?: (outcome: SeedOutcome) => void;
  /** When it returns true, no new seed is started (time budget). */
  shouldStop?: () => boolean;
}

export async function runSeeds(tasks: SeedTask[], options: PoolOptions): Promise<Map<number, SeedOutcome>> {
  const outcomes = new Map<number, SeedOutcome>();
  const record = (outcome: SeedOutcome): void => {
    outcomes.set(outcome.seed, outcome);
    options.onOutcome?.(outcome);
  };
  if (options.workers <= 1) {
    for (const task of tasks) {
      if (options.shouldStop?.()) break;
      record(runSeed(task, await loadReconciler(task.reconciler)));
    }
    return outcomes;
  }
  // execArgv: [] keeps workers from inheriting tsx's loader hooks, which cost seconds per thread.
  const pool = new Piscina({ filename: await bundledWorker(), minThreads: options.workers, maxThreads: options.workers, execArgv: [] });
  try {
    // Seeds travel in small batches (a message per seed costs a noticeable share of a short seed),
    // and only a few batches are in flight, so a time budget still stops promptly.
    const inFlight = new Set<Promise<void>>();
    const limit = options.workers * 3;
    for (let at = 0; at < tasks.length; at += BATCH) {
      if (options.shouldStop?.()) break;
      const batch = tasks.slice(at, at + BATCH);
      const job: Promise<void> = (pool.run(batch) as Promise<SeedOutcome[]>)
        .then((done) => done.forEach(record))
        .finally(() => inFlight.delete(job));
      inFlight.add(job);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  return outcomes;
}
