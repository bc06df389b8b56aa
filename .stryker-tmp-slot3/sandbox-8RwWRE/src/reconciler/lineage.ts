/**
 * What each op's writer was looking at: per op, the op id of the version the writing device showed
 * for that record when the user wrote (null for a create). The base travels inside the op's
 * ciphertext, so every device learns the lineage of the ops it pulls. A remote version that
 * descends from the visible one is a plain update (its writer had seen it); a remote version and a
 * visible one where neither descends from the other were written concurrently: a conflict, logged.
 */
// @ts-nocheck

import type { OpId } from '../core/ids.ts';

export class Lineage {
  private readonly bases = new Map<OpId, OpId | null>();

  record(opId: OpId, base: OpId | null): void {
    if (!this.bases.has(opId)) this.bases.set(opId, base);
  }

  baseOf(opId: OpId): OpId | null {
    return this.bases.get(opId) ?? null;
  }

  /** True when `op`'s writer had seen `ancestor`: it is `op`'s base, or its base's base, and so on. */
  descends(op: OpId, ancestor: OpId): boolean {
    const walked = new Set<OpId>();
    for (let at = this.bases.get(op); at; at = this.bases.get(at)) {
      if (at === ancestor) return true;
      if (walked.has(at)) return false;
      walked.add(at);
    }
    return false;
  }

  /** Neither descends from the other: the two writes were made without seeing each other. */
  concurrent(a: OpId, b: OpId): boolean {
    return a !== b && !this.descends(a, b) && !this.descends(b, a);
  }

  toJson(): Record<string, string | null> {
    return Object.fromEntries([...this.bases.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  static from(json: Readonly<Record<string, string | null>> | undefined): Lineage {
    const lineage = new Lineage();
    for (const [op, base] of Object.entries(json ?? {})) lineage.bases.set(op, base);
    return lineage;
  }
}
