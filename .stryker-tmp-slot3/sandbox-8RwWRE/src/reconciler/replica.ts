/**
 * The replica store: the visible version of every record this device knows, tombstones included.
 * Sorted listings are cached and rebuilt only when a new record id appears, because the simulator
 * asks for them after every step.
 */
// @ts-nocheck

import type { RecordId } from '../core/ids.ts';
import type { RecordVersion } from '../core/record.ts';

/** Records one replica may hold; beyond it writes fail loudly instead of exhausting memory. */
export const MAX_RECORDS = 1_000_000;

export class ReplicaFullError extends Error {
  constructor(limit: number) {
    super(`reconciler/replica: store holds the maximum of ${limit} records`);
    this.name = 'ReplicaFullError';
  }
}

export class ReplicaStore {
  private readonly byId = new Map<RecordId, RecordVersion>();
  private sortedIds: RecordId[] | null = [];

  constructor(private readonly maxRecords = MAX_RECORDS) {}

  get(id: RecordId): RecordVersion | undefined {
    return this.byId.get(id);
  }

  /** The version a user may see: undefined for missing and for tombstones. */
  visible(id: RecordId): RecordVersion | undefined {
    const v = this.byId.get(id);
    return v && !v.deleted ? v : undefined;
  }

  /**
   * Stores `version` frozen (with its stamp, fields and list values): versions are immutable values
   * here anyway, and the simulator's guard re-checks only versions that can still change, so frozen
   * ones are checked once (src/sim/engine-answers.ts VersionChecks).
   */
  put(version: RecordVersion): void {
    freezeVersion(version);
    if (!this.byId.has(version.id)) {
      if (this.byId.size >= this.maxRecords) throw new ReplicaFullError(this.maxRecords);
      this.sortedIds = null;
    }
    this.byId.set(version.id, version);
  }

  get size(): number {
    return this.byId.size;
  }

  private ids(): RecordId[] {
    if (this.sortedIds === null) this.sortedIds = [...this.byId.keys()].sort();
    return this.sortedIds;
  }

  /** Every version, tombstones included, sorted by id. */
  versions(): RecordVersion[] {
    return this.ids().map((id) => this.byId.get(id) as RecordVersion);
  }

  /** Non-deleted versions sorted by id. */
  list(): RecordVersion[] {
    return this.versions().filter((v) => !v.deleted);
  }
}

function freezeVersion(version: RecordVersion): void {
  if (Object.isFrozen(version)) return;
  Object.freeze(version.stamp);
  const fields = version.fields as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'object' && value !== null) Object.freeze(value);
  }
  Object.freeze(fields);
  Object.freeze(version);
}
