/**
 * sync-lab's public API: the Reconciler seam, the default reconciler, the server and channel, the
 * simulator and the trace format. Other modules are internal.
 */
// @ts-nocheck

export type {
  MaybePromise,
  Reconciler,
  ReconcilerModule,
  SyncReconciler,
  SyncReconcilerModule,
  ReconcilerOptions,
  SyncPolicy,
  SyncStatus,
  ConflictEntry,
  ConnectivityMode,
  DurableSnapshot,
  NonceSource,
  RemoteActionStatus,
} from './reconciler/types.ts';
export { RecordNotFoundError, DEFAULT_SYNC_POLICY } from './reconciler/types.ts';
export type { ClientInfo, JsonValue, ProtocolServer, ServerAnswer, ServerCreateOptions, ServerModule, StoredVersion } from './reconciler/server-seam.ts';
export { defaultReconciler } from './reconciler/index.ts';
export { SyncServer } from './server/index.ts';
export { encryptPayload, decryptPayload, ChannelError } from './channel/index.ts';
export * from './core/stamp.ts';
export * from './core/ids.ts';
export type * from './core/record.ts';
export type * from './core/wire.ts';
export { DOCUMENTED_REQUEST_FIELDS, DOCUMENTED_OP_FIELDS } from './core/wire.ts';
export { canonicalJson, sha256Hex, hashCanonical } from './core/canonical.ts';
export { traceHash, compareRecordedHash, TRACE_HASH_PATTERN } from './core/trace-hash.ts';
export * from './sim/index.ts';
