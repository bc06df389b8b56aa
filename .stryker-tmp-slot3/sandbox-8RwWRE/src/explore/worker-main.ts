/**
 * The explore worker: a small batch of seeds per task. Bundled to plain JavaScript by `worker-bundle.ts` so a
 * worker thread starts in milliseconds. Modules are loaded by the same loader as on the main thread
 * (src/io/reconciler-loader.ts), so they are validated the same way; tsx is registered only when a
 * task names a TypeScript module (workers start without the main thread's loader hooks).
 */
// @ts-nocheck

import { pathToFileURL } from 'node:url';
import { loadReconciler } from '../io/reconciler-loader.ts';
import type { ModuleImporter } from '../io/reconciler-loader.ts';
import { UsageError } from '../io/usage-error.ts';
import { runSeed } from './run-seed.ts';
import type { SeedOutcome, SeedTask } from './run-seed.ts';

let tsxRegistered: Promise<void> | null = null;

/** Imports a module file, compiling TypeScript through tsx when it is one. */
export const importInWorker: ModuleImporter = async (path) => {
  if (/\.[mc]?tsx?$/.test(path)) {
    tsxRegistered ??= import('tsx/esm/api').then((m) => void m.register());
    await tsxRegistered;
  }
  return import(pathToFileURL(path).href);
};

/**
 * What a batch gives back. A refusal (a module that will not load) travels as data: an error that
 * crosses threads arrives as a plain Error, and bad input must stay exit 2, not become an internal error.
 */
export type BatchResult = { outcomes: SeedOutcome[] } | { refused: string };

/** A task is a small batch of seeds, run in order; the pool keys the outcomes by seed. */
export default async function runBatch(tasks: SeedTask[]): Promise<BatchResult> {
  const outcomes: SeedOutcome[] = [];
  for (const task of tasks) {
    let reconciler;
    try {
      reconciler = await loadReconciler(task.reconciler, importInWorker, task.reconcilerOptions);
    } catch (error) {
      if (error instanceof UsageError) return { refused: error.message };
      throw error;
    }
    outcomes.push(await runSeed(task, reconciler));
  }
  return { outcomes };
}
