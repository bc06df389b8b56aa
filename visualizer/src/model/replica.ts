/**
 * Every replica's records at a point of the trace, replayed from the events that change what a device
 * holds: its own writes, merges from pull responses, and a restart (which restores the persisted
 * replica wholesale). A crashed device keeps showing what it will restart from until it restarts.
 */
import type { TraceEvent, TraceVersion } from '../../../src/trace/events.ts';

export type ReplicaState = Map<string, Map<string, TraceVersion>>;

export interface ReplicaRow {
  recordId: string;
  stamp: string;
  deleted: boolean;
  /** The visible value as text (fields as sorted JSON), or null for a tombstone. */
  value: string | null;
}

/** Sorted-key JSON: two equal values always print the same, whatever order the keys came in. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** What a user sees for a version: null when missing or deleted, otherwise its fields. */
export function visibleValue(version: TraceVersion | null | undefined): string | null {
  if (!version || version.deleted) return null;
  // Traces are canonical JSON (sorted keys, flat field values), so the native serialiser gives the
  // same text far faster; anything else takes the general path.
  const fields = version.fields;
  let previous = '';
  for (const key in fields) {
    const value = fields[key];
    const nested = typeof value === 'object' && value !== null && (!Array.isArray(value) || value.some((v) => typeof v === 'object' && v !== null));
    if (key < previous || nested) return stableJson(fields);
    previous = key;
  }
  return JSON.stringify(fields);
}

/**
 * Applies one event; returns the records it changed (device, recordId), or null when it replaced a
 * whole replica (restart), or [] when it changed nothing.
 */
export function applyEvent(state: ReplicaState, e: TraceEvent): { device: string; recordIds: string[] | null } | null {
  const replica = (device: string) => {
    let r = state.get(device);
    if (!r) state.set(device, (r = new Map()));
    return r;
  };
  switch (e.kind) {
    case 'local-write':
      if (!e.ok || !e.version) return null;
      replica(e.device).set(e.recordId, e.version);
      return { device: e.device, recordIds: [e.recordId] };
    case 'merge':
      if (!e.version) return null;
      replica(e.device).set(e.recordId, e.version);
      return { device: e.device, recordIds: [e.recordId] };
    case 'restart':
      state.set(e.device, new Map(e.versions.map((v) => [v.id, v])));
      return { device: e.device, recordIds: null };
    default:
      return null;
  }
}

export function emptyState(devices: readonly string[]): ReplicaState {
  return new Map(devices.map((d) => [d, new Map()]));
}

/** Replays a prefix. Keeps the last answer so stepping forward costs one event, not the whole prefix. */
export class ReplicaReplay {
  private state: ReplicaState;
  private next = 0;
  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly devices: readonly string[],
  ) {
    this.state = emptyState(devices);
  }

  /** The state after applying events[0..index] inclusive (index -1: before the first event). */
  at(index: number): ReplicaState {
    const target = Math.min(index, this.events.length - 1) + 1;
    if (target < this.next) {
      this.state = emptyState(this.devices);
      this.next = 0;
    }
    for (; this.next < target; this.next++) applyEvent(this.state, this.events[this.next]!);
    return this.state;
  }

  rowsAt(index: number): Map<string, ReplicaRow[]> {
    const state = this.at(index);
    const out = new Map<string, ReplicaRow[]>();
    for (const device of this.devices) {
      const records = [...(state.get(device) ?? new Map<string, TraceVersion>()).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      out.set(device, records.map((v) => ({ recordId: v.id, stamp: v.stamp, deleted: v.deleted, value: visibleValue(v) })));
    }
    return out;
  }
}
