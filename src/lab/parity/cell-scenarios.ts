/**
 * One explicit scenario per parity-matrix cell. Device `a` is the subject: it starts online, saves a
 * prior entry and lets it sync, switches to the cell's mode at SWITCH_MS, exercises the capability at
 * ACT_MS, and stays in that mode until the heal at DURATION_MS brings every device online. Device `b`
 * stays online and is the "other device" that propagation is judged on. The network is otherwise
 * clean, so what the judge sees is the mode's doing, not a random fault's.
 */
import { resolveSimOptions } from '../../sim/options.ts';
import type { SimOptions } from '../../sim/options.ts';
import type { JournalFields, Schedule, ScheduleEvent } from '../../sim/schedule.ts';
import type { Mode } from '../../trace/events.ts';
import type { Capability, MatrixCell } from '../../spec/matrix.ts';
import { cellId } from '../../spec/matrix.ts';
import { ACT_MS, DURATION_MS, OBSERVER, PRIOR_MS, SUBJECT, SWITCH_MS } from '../../spec/cell-timeline.ts';

export const PRIOR_ENTRY: JournalFields = {
  date: '2026-03-16',
  painLevel: 6,
  locations: ['lower-back'],
  medications: ['ibuprofen 400mg'],
  notes: 'Monday: stabbing pain in the lower back when getting out of the car',
};
export const EDITED_ENTRY: JournalFields = {
  date: '2026-03-16',
  painLevel: 3,
  locations: ['lower-back'],
  medications: ['ibuprofen 400mg', 'heat pad'],
  notes: 'Monday: eased after the heat pad and a short walk in the evening',
};
export const FRESH_ENTRY: JournalFields = {
  date: '2026-03-17',
  painLevel: 5,
  locations: ['left-shoulder', 'neck'],
  medications: [],
  notes: 'Tuesday: shoulder locked up while carrying the shopping home',
};

export interface CellScenario {
  id: string;
  options: SimOptions;
  schedule: Schedule;
}

function actions(capability: Capability): ScheduleEvent[] {
  const a = SUBJECT;
  const at = (offsetMs: number) => ACT_MS + offsetMs;
  switch (capability) {
    case 'create':
      return [
        { atMs: at(0), device: a, action: 'create', ref: 'fresh', fields: FRESH_ENTRY },
        { atMs: at(1_000), device: a, action: 'read', ref: 'fresh' },
      ];
    case 'read':
      return [
        { atMs: at(0), device: a, action: 'read', ref: 'prior' },
        { atMs: at(1_000), device: a, action: 'read-journal' },
        { atMs: at(2_000), device: a, action: 'read', ref: 'prior' },
      ];
    case 'edit':
      return [
        { atMs: at(0), device: a, action: 'edit', ref: 'prior', fields: EDITED_ENTRY },
        { atMs: at(1_000), device: a, action: 'read', ref: 'prior' },
      ];
    case 'delete':
      return [
        { atMs: at(0), device: a, action: 'delete', ref: 'prior' },
        { atMs: at(1_000), device: a, action: 'read', ref: 'prior' },
      ];
    case 'restart':
      return [
        { atMs: at(0), device: a, action: 'edit', ref: 'prior', fields: EDITED_ENTRY },
        { atMs: at(500), device: a, action: 'crash', point: 'now' },
        { atMs: at(1_500), device: a, action: 'restart' },
        { atMs: at(2_000), device: a, action: 'read', ref: 'prior' },
        { atMs: at(2_500), device: a, action: 'create', ref: 'fresh', fields: FRESH_ENTRY },
      ];
    case 'expired-token':
      return [
        { atMs: at(-500), device: a, action: 'token-expire' },
        { atMs: at(0), device: a, action: 'read', ref: 'prior' },
        { atMs: at(200), device: a, action: 'edit', ref: 'prior', fields: EDITED_ENTRY },
        { atMs: at(400), device: a, action: 'create', ref: 'fresh', fields: FRESH_ENTRY },
        { atMs: at(600), device: a, action: 'read', ref: 'fresh' },
      ];
    case 'backup':
      return [{ atMs: at(0), device: a, action: 'backup' }];
    case 'propagation':
      return [
        { atMs: at(0), device: a, action: 'edit', ref: 'prior', fields: EDITED_ENTRY },
        { atMs: at(3_000), device: OBSERVER, action: 'read', ref: 'prior' },
        { atMs: at(6_000), device: OBSERVER, action: 'read', ref: 'prior' },
        { atMs: at(8_500), device: OBSERVER, action: 'read', ref: 'prior' },
      ];
    case 'admin':
      return [{ atMs: at(0), device: a, action: 'admin', adminAction: 'backup-admin' }];
  }
}

export function cellSchedule(capability: Capability, mode: Mode): Schedule {
  const events: ScheduleEvent[] = [{ atMs: PRIOR_MS, device: SUBJECT, action: 'create', ref: 'prior', fields: PRIOR_ENTRY }];
  if (mode !== 'online') events.push({ atMs: SWITCH_MS, device: SUBJECT, action: 'connectivity', mode });
  events.push(...actions(capability));
  events.sort((x, y) => x.atMs - y.atMs);
  return {
    devices: [SUBJECT, OBSERVER],
    initialModes: { [SUBJECT]: 'online', [OBSERVER]: 'online' },
    clocks: { [SUBJECT]: { offsetMs: 0, driftPpm: 0 }, [OBSERVER]: { offsetMs: 250, driftPpm: 0 } },
    events,
  };
}

/** A clean network: no loss, duplication, reordering, one-way failures, partitions, outages or random faults. */
export const CELL_OPTIONS = {
  devices: 2,
  durationMs: DURATION_MS,
  quiescenceMs: 30_000,
  lossPercent: 0,
  duplicatePercent: 0,
  reorderPercent: 0,
  oneWayFailurePercent: 0,
  partitionsPerHour: 0,
  serverOutagesPerHour: 0,
  crashesPerHour: 0,
  tokenExpiriesPerHour: 0,
  clockJumpsPerHour: 0,
  backupsPerHour: 0,
  modeChangesPerHour: 0,
  // Flaps often enough that an intermittent cell sees the link drop around the action.
  intermittentFlapMs: 700,
  opsPerMinute: 0,
  clockOffsetMaxMs: 0,
  driftPpmMax: 0,
} as const;

/** Cell seeds are fixed (2700 + the cell's index in PARITY_MATRIX) so every audit replays the same 27 runs. */
export const CELL_SEED_BASE = 2_700;

export function cellScenario(cell: MatrixCell, index: number): CellScenario {
  const id = cellId(cell);
  return {
    id,
    options: resolveSimOptions({ ...CELL_OPTIONS, seed: CELL_SEED_BASE + index }, `parity cell ${id}`),
    schedule: cellSchedule(cell.capability, cell.mode),
  };
}
