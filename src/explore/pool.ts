/**
 * Runs seeds on the main thread and, with more than one worker, on worker threads (piscina) too.
 * Outcomes are keyed by seed, so results never depend on the worker count or on completion order.
 *
 * With `workers: n` the main thread is one of the n: it starts on the first seed at once, while the
 * n - 1 pool threads are still being built and loaded (a worker thread costs a bundle build, a module
 * load and its own JIT warm-up, which used to eat most of the gain of a second worker on short runs).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Piscina } from 'piscina';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { UsageError } from '../io/usage-error.ts';
import { runSeed } from './run-seed.ts';
import type { SeedOutcome, SeedTask } from './run-seed.ts';
import { bundledWorker } from './worker-bundle.ts';
import type { BatchResult } from './worker-main.ts';

/** Most seeds per message to a worker (a message per seed costs a noticeable share of a short seed). */
export const BATCH = 8;
/** Batches queued per pool thread: enough to keep it busy while the main thread runs a seed. */
const QUEUED_PER_THREAD = 2;

/**
 * Seeds in the next message to a pool thread (guided self-scheduling): a share of what remains, small
 * enough that what a thread holds queued (QUEUED_PER_THREAD batches) is at most half of one thread's
 * share of the rest, at most BATCH, at least 1. Fixed batches of 8 handed a short run's seeds to a
 * pool thread still starting (16 of 20 seeds in `bench --explore-seeds 10`) and left the other
 * threads idle at the end while it worked through its last 8-16 seeds; the last batches are single seeds now.
 */
export function batchSize(remaining: number, threads: number): number {
  return Math.max(1, Math.min(BATCH, Math.floor(remaining / (2 * QUEUED_PER_THREAD * threads))));
}

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
  // One queue for everyone: whoever is free takes the next seeds.
  let next = 0;
  let halted = false;
  const take = (count: number): SeedTask[] => {
    if (halted || options.shouldStop?.()) return [];
    const batch = tasks.slice(next, next + count);
    next += batch.length;
    return batch;
  };
  const takeBatch = (most: number): SeedTask[] => take(Math.min(most, batchSize(tasks.length - next, options.workers)));

  const poolThreads = Math.max(0, options.workers - 1);
  let poolError: { error: unknown } | null = null;
  const pooled =
    poolThreads > 0 && tasks.length > BATCH
      ? runOnPool(poolThreads, takeBatch, record).catch((error: unknown) => {
          poolError = { error };
          halted = true;
        })
      : Promise.resolve();
  try {
    for (let [task] = take(1); task !== undefined; [task] = take(1)) {
      record(await runSeed(task, await loadReconciler(task.reconciler, undefined, task.reconcilerOptions)));
      // Lets the pool hand out batches and collect results between two seeds of this thread, and a
      // Ctrl-C handler run even with one worker (a signal waits for the event loop; ~µs per seed).
      await yieldToEventLoop();
    }
  } finally {
    halted = true;
    await pooled;
  }
  if (poolError) throw (poolError as { error: unknown }).error;
  return outcomes;
}

async function runOnPool(threads: number, takeBatch: (most: number) => SeedTask[], record: (outcome: SeedOutcome) => void): Promise<void> {
  const filename = await bundledWorker();
  // Until as many batches came back as there are pool threads, the threads are still starting (module
  // load, cold JIT: their first seeds run several times slower): they get single seeds meanwhile, so
  // the main thread, already warm, is not left waiting at the end for seeds queued to a cold thread.
  let answered = 0;
  const most = () => (answered < threads ? 1 : BATCH);
  let batch = takeBatch(most());
  if (batch.length === 0) return; // the main thread finished everything while the bundle was built
  // execArgv: [] keeps workers from inheriting tsx's loader hooks, which cost seconds per thread.
  const pool = new Piscina({ filename, minThreads: threads, maxThreads: threads, execArgv: [] });
  try {
    const inFlight = new Set<Promise<void>>();
    for (; batch.length > 0; batch = takeBatch(most())) {
      const job: Promise<void> = (pool.run(batch) as Promise<BatchResult>)
        .then((done) => {
          answered++;
          outcomesOf(done).forEach(record);
        })
        .finally(() => inFlight.delete(job));
      // Failures surface through race/all below; this only keeps a job that fails after an earlier failure from going unhandled.
      job.catch(() => {});
      inFlight.add(job);
      if (inFlight.size >= threads * QUEUED_PER_THREAD) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
}

/** A worker's refusal of bad input is a UsageError here too (exit 2), as if this thread had refused it. */
function outcomesOf(result: BatchResult): SeedOutcome[] {
  if ('refused' in result) throw new UsageError(result.refused);
  return result.outcomes;
}
