/**
 * The lab's own statement of sync-lab's wire protocol limits (core/wire.ts, README "The wire
 * protocol"), for the damaged-request fault: what a request may carry, written once here from the
 * protocol's documentation and NOT imported from the server (src/server/request-schema.ts), so a
 * server that drifts from the protocol is caught rather than followed. A request outside these limits
 * must be refused by any server speaking the protocol; a field outside the protocol must be dropped.
 */

/** The protocol's name: the built-in server's, and the name an engine's own server declares (`ServerModule.name`) to say it speaks it. */
export const SYNC_LAB_PROTOCOL = 'sync-lab';

export const PROTOCOL_LIMITS = {
  /** requestId, accountId, deviceId, and an op's opId, recordId, deviceId: 1 to 200 characters. */
  idMaxChars: 200,
  /** A session token: at most 500 characters (empty is well-formed; the server then refuses the session). */
  tokenMaxChars: 500,
  /** Ops in one push. */
  maxOpsPerPush: 10_000,
  /** An op's ciphertext: 1 to 16 MiB base64 characters. */
  opCiphertextMaxChars: 16 * 1024 * 1024,
  /** A backup's ciphertext: 1 to 64 MiB base64 characters. */
  backupCiphertextMaxChars: 64 * 1024 * 1024,
  /** A pull's cursor: a non-negative safe integer; its limit: a positive safe integer. */
} as const;

/** A stamp: 15-digit wall ms, '.', 8-digit counter, '.', the issuing device's id (1 to 200 characters). */
export const PROTOCOL_STAMP_FORMAT = '<15 digits>.<8 digits>.<deviceId>';

/** The request kinds and admin actions the protocol defines. */
export const PROTOCOL_REQUEST_TYPES = ['push', 'pull', 'backup', 'admin'] as const;
export const PROTOCOL_ADMIN_ACTIONS = ['delete-account', 'backup-admin'] as const;

/** Whether a reconciler module's server speaks sync-lab's protocol: the built-in one (no `server`), or its own declaring the name. */
export function speaksSyncLab(module: { readonly server?: { readonly name: string } | undefined }): boolean {
  return module.server === undefined || module.server.name === SYNC_LAB_PROTOCOL;
}
