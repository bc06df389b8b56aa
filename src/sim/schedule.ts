/**
 * A schedule: the explicit list of user actions and fault events a run executes.
 *
 * A seed generates a schedule (workload + faults); the simulator then executes it. Per-message
 * network randomness (latency, loss, duplication, reordering) still comes from the seed's network
 * stream. Because the schedule is explicit data, a failing run can be shrunk by removing schedule
 * events and replayed from a small file, and model-based tests can hand-build schedules.
 *
 * Times are true simulated time in ms since the start of the run. Events with equal `atMs` run in
 * list order.
 */
import type { Mode } from '../trace/events.ts';

export type JournalFields = Record<string, string | number | boolean | null | string[]>;

export type ScheduleEvent =
  /** Creates a record; `ref` names it so later events can edit/delete it (refs are per schedule). */
  | { atMs: number; device: string; action: 'create'; ref: string; fields: JournalFields }
  | { atMs: number; device: string; action: 'edit'; ref: string; fields: JournalFields }
  | { atMs: number; device: string; action: 'delete'; ref: string }
  | { atMs: number; device: string; action: 'read'; ref: string }
  | { atMs: number; device: string; action: 'connectivity'; mode: Mode }
  /** Crash at a point: 'now', or armed to strike at the next such moment of the sync round. */
  | { atMs: number; device: string; action: 'crash'; point: 'now' | 'after-push-sent' | 'before-pull-apply' }
  | { atMs: number; device: string; action: 'restart' }
  | { atMs: number; device: string; action: 'token-expire' }
  | { atMs: number; device: string; action: 'token-renew' }
  | { atMs: number; device: string; action: 'clock-jump'; deltaMs: number }
  | { atMs: number; device: string; action: 'backup' }
  | { atMs: number; device: string; action: 'admin'; adminAction: 'delete-account' | 'backup-admin' }
  /** Groups that can reach each other ('server' is a member name); devices not listed are cut off. */
  | { atMs: number; action: 'partition'; groups: string[][] }
  | { atMs: number; action: 'partition-heal' }
  | { atMs: number; action: 'server-outage'; durationMs: number };

export type ScheduleAction = ScheduleEvent['action'];

export interface Schedule {
  /** Device ids, e.g. ['a', 'b', 'c']. */
  devices: string[];
  /** Connectivity each device starts in. */
  initialModes: Record<string, Mode>;
  /** Per-device clock: offset from true time (ms) and drift (ppm). */
  clocks: Record<string, { offsetMs: number; driftPpm: number }>;
  events: ScheduleEvent[];
}
