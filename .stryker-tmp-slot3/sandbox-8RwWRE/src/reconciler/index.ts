/**
 * The default reconciler module: what `--reconciler` loads when no module is given.
 */
// @ts-nocheck

import { DefaultReconciler, restoreReconciler } from './reconciler.ts';
import type { SyncReconcilerModule } from './types.ts';

export const defaultReconciler: SyncReconcilerModule = {
  name: 'default',
  capabilities: { syncPolicy: true },
  create: (options) => new DefaultReconciler(options),
  restore: (snapshot, options) => restoreReconciler(snapshot, options),
};

export { DefaultReconciler, restoreReconciler } from './reconciler.ts';
export { resolvePolicy } from './inputs.ts';
export { SnapshotError, SNAPSHOT_FORMAT } from './snapshot.ts';
export { OutboxFullError, MAX_OUTBOX_OPS } from './outbox.ts';
export { MAX_CONFLICT_ENTRIES } from './conflict-log.ts';
export { mergeVersion } from './merge.ts';
export default defaultReconciler;
