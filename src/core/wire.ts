/**
 * The sync protocol between a device and the server: the only things that cross the wire.
 *
 * Everything a device sends is listed here, so the exposure checks can say exactly which fields
 * leave a device. Record content (fields and whether the op is a delete) travels only inside
 * `ciphertext`; the server sees the documented metadata and nothing else.
 */
import type { DeviceId, OpId, RecordId } from './ids.ts';

/** Stamps cross the wire in their sortable string form (see `encodeStamp`). */
export type EncodedStamp = string;

/** An op as it travels and as the server stores it. */
export interface WireOp {
  readonly opId: OpId;
  readonly recordId: RecordId;
  readonly deviceId: DeviceId;
  readonly stamp: EncodedStamp;
  /** base64 of nonce || AEAD ciphertext of the canonical `{ kind, fields }` payload. */
  readonly ciphertext: string;
}

/** A wire op as pulled back from the server, with its position in the account log. */
export interface PulledOp extends WireOp {
  readonly seq: number;
}

interface RequestBase {
  readonly requestId: string;
  readonly accountId: string;
  readonly deviceId: DeviceId;
  readonly token: string;
}

export interface PushRequest extends RequestBase {
  readonly type: 'push';
  readonly ops: readonly WireOp[];
}

export interface PullRequest extends RequestBase {
  readonly type: 'pull';
  /** Highest `seq` already applied; the server returns ops with a greater seq. */
  readonly cursor: number;
  readonly limit: number;
}

/** Optional cloud backup: an encrypted snapshot of the device's journal. */
export interface BackupRequest extends RequestBase {
  readonly type: 'backup';
  readonly ciphertext: string;
}

export type AdminAction = 'delete-account' | 'backup-admin';

/** Remote admin actions of the parity matrix. */
export interface AdminRequest extends RequestBase {
  readonly type: 'admin';
  readonly action: AdminAction;
}

export type SyncRequest = PushRequest | PullRequest | BackupRequest | AdminRequest;
export type RequestType = SyncRequest['type'];

export type SyncErrorCode = 'token-expired' | 'account-deleted' | 'bad-request' | 'unavailable';
/** Every refusal code of the protocol: a refusal carries one of these, nothing else. */
export const SYNC_ERROR_CODES: readonly SyncErrorCode[] = ['token-expired', 'account-deleted', 'bad-request', 'unavailable'];

/**
 * A refusal (`ok: false`) echoes what the server could read of the request: its `requestId` when the
 * request carried a string one, else `''` (no request has that id, so the answer matches none); its
 * `type` when it carried one of the four, else any of them. It carries a refusal code and a message.
 */
export interface ErrorResponse {
  readonly requestId: string;
  readonly type: RequestType;
  readonly ok: false;
  readonly error: SyncErrorCode;
  readonly message: string;
}

export interface PushResponse {
  readonly requestId: string;
  readonly type: 'push';
  readonly ok: true;
  /** Ops now durably in the server log (new or already there). May be a prefix of the request. */
  readonly acked: readonly OpId[];
}

export interface PullResponse {
  readonly requestId: string;
  readonly type: 'pull';
  readonly ok: true;
  readonly ops: readonly PulledOp[];
  /** The cursor to send next time. */
  readonly cursor: number;
  /** True when more ops are waiting beyond this batch. */
  readonly more: boolean;
}

export interface BackupResponse {
  readonly requestId: string;
  readonly type: 'backup';
  readonly ok: true;
  readonly backupId: string;
}

export interface AdminResponse {
  readonly requestId: string;
  readonly type: 'admin';
  readonly ok: true;
  readonly action: AdminAction;
}

export type SyncResponse = PushResponse | PullResponse | BackupResponse | AdminResponse | ErrorResponse;

/**
 * The metadata fields a request may carry in clear (spec: "bounded operational metadata ... including
 * timestamps, sync activity, and IP-address visibility"). The exposure-metadata checker holds every
 * transmitted message to this list.
 */
export const DOCUMENTED_REQUEST_FIELDS: Readonly<Record<RequestType, readonly string[]>> = {
  push: ['type', 'requestId', 'accountId', 'deviceId', 'token', 'ops'],
  pull: ['type', 'requestId', 'accountId', 'deviceId', 'token', 'cursor', 'limit'],
  backup: ['type', 'requestId', 'accountId', 'deviceId', 'token', 'ciphertext'],
  admin: ['type', 'requestId', 'accountId', 'deviceId', 'token', 'action'],
};
export const DOCUMENTED_OP_FIELDS: readonly string[] = ['opId', 'recordId', 'deviceId', 'stamp', 'ciphertext'];
