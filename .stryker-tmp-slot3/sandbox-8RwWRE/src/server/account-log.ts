/**
 * One account's append-only op log: seq is the pull cursor (1, 2, 3, ...), op ids are unique, so
 * a retried or duplicated push never appends twice. Holds ciphertext and documented metadata only.
 */
// @ts-nocheck

import type { OpId } from '../core/ids.ts';
import type { PulledOp, WireOp } from '../core/wire.ts';

export interface StoredOp {
  readonly seq: number;
  readonly opId: OpId;
  readonly recordId: string;
  readonly deviceId: string;
  readonly stamp: string;
  readonly ciphertext: string;
  readonly ciphertextLength: number;
  readonly receivedAtMs: number;
  readonly clientAddress: string;
}

export class LogFullError extends Error {
  constructor(accountId: string, limit: number) {
    super(`server/account-log: account ${accountId} holds the maximum of ${limit} ops`);
    this.name = 'LogFullError';
  }
}

export class AccountLog {
  private readonly ops: StoredOp[] = [];
  private readonly seqByOpId = new Map<OpId, number>();

  constructor(
    readonly accountId: string,
    private readonly maxOps: number,
  ) {}

  has(opId: OpId): boolean {
    return this.seqByOpId.has(opId);
  }

  /** Appends unless present; returns true when appended. */
  append(op: WireOp, receivedAtMs: number, clientAddress: string): boolean {
    if (this.seqByOpId.has(op.opId)) return false;
    if (this.ops.length >= this.maxOps) throw new LogFullError(this.accountId, this.maxOps);
    const seq = this.ops.length + 1;
    this.ops.push({
      seq,
      opId: op.opId,
      recordId: op.recordId,
      deviceId: op.deviceId,
      stamp: op.stamp,
      ciphertext: op.ciphertext,
      ciphertextLength: op.ciphertext.length,
      receivedAtMs,
      clientAddress,
    });
    this.seqByOpId.set(op.opId, seq);
    return true;
  }

  /** Ops with seq > cursor, at most `limit`. */
  since(cursor: number, limit: number): { ops: PulledOp[]; cursor: number; more: boolean } {
    const start = Math.min(Math.max(0, Math.floor(cursor)), this.ops.length);
    const slice = this.ops.slice(start, start + limit);
    const ops = slice.map(({ seq, opId, recordId, deviceId, stamp, ciphertext }) => ({ seq, opId, recordId, deviceId, stamp, ciphertext }));
    const next = ops.length > 0 ? (ops[ops.length - 1] as PulledOp).seq : start;
    return { ops, cursor: next, more: next < this.ops.length };
  }

  entries(): readonly StoredOp[] {
    return this.ops;
  }

  get length(): number {
    return this.ops.length;
  }
}
