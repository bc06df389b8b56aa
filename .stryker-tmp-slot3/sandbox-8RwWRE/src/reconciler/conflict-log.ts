/**
 * The conflict log: every merge that replaced (or refused to replace) a visible value, so a
 * superseded write is visible to the user rather than a silent rollback. Bounded: the oldest
 * entries go first, and `total` keeps counting so a reader can tell what it missed.
 */
// @ts-nocheck

import type { ConflictEntry } from './types.ts';

export const MAX_CONFLICT_ENTRIES = 10_000;

export class ConflictLog {
  private entries: ConflictEntry[] = [];
  private recorded = 0;

  constructor(private readonly limit = MAX_CONFLICT_ENTRIES) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`reconciler/conflict-log: limit must be a positive integer, got ${limit}`);
  }

  add(entry: ConflictEntry): void {
    this.entries.push(entry);
    this.recorded++;
    // Trim in chunks so a full log does not shift the array on every entry.
    if (this.entries.length > this.limit + Math.ceil(this.limit / 10)) this.entries = this.entries.slice(-this.limit);
  }

  /** A copy of the retained entries, oldest first (at most `limit`); callers may keep it to diff later. */
  list(): readonly ConflictEntry[] {
    return this.entries.slice(-this.limit);
  }

  /** Entries ever recorded, including ones no longer retained. */
  get total(): number {
    return this.recorded;
  }

  static from(entries: readonly ConflictEntry[], total: number, limit = MAX_CONFLICT_ENTRIES): ConflictLog {
    const log = new ConflictLog(limit);
    log.entries = entries.slice(-limit);
    log.recorded = Math.max(total, log.entries.length);
    return log;
  }
}
