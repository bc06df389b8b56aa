/**
 * The adapter kit: what a `--reconciler` adapter needs from the lab and should not copy. Content is
 * sealed with the account key exactly as the built-in engine does it (XChaCha20-Poly1305 over the
 * canonical payload, bound to the op's clear metadata), so the content-exposure checkers judge an
 * adapter's ciphertext the same way; the outbox keeps unacknowledged ops until an ack removes
 * exactly them; the sync status tracker builds the `status()` disclosure. The stamp and id helpers
 * are the formats the built-in server accepts (until a module brings its own server).
 */
// @ts-nocheck

import { bindEngineOptions } from '../io/engine-options.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';

export { sealText, openText, encryptPayload, decryptPayload, opBinding, ChannelError, KEY_BYTES, NONCE_BYTES, MAX_SEALED_BYTES } from '../channel/payload.ts';
export type { Payload, ChannelErrorCode } from '../channel/payload.ts';
export { Outbox, OutboxFullError, MAX_OUTBOX_OPS } from '../reconciler/outbox.ts';
export { SyncStatusTracker } from './sync-status.ts';
export type { SyncErrorKind } from './sync-status.ts';
export { encodeStamp, decodeStamp, compareStamps, createStampClock, tick, observe } from '../core/stamp.ts';
export type { Stamp, StampClock, StampMode } from '../core/stamp.ts';
export { opIdFor, recordIdFor, deviceOf } from '../core/ids.ts';
export type { DeviceId, RecordId, OpId } from '../core/ids.ts';
export type { FieldValue, Fields, RecordVersion, Op, OpKind } from '../core/record.ts';
export type { ConnectivityMode } from '../core/connectivity-mode.ts';
export type * from '../core/wire.ts';
export type { EngineOptionsInput } from '../io/engine-options.ts';

/**
 * The module with engine options bound, as `--reconciler-options` binds them: validated by the
 * module's `optionsSchema`/`parseOptions` (throws naming the field), then passed to every
 * `create`/`restore` as `options.engineOptions`. For `runChecked({ reconciler })` in a test.
 */
export function withEngineOptions(module: ReconcilerModule, engineOptions: unknown): ReconcilerModule {
  return bindEngineOptions(module, { value: engineOptions, source: `withEngineOptions(${module.name})` }, false);
}
