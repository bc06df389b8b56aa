/**
 * The spec's feature parity matrix as data: 9 capabilities × 3 connectivity modes = 27 cells, each
 * with the outcome the spec promises and its exposure / sync note, in the project's own words.
 * The audit runs one scenario per cell and compares what the trace shows with `expected`.
 */
// @ts-nocheck

import type { Mode } from '../trace/events.ts';
import { CONNECTIVITY_MODES } from '../core/connectivity-mode.ts';

export const MODES: readonly Mode[] = CONNECTIVITY_MODES;

export type Capability =
  | 'create'
  | 'read'
  | 'edit'
  | 'delete'
  | 'restart'
  | 'expired-token'
  | 'backup'
  | 'propagation'
  | 'admin';

/**
 * What the spec promises in one cell:
 * - `available`: works now, locally, whatever the network does;
 * - `unavailable-until-network`: nothing happens (and nothing is sent) until the link returns, then it completes;
 * - `pending-or-retry`: may stay pending or retry while the link flaps; never lost, completes once it can;
 * - `deferred-until-stable`: other devices see the change only after a sync really succeeds;
 * - `fail-or-retry`: may fail or retry; it ends completed, or as a failure the device discloses.
 */
export type ExpectedOutcome = 'available' | 'unavailable-until-network' | 'pending-or-retry' | 'deferred-until-stable' | 'fail-or-retry';

export const OUTCOME_TEXT: Readonly<Record<ExpectedOutcome, string>> = {
  available: 'Available',
  'unavailable-until-network': 'Unavailable until network returns',
  'pending-or-retry': 'May remain pending or retry',
  'deferred-until-stable': 'Deferred until stable connectivity',
  'fail-or-retry': 'May fail or retry',
};

export interface CapabilityRow {
  capability: Capability;
  /** The capability as the spec's matrix names it. */
  title: string;
  /** Essential capabilities must work with zero server dependency in every mode. */
  essential: boolean;
  expected: Readonly<Record<Mode, ExpectedOutcome>>;
  /** The matrix's "Exposure / sync note", restated. */
  exposureNote: string;
}

const everywhere: Record<Mode, ExpectedOutcome> = { offline: 'available', intermittent: 'available', online: 'available' };

export const CAPABILITIES: readonly CapabilityRow[] = [
  { capability: 'create', title: 'Create entry', essential: true, expected: everywhere, exposureNote: 'Saved on the device first; connectivity never gates the save.' },
  { capability: 'read', title: 'Read local journal', essential: true, expected: everywhere, exposureNote: "Reads come from the device's own copy." },
  { capability: 'edit', title: 'Edit entry', essential: true, expected: everywhere, exposureNote: 'The edit may wait in the outbox until sync resumes.' },
  { capability: 'delete', title: 'Delete entry', essential: true, expected: everywhere, exposureNote: 'The delete takes effect on the device at once.' },
  { capability: 'restart', title: 'Restart app and continue', essential: true, expected: everywhere, exposureNote: 'The data on the device stays authoritative across a restart.' },
  { capability: 'expired-token', title: 'Access cached data with expired server token', essential: true, expected: everywhere, exposureNote: 'Cached essential data needs no live re-authentication.' },
  {
    capability: 'backup',
    title: 'Optional cloud backup',
    essential: false,
    expected: { offline: 'unavailable-until-network', intermittent: 'pending-or-retry', online: 'available' },
    exposureNote: 'A convenience, not essential: only an encrypted snapshot leaves the device.',
  },
  {
    capability: 'propagation',
    title: 'Multi-device propagation',
    essential: false,
    expected: { offline: 'unavailable-until-network', intermittent: 'deferred-until-stable', online: 'available' },
    exposureNote: 'Other devices see a change only once a sync has succeeded.',
  },
  {
    capability: 'admin',
    title: 'Remote account deletion / backup admin actions',
    essential: false,
    expected: { offline: 'unavailable-until-network', intermittent: 'fail-or-retry', online: 'available' },
    exposureNote: 'A remote control surface, not essential to using the journal.',
  },
];

export interface MatrixCell {
  capability: Capability;
  mode: Mode;
  title: string;
  essential: boolean;
  expected: ExpectedOutcome;
  exposureNote: string;
}

/** The 27 cells, capability-major, modes in MODES order. */
export const PARITY_MATRIX: readonly MatrixCell[] = CAPABILITIES.flatMap((row) =>
  MODES.map((mode) => ({ capability: row.capability, mode, title: row.title, essential: row.essential, expected: row.expected[mode], exposureNote: row.exposureNote })),
);

export function cellId(cell: { capability: Capability; mode: Mode }): string {
  return `${cell.capability}/${cell.mode}`;
}

export function findCell(id: string): MatrixCell | undefined {
  return PARITY_MATRIX.find((c) => cellId(c) === id);
}
