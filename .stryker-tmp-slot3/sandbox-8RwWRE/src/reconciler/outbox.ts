/**
 * The outbox: committed local ops not yet acknowledged by the server, oldest first. It is durable
 * (saved with the replica) and only an ack removes an op, so a failed or lost request never loses one.
 */
// @ts-nocheck

import type { OpId } from '../core/ids.ts';
import type { Op } from '../core/record.ts';

/** Unacknowledged ops one device may hold; a bound that a long offline stretch would have to hit. */
export const MAX_OUTBOX_OPS = 100_000;

export class OutboxFullError extends Error {
  constructor(limit: number) {
    super(`reconciler/outbox: ${limit} ops are waiting for the server; sync before writing more`);
    this.name = 'OutboxFullError';
  }
}

export class Outbox {
  // Map iteration is insertion order, which is commit order: oldest first without sorting.
  private readonly ops = new Map<OpId, Op>();

  constructor(private readonly maxOps = MAX_OUTBOX_OPS) {}

  /** Throws before anything is committed when full, so the caller can refuse the write atomically. */
  assertRoom(): void {
    if (this.ops.size >= this.maxOps) throw new OutboxFullError(this.maxOps);
  }

  append(op: Op): void {
    this.assertRoom();
    if (this.ops.has(op.opId)) throw new Error(`reconciler/outbox: op ${op.opId} is already queued`);
    this.ops.set(op.opId, op);
  }

  /** The oldest `limit` ops. */
  head(limit: number): Op[] {
    const out: Op[] = [];
    for (const op of this.ops.values()) {
      if (out.length >= limit) break;
      out.push(op);
    }
    return out;
  }

  /** Removes exactly the acknowledged ops; unknown ids (an ack for an op already removed) are ignored. */
  ack(opIds: readonly OpId[]): number {
    let removed = 0;
    for (const id of opIds) if (this.ops.delete(id)) removed++;
    return removed;
  }

  has(opId: OpId): boolean {
    return this.ops.has(opId);
  }

  get size(): number {
    return this.ops.size;
  }

  all(): Op[] {
    return [...this.ops.values()];
  }
}
