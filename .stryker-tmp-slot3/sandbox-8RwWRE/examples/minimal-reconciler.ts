/**
 * The smallest useful `--reconciler` module: the built-in engine with its sync policy tuned. Copy it
 * as a starting point for wrapping your own engine: `create` and `restore` must return an object that
 * implements `Reconciler` (src/reconciler/types.ts).
 *
 *   npx sync-lab run --seed 42 --reconciler examples/minimal-reconciler.ts
 *   npx sync-lab explore --seeds 500 --reconciler examples/minimal-reconciler.ts
 */
// @ts-nocheck

import { defaultReconciler } from '../src/api/index.ts'; // 'sync-lab' from another package
import type { ReconcilerModule, ReconcilerOptions } from '../src/api/index.ts';

const tuned = (options: ReconcilerOptions): ReconcilerOptions => ({ ...options, policy: { pullIntervalMs: 2_000, maxPushBatch: 4 } });

const reconciler: ReconcilerModule = {
  name: 'default-fast-pull',
  create: (options) => defaultReconciler.create(tuned(options)),
  restore: (snapshot, options, nowMs) => defaultReconciler.restore(snapshot, tuned(options), nowMs),
};

export default reconciler;
