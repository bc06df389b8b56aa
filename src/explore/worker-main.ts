/**
 * The explore worker: a small batch of seeds per task. Bundled to plain JavaScript by `worker-bundle.ts` so a
 * worker thread starts in milliseconds; tsx is registered only when a task names a TypeScript
 * reconciler module to load.
 */
import { pathToFileURL } from 'node:url';
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { runSeed } from './run-seed.ts';
import type { SeedOutcome, SeedTask } from './run-seed.ts';

const loaded = new Map<string, Promise<ReconcilerModule>>();
let tsxRegistered: Promise<void> | null = null;

async function load(path: string): Promise<ReconcilerModule> {
  if (path.endsWith('.ts') || path.endsWith('.mts')) {
    tsxRegistered ??= import('tsx/esm/api').then((m) => void m.register());
    await tsxRegistered;
  }
  const exported = (await import(pathToFileURL(path).href)) as { default?: ReconcilerModule; reconciler?: ReconcilerModule };
  const module = exported.default ?? exported.reconciler;
  // The main thread validated the module before starting workers.
  if (!module) throw new Error(`explore worker: ${path} exports no ReconcilerModule`);
  return module;
}

async function runTask(task: SeedTask): Promise<SeedOutcome> {
  let reconciler: Promise<ReconcilerModule> | undefined;
  if (task.reconciler) {
    reconciler = loaded.get(task.reconciler);
    if (!reconciler) loaded.set(task.reconciler, (reconciler = load(task.reconciler)));
  }
  return runSeed(task, reconciler ? await reconciler : defaultReconciler);
}

/** A task is a small batch of seeds, run in order; the pool keys the outcomes by seed. */
export default async function runBatch(tasks: SeedTask[]): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  for (const task of tasks) outcomes.push(await runTask(task));
  return outcomes;
}
