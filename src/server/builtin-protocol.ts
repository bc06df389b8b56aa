/**
 * The built-in server as one implementation of the server seam (reconciler/server-seam.ts): the
 * server a module without its own `server` talks to, over sync-lab's protocol (core/wire.ts). The
 * simulator drives it through the same `ServerModule` calls as any engine's own server; what only the
 * built-in server can do (a partial push, for the partialApplyPercent fault; a request shed as busy, for
 * serverBusyPercent) is `handleWithFault`.
 */
import type { SyncRequest, SyncResponse } from '../core/wire.ts';
import { DOCUMENTED_OP_FIELDS, DOCUMENTED_REQUEST_FIELDS } from '../core/wire.ts';
import type { ClientInfo, JsonValue, ProtocolServer, ServerAnswer, ServerCreateOptions, ServerModule, StoredVersion } from '../reconciler/server-seam.ts';
import type { StoredOp } from './account-log.ts';
import { SyncServer } from './sync-server.ts';
import type { ServerFault } from './sync-server.ts';

export const BUILTIN_PROTOCOL_NAME = 'sync-lab';

export class BuiltinProtocolServer implements ProtocolServer<SyncRequest, SyncResponse> {
  readonly server: SyncServer;

  constructor(private readonly accountId: string, tokenTtlMs: number) {
    this.server = new SyncServer({ tokenTtlMs });
  }

  handle(message: SyncRequest, nowMs: number, client: ClientInfo): ServerAnswer<SyncResponse> {
    return this.handleWithFault(message, nowMs, client, undefined);
  }

  /** `handle`, with a server fault injected: into a push (stores a prefix, then acks it or fails), or into any request (shed as busy). */
  handleWithFault(message: SyncRequest, nowMs: number, client: ClientInfo, fault: ServerFault | undefined): ServerAnswer<SyncResponse> {
    const { response, appended, deduplicated } = this.server.handleDetailed(message, nowMs, client.address, fault);
    return { response, stored: appended, deduplicated, ...(response.ok ? {} : { error: response.error }) };
  }

  state(): JsonValue {
    return this.server.dump() as unknown as JsonValue;
  }

  /** The account's op log (what run-end's serverLog records for the built-in server). */
  log(): readonly StoredOp[] {
    return this.server.log(this.accountId);
  }

  storedVersions(): readonly StoredVersion[] {
    return this.log().map(({ opId, recordId, stamp }) => ({ opId, recordId, stamp }));
  }

  issueToken(deviceId: string, nowMs: number): string {
    return this.server.issueToken(this.accountId, deviceId, nowMs);
  }

  expireTokensOf(deviceId: string, nowMs: number): void {
    this.server.expireTokensOf(this.accountId, deviceId, nowMs);
  }

  expireToken(token: string, nowMs: number): void {
    this.server.expireToken(token, nowMs);
  }
}

/** Every documented field path of sync-lab's requests (E2), in the seam's path syntax. */
const BUILTIN_METADATA: readonly string[] = [
  ...new Set([...Object.values(DOCUMENTED_REQUEST_FIELDS).flat().filter((f) => f !== 'ops'), ...DOCUMENTED_OP_FIELDS.map((f) => `ops[].${f}`)]),
].sort();

export const builtinServerModule = {
  name: BUILTIN_PROTOCOL_NAME,
  create: ({ accountId, tokenTtlMs }: ServerCreateOptions): BuiltinProtocolServer => new BuiltinProtocolServer(accountId, tokenTtlMs),
  requestIdOf: (request: SyncRequest): string => request.requestId,
  kindOf: (message: SyncRequest | SyncResponse): string => message.type,
  metadata: BUILTIN_METADATA,
} satisfies ServerModule<SyncRequest, SyncResponse>;
