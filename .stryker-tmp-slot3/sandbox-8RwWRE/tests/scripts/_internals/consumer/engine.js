// @ts-nocheck
// A small JavaScript reconciler: the library's default engine behind a module of its own name.
import { defaultReconciler } from 'sync-lab';
export default {
  name: 'consumer-engine',
  create: (options) => defaultReconciler.create(options),
  restore: (snapshot, options, nowMs) => defaultReconciler.restore(snapshot, options, nowMs),
};
