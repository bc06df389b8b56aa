/**
 * The IndexedDB engine as a `--reconciler` module: an async engine (every call answers with a
 * promise) that talks sync-lab's own protocol to the built-in server.
 *
 *   npx sync-lab explore --seeds 500 --reconciler examples/indexeddb/index.ts
 */
// @ts-nocheck

import type { DurableSnapshot, ReconcilerModule, ReconcilerOptions } from '../../src/api/index.ts';
import { IndexedDbEngine } from './engine.ts';

const reconciler: ReconcilerModule = {
  name: 'indexeddb-outbox',
  capabilities: { stampModes: ['hlc'], remoteActions: [] },
  create: (options: ReconcilerOptions) => IndexedDbEngine.create(options),
  restore: (snapshot: DurableSnapshot, options: ReconcilerOptions) => IndexedDbEngine.restore(snapshot, options),
};

export default reconciler;
