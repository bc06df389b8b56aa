/**
 * The sync service, sans-IO: `handle(request, nowMs, clientAddress)` returns the response. Per
 * account it keeps an append-only log of encrypted ops (deduplicated by op id), encrypted backups and
 * session tokens. It never holds the account key, so everything it stores is ciphertext plus the
 * documented metadata: account id, device id, op id, record id, stamp, ciphertext length, receive
 * time and client address.
 */
import { deviceOf } from '../core/ids.ts';
import type { OpId } from '../core/ids.ts';
import type { RequestType, SyncErrorCode, SyncResponse } from '../core/wire.ts';
import { AccountLog, LogFullError } from './account-log.ts';
import type { StoredOp } from './account-log.ts';
import { validateRequest } from './request-schema.ts';
import type { ValidRequest } from './request-schema.ts';
import { TokenStore } from './tokens.ts';
import type { Session } from './tokens.ts';

export interface SyncServerOptions {
  /** Most ops accepted from one push; the rest are not acked and the device sends them again. */
  readonly maxPushBatch: number;
  /** Most ops returned by one pull, whatever `limit` the device asks for. */
  readonly maxPullBatch: number;
  readonly tokenTtlMs: number;
  /** Ops one account may hold. */
  readonly maxLogOps: number;
  /** Backups kept per account (oldest dropped). */
  readonly maxBackupsPerAccount: number;
}

export const DEFAULT_SERVER_OPTIONS: SyncServerOptions = {
  maxPushBatch: 64,
  maxPullBatch: 128,
  tokenTtlMs: 60 * 60 * 1000,
  maxLogOps: 1_000_000,
  maxBackupsPerAccount: 8,
};

export interface StoredBackup {
  readonly backupId: string;
  readonly deviceId: string;
  readonly ciphertext: string;
  readonly ciphertextLength: number;
  readonly receivedAtMs: number;
  readonly clientAddress: string;
}

/**
 * A fault injected into one push (by the simulator): the server stores only the first `storeOnly` ops
 * of the batch, then acknowledges exactly those (`ack-stored`) or fails with `unavailable` (`fail`)
 * although it stored them. Nothing stored is ever lost.
 */
export interface PushFault {
  readonly storeOnly: number;
  readonly answer: 'ack-stored' | 'fail';
}

/**
 * A fault injected into one request of any type (by the simulator, serverBusyPercent): the server
 * sheds load, answering `unavailable` before it looks at the request, storing and changing nothing.
 */
export interface BusyFault {
  readonly busy: true;
}

/**
 * A fault injected into one backup request (backupQuotaRefusalPercent): after checking it (valid,
 * authorised), the server refuses it for good as over the account's backup quota (`bad-request`: a
 * request it will not accept however often it is sent), storing nothing.
 */
export interface QuotaFault {
  readonly overQuota: true;
}

/** What the simulator may inject into one request the built-in server handles. */
export type ServerFault = PushFault | BusyFault | QuotaFault;

/** What one request did to the server's state (for the trace's server-apply event). */
export interface HandleResult {
  readonly response: SyncResponse;
  readonly appended: OpId[];
  readonly deduplicated: OpId[];
}

/** Everything the server stores, as JSON: what the exposure scanner reads. */
export interface ServerDump {
  readonly accounts: {
    readonly accountId: string;
    readonly log: StoredOp[];
    readonly backups: StoredBackup[];
  }[];
  readonly deletedAccounts: string[];
  readonly sessions: Session[];
}

interface Account {
  readonly log: AccountLog;
  backups: StoredBackup[];
  backupsMade: number;
}

export class SyncServer {
  readonly options: SyncServerOptions;
  private readonly accounts = new Map<string, Account>();
  private readonly deletedAccounts = new Set<string>();
  private readonly tokens: TokenStore;

  constructor(options: Partial<SyncServerOptions> = {}) {
    this.options = { ...DEFAULT_SERVER_OPTIONS, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (!Number.isInteger(value) || value <= 0) throw new RangeError(`server: option ${name} must be a positive integer, got ${String(value)}`);
    }
    this.tokens = new TokenStore(this.options.tokenTtlMs);
  }

  /** Issues a session token for a device (creating the account on first use). */
  issueToken(accountId: string, deviceId: string, nowMs: number): string {
    if (this.deletedAccounts.has(accountId)) throw new Error(`server: account ${accountId} was deleted`);
    this.account(accountId);
    return this.tokens.issue(accountId, deviceId, nowMs);
  }

  expireToken(token: string, nowMs: number): boolean {
    return this.tokens.expire(token, nowMs);
  }

  /** Expires every live token of a device: what a forced sign-out does. */
  expireTokensOf(accountId: string, deviceId: string, nowMs: number): number {
    return this.tokens.expireFor(accountId, deviceId, nowMs);
  }

  handle(request: unknown, nowMs: number, clientAddress: string): SyncResponse {
    return this.handleDetailed(request, nowMs, clientAddress).response;
  }

  handleDetailed(input: unknown, nowMs: number, clientAddress: string, fault?: ServerFault): HandleResult {
    const none = { appended: [] as OpId[], deduplicated: [] as OpId[] };
    if (fault !== undefined && 'busy' in fault) {
      // Shed before anything is read or changed: no token check, no account touched.
      const { requestId, type } = echoOf(input);
      return { response: this.error(requestId, type, 'unavailable', 'server: busy, shedding load; try again later'), ...none };
    }
    const validation = validateRequest(input);
    if (!validation.ok) {
      const { requestId, type } = echoOf(input);
      return { response: this.error(requestId, type, 'bad-request', validation.message), ...none };
    }
    const req = validation.request;
    if (this.deletedAccounts.has(req.accountId)) {
      return { response: this.error(req.requestId, req.type, 'account-deleted', `server: account ${req.accountId} was deleted`), ...none };
    }
    if (this.tokens.check(req.token, req.accountId, req.deviceId, nowMs) !== 'ok') {
      return { response: this.error(req.requestId, req.type, 'token-expired', 'server: session token expired or unknown; re-authenticate'), ...none };
    }
    const account = this.account(req.accountId);
    switch (req.type) {
      case 'push':
        return this.push(account, req, nowMs, clientAddress, fault !== undefined && 'storeOnly' in fault ? fault : undefined);
      case 'pull': {
        const { ops, cursor, more } = account.log.since(req.cursor, Math.min(req.limit, this.options.maxPullBatch));
        return { response: { requestId: req.requestId, type: 'pull', ok: true, ops, cursor, more }, ...none };
      }
      case 'backup': {
        if (fault !== undefined && 'overQuota' in fault) return { response: this.error(req.requestId, 'backup', 'bad-request', `server: backup refused: over the account's backup quota`), ...none };
        account.backupsMade++;
        const backupId = `${req.accountId}/b${account.backupsMade}`;
        account.backups.push({ backupId, deviceId: req.deviceId, ciphertext: req.ciphertext, ciphertextLength: req.ciphertext.length, receivedAtMs: nowMs, clientAddress });
        if (account.backups.length > this.options.maxBackupsPerAccount) account.backups = account.backups.slice(-this.options.maxBackupsPerAccount);
        return { response: { requestId: req.requestId, type: 'backup', ok: true, backupId }, ...none };
      }
      case 'admin':
        if (req.action === 'delete-account') {
          this.accounts.delete(req.accountId);
          this.tokens.dropAccount(req.accountId);
          this.deletedAccounts.add(req.accountId);
        } else {
          // Backup admin: the user removes the stored backups of the account.
          account.backups = [];
        }
        return { response: { requestId: req.requestId, type: 'admin', ok: true, action: req.action }, ...none };
    }
  }

  private push(account: Account, req: Extract<ValidRequest, { type: 'push' }>, nowMs: number, clientAddress: string, fault?: PushFault): HandleResult {
    for (const op of req.ops) {
      // A device pushes only its own ops; anything else is a confused or hostile client.
      if (op.deviceId !== req.deviceId || safeDeviceOf(op.opId) !== req.deviceId) {
        return { response: this.error(req.requestId, 'push', 'bad-request', `server: op ${op.opId} does not belong to device ${req.deviceId}`), appended: [], deduplicated: [] };
      }
    }
    const accepted = req.ops.slice(0, Math.min(this.options.maxPushBatch, fault ? Math.max(0, fault.storeOnly) : Infinity));
    const appended: OpId[] = [];
    const deduplicated: OpId[] = [];
    const acked: OpId[] = [];
    for (const op of accepted) {
      try {
        if (account.log.append(op, nowMs, clientAddress)) appended.push(op.opId);
        else deduplicated.push(op.opId);
        acked.push(op.opId);
      } catch (error) {
        if (!(error instanceof LogFullError)) throw error;
        if (acked.length === 0) return { response: this.error(req.requestId, 'push', 'unavailable', error.message), appended, deduplicated };
        break;
      }
    }
    if (fault?.answer === 'fail') {
      return { response: this.error(req.requestId, 'push', 'unavailable', `server: failed after storing ${acked.length} of ${req.ops.length} op(s)`), appended, deduplicated };
    }
    return { response: { requestId: req.requestId, type: 'push', ok: true, acked }, appended, deduplicated };
  }

  private account(accountId: string): Account {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = { log: new AccountLog(accountId, this.options.maxLogOps), backups: [], backupsMade: 0 };
      this.accounts.set(accountId, a);
    }
    return a;
  }

  private error(requestId: string, type: RequestType, error: SyncErrorCode, message: string): SyncResponse {
    return { requestId, type, ok: false, error, message };
  }

  /** The account's log in seq order (empty for unknown or deleted accounts). */
  log(accountId: string): readonly StoredOp[] {
    return this.accounts.get(accountId)?.log.entries() ?? [];
  }

  backups(accountId: string): readonly StoredBackup[] {
    return this.accounts.get(accountId)?.backups ?? [];
  }

  isDeleted(accountId: string): boolean {
    return this.deletedAccounts.has(accountId);
  }

  /** Total ciphertext characters stored (ops and backups). */
  storedBytes(): number {
    let n = 0;
    for (const a of this.accounts.values()) {
      for (const op of a.log.entries()) n += op.ciphertextLength;
      for (const b of a.backups) n += b.ciphertextLength;
    }
    return n;
  }

  dump(): ServerDump {
    const ids = [...this.accounts.keys()].sort();
    return {
      accounts: ids.map((accountId) => {
        const a = this.accounts.get(accountId) as Account;
        return { accountId, log: a.log.entries().map((op) => ({ ...op })), backups: a.backups.map((b) => ({ ...b })) };
      }),
      deletedAccounts: [...this.deletedAccounts].sort(),
      sessions: this.tokens.list().sort((x, y) => (x.token < y.token ? -1 : x.token > y.token ? 1 : 0)),
    };
  }
}

/** The request id and type a refusal echoes, read from a request that may not be well-formed. */
function echoOf(input: unknown): { requestId: string; type: RequestType } {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const requestId = typeof raw['requestId'] === 'string' ? raw['requestId'] : '';
  const type = (['push', 'pull', 'backup', 'admin'] as const).find((t) => t === raw['type']) ?? 'push';
  return { requestId, type };
}

function safeDeviceOf(id: string): string | null {
  try {
    return deviceOf(id);
  } catch {
    return null;
  }
}
