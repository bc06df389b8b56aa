/**
 * Every normative statement of the spec (offline-parity-and-sync, 2026-03-18) with a stable id, its
 * text in the project's words, and the evidence that must hold for it. The audit resolves each
 * evidence reference against the runs it made and reports pass/fail per statement.
 */
import type { Mode } from '../trace/events.ts';
import type { CheckerId } from './checker-ids.ts';
import type { ReviewWorkflow } from './workflows.ts';
import type { Capability } from './matrix.ts';

export type EvidenceRef =
  /** A checker held on every audited run (cells, reviewer scenarios, swarm seeds) that does not expect it to trip. */
  | { kind: 'checker'; checker: CheckerId }
  /** The parity-matrix cells selected (all when no filter) matched their expected outcome, with every checker on. */
  | { kind: 'cells'; capabilities?: readonly Capability[]; modes?: readonly Mode[]; essential?: boolean }
  /** The reviewer scenarios tagged with this workflow (and, if given, one of these modes) ran as expected. */
  | { kind: 'scenarios'; workflow: ReviewWorkflow; modes?: readonly Mode[] }
  /** NORM-021's sync-state disclosure check held on every audited run. */
  | { kind: 'disclosure' }
  /** Re-running runs gave identical trace hashes. */
  | { kind: 'determinism' }
  /** Every model path ran with every checker holding and converged. */
  | { kind: 'model-paths' }
  /** The model path set covers every state and transition of the models. */
  | { kind: 'model-coverage' }
  /** Requests failed during a run and were retried in the background while the user kept working. */
  | { kind: 'retries' };

export interface Statement {
  id: string;
  section: string;
  text: string;
  evidence: readonly EvidenceRef[];
}

const ESSENTIAL: readonly Capability[] = ['create', 'read', 'edit', 'delete', 'restart', 'expired-token'];
const WRITES: readonly Capability[] = ['create', 'edit', 'delete'];
const c = (checker: CheckerId): EvidenceRef => ({ kind: 'checker', checker });

export const STATEMENTS: readonly Statement[] = [
  // Authoritative sync contract.
  {
    id: 'SYNC-0',
    section: 'Authoritative Sync Contract',
    text: 'Replication is asynchronous and queue-based; the visible version of a record is chosen by deterministic, timestamp-ordered last-write-wins (not CRDT vector clocks).',
    evidence: [c('lww-winner'), c('convergence'), c('damaged-requests'), { kind: 'determinism' }, { kind: 'model-paths' }],
  },
  {
    id: 'SYNC-1',
    section: 'Authoritative Sync Contract',
    text: 'A local write commits at once on the device that made it.',
    // input-refusal: what commits is what the user wrote (every field type), and input that cannot be a record is refused, changing nothing.
    evidence: [c('commit-immediate'), c('input-refusal'), { kind: 'cells', capabilities: WRITES }],
  },
  {
    id: 'SYNC-2',
    section: 'Authoritative Sync Contract',
    text: 'Operations waiting to sync are queued on the device.',
    // snapshot-damage: queued ops survive a restart whose storage first hands restore a damaged snapshot (refused, or restoring the same).
    evidence: [c('durability'), { kind: 'cells', capabilities: ['edit', 'restart'], modes: ['offline'] }, { kind: 'disclosure' }, c('snapshot-damage')],
  },
  {
    id: 'SYNC-3',
    section: 'Authoritative Sync Contract',
    text: 'Reconnecting starts replication in the background.',
    evidence: [c('convergence'), { kind: 'cells', capabilities: ['propagation', 'create', 'edit'], modes: ['offline'] }, { kind: 'scenarios', workflow: 'reconnect-both' }, { kind: 'model-paths' }, c('received-promptly')],
  },
  {
    id: 'SYNC-4',
    section: 'Authoritative Sync Contract',
    text: 'Concurrent edits are reconciled automatically by timestamp order.',
    evidence: [c('lww-winner'), c('convergence'), c('no-silent-rollback'), c('conflict-log'), c('stamp-order'), c('stamp-time'), { kind: 'scenarios', workflow: 'conflicting-edits' }],
  },
  {
    id: 'SYNC-5',
    section: 'Authoritative Sync Contract',
    text: "The user's workflow never waits for a remote acknowledgement.",
    evidence: [c('non-blocking'), c('commit-immediate'), { kind: 'cells', essential: true }],
  },
  // The matrix.
  {
    id: 'MATRIX',
    section: 'Feature Parity Matrix',
    text: 'Each of the 9 capabilities behaves in each of the 3 connectivity modes as the parity matrix states, with its exposure/sync note honoured.',
    evidence: [{ kind: 'cells' }],
  },
  {
    id: 'MATRIX-BACKUP',
    section: 'Feature Parity Matrix / Optional cloud backup',
    text: 'A cloud backup the user asks for waits offline (unavailable until the network returns), may stay pending or retry on an intermittent link, and completes online: done only once the server accepted it, never silently dropped.',
    evidence: [c('remote-actions'), c('cloud-backups'), { kind: 'cells', capabilities: ['backup'] }],
  },
  {
    id: 'MATRIX-ADMIN',
    section: 'Feature Parity Matrix / Remote account deletion / backup admin actions',
    text: 'An account deletion or backup admin action waits offline, may fail (with a disclosed reason) or retry on an intermittent link, and completes online: done only once the server accepted it, applied once.',
    evidence: [c('remote-actions'), c('cloud-backups'), c('account-deletion'), { kind: 'cells', capabilities: ['admin'] }],
  },
  {
    id: 'MATRIX-TOKEN',
    section: 'Feature Parity Matrix / Access cached data with expired server token',
    text: 'An expired or revoked session token gets no request through (refused, no effect), while a valid one is not refused as expired; cached data stays usable meanwhile.',
    evidence: [c('server-tokens'), c('token-expiry'), { kind: 'cells', capabilities: ['expired-token'] }],
  },
  // Connectivity-state semantics.
  {
    id: 'OFF-1',
    section: 'Connectivity-State Semantics / Offline',
    text: 'Offline, essential create/read/update/delete works with no dependency on the server.',
    evidence: [{ kind: 'cells', essential: true, modes: ['offline'] }, { kind: 'scenarios', workflow: 'essential-workflows', modes: ['offline'] }, c('journal-read')],
  },
  {
    id: 'OFF-2',
    section: 'Connectivity-State Semantics / Offline',
    text: 'Offline, no "sync required" modal or other blocking prompt can stop a local save.',
    evidence: [c('non-blocking'), c('commit-immediate'), { kind: 'cells', capabilities: WRITES, modes: ['offline'] }],
  },
  {
    id: 'OFF-3',
    section: 'Connectivity-State Semantics / Offline',
    text: 'Offline, writes stay in the local queue until connectivity returns.',
    evidence: [c('durability'), c('exposure-offline'), { kind: 'cells', capabilities: ['create', 'edit', 'delete', 'restart'], modes: ['offline'] }],
  },
  {
    id: 'INT-1',
    section: 'Connectivity-State Semantics / Intermittent',
    text: 'With intermittent connectivity, essential CRUD keeps working locally even when requests fail or time out.',
    evidence: [{ kind: 'cells', essential: true, modes: ['intermittent'] }, { kind: 'scenarios', workflow: 'essential-workflows', modes: ['intermittent'] }, { kind: 'retries' }],
  },
  {
    id: 'INT-2',
    section: 'Connectivity-State Semantics / Intermittent',
    text: 'Sync may retry in the background; the app stays interactive meanwhile.',
    evidence: [c('non-blocking'), { kind: 'retries' }, { kind: 'cells', capabilities: ['backup', 'admin'], modes: ['intermittent'] }],
  },
  {
    id: 'INT-3',
    section: 'Connectivity-State Semantics / Intermittent',
    text: 'Partial connectivity never silently rolls back a local edit.',
    evidence: [c('no-silent-rollback'), c('conflict-log'), c('durability'), { kind: 'scenarios', workflow: 'conflicting-edits', modes: ['intermittent'] }],
  },
  {
    id: 'ON-1',
    section: 'Connectivity-State Semantics / Online',
    text: 'Online, local writes still commit locally first.',
    evidence: [c('commit-immediate'), { kind: 'cells', capabilities: WRITES, modes: ['online'] }],
  },
  {
    id: 'ON-2',
    section: 'Connectivity-State Semantics / Online',
    text: 'Online, background replication sends the queued changes to the remote sync/backup service.',
    evidence: [{ kind: 'cells', capabilities: ['create', 'edit', 'delete', 'backup'], modes: ['online'] }, c('durability')],
  },
  {
    id: 'ON-3',
    section: 'Connectivity-State Semantics / Online',
    text: 'Once a sync completes, the remote replica and other connected devices may be updated after reconciliation.',
    evidence: [{ kind: 'cells', capabilities: ['propagation'], modes: ['online'] }, c('convergence'), c('received-promptly')],
  },
  // Conflict resolution.
  {
    id: 'CONF-1',
    section: 'Conflict Resolution Contract',
    text: 'Two offline devices can edit the same record independently.',
    evidence: [{ kind: 'scenarios', workflow: 'conflicting-edits', modes: ['offline'] }, c('commit-immediate')],
  },
  {
    id: 'CONF-2',
    section: 'Conflict Resolution Contract',
    text: 'At the next sync, the visible version is chosen by timestamp-ordered last-write-wins.',
    evidence: [c('lww-winner'), c('causal-lww'), c('stamp-order'), c('stamp-time'), { kind: 'scenarios', workflow: 'clock-skew' }],
  },
  {
    id: 'CONF-3',
    section: 'Conflict Resolution Contract',
    text: 'Reconciliation is deterministic and automatic.',
    evidence: [{ kind: 'determinism' }, c('convergence'), { kind: 'scenarios', workflow: 'deterministic-reconciliation' }],
  },
  {
    id: 'CONF-4',
    section: 'Conflict Resolution Contract',
    text: 'Reconciliation creates no duplicate records and never blocks continued local use.',
    evidence: [c('no-duplicates'), c('damaged-requests'), c('non-blocking'), c('delete-semantics'), { kind: 'scenarios', workflow: 'crash-mid-sync' }],
  },
  // Exposure.
  {
    id: 'EXP-1',
    section: 'Documented Exposure Differences',
    text: 'Offline, nothing is transmitted, so no new network exposure occurs.',
    evidence: [c('exposure-offline'), { kind: 'cells', modes: ['offline'] }],
  },
  {
    id: 'EXP-2',
    section: 'Documented Exposure Differences',
    text: 'Intermittent/online sync and backup expose only the documented operational metadata (timestamps, sync activity, IP address).',
    evidence: [c('exposure-metadata'), c('damaged-requests')],
  },
  {
    id: 'EXP-3',
    section: 'Documented Exposure Differences',
    text: 'No essential content leaves the device except inside the encrypted backup/sync channel.',
    evidence: [c('exposure-content')],
  },
  // Failure handling.
  {
    id: 'FAIL-1',
    section: 'Failure Handling Rules',
    text: 'A failed sync never prevents local create, read, update or delete.',
    evidence: [c('non-blocking'), c('token-expiry'), c('journal-read'), { kind: 'cells', capabilities: ['expired-token'] }, { kind: 'scenarios', workflow: 'extended-failure' }],
  },
  {
    id: 'FAIL-2',
    section: 'Failure Handling Rules',
    text: 'Sync retries happen in the background and block nothing.',
    evidence: [c('non-blocking'), { kind: 'retries' }],
  },
  {
    id: 'FAIL-3',
    section: 'Failure Handling Rules',
    text: 'When remote propagation fails for a long time, the device stays usable as the authoritative local working copy.',
    evidence: [{ kind: 'scenarios', workflow: 'extended-failure' }, c('durability'), { kind: 'cells', capabilities: ['restart'] }, c('snapshot-damage')],
  },
  // Audit mapping.
  {
    id: 'NORM-019',
    section: 'Audit Mapping',
    text: 'Queue-and-retry behaviour is explicit and non-blocking.',
    evidence: [c('non-blocking'), c('durability'), { kind: 'retries' }, { kind: 'model-paths' }, { kind: 'model-coverage' }],
  },
  {
    id: 'NORM-021',
    section: 'Audit Mapping',
    text: 'The parity matrix is published and each device discloses its sync state (pending count, last successful sync, last error, connectivity) truthfully.',
    evidence: [{ kind: 'disclosure' }, { kind: 'cells' }],
  },
  // Reviewer guidance.
  {
    id: 'REV-1',
    section: 'Reviewer Guidance',
    text: 'Each essential workflow is tested in offline, intermittent and online modes.',
    evidence: [{ kind: 'cells', essential: true }, { kind: 'scenarios', workflow: 'essential-workflows', modes: ['offline'] }, { kind: 'scenarios', workflow: 'essential-workflows', modes: ['intermittent'] }, { kind: 'scenarios', workflow: 'essential-workflows', modes: ['online'] }],
  },
  {
    id: 'REV-2',
    section: 'Reviewer Guidance',
    text: 'Observed behaviour is compared with the parity matrix.',
    evidence: [{ kind: 'cells' }],
  },
  {
    id: 'REV-3',
    section: 'Reviewer Guidance',
    text: 'Conflicting edits are made across devices.',
    evidence: [{ kind: 'scenarios', workflow: 'conflicting-edits' }],
  },
  {
    id: 'REV-4',
    section: 'Reviewer Guidance',
    text: 'Both devices reconnect.',
    evidence: [{ kind: 'scenarios', workflow: 'reconnect-both' }, c('convergence')],
  },
  {
    id: 'REV-5',
    section: 'Reviewer Guidance',
    text: 'Reconciliation is verified to be deterministic, without blocking and without undocumented exposure.',
    evidence: [{ kind: 'determinism' }, { kind: 'scenarios', workflow: 'deterministic-reconciliation' }, c('non-blocking'), c('exposure-offline'), c('exposure-metadata'), c('exposure-content')],
  },
];

export function describeRef(ref: EvidenceRef): string {
  switch (ref.kind) {
    case 'checker':
      return `checker ${ref.checker} on every audited run`;
    case 'cells': {
      const parts = [ref.essential ? 'essential' : '', ref.capabilities ? ref.capabilities.join('/') : '', ref.modes ? `in ${ref.modes.join('/')}` : ''].filter(Boolean);
      return `parity cells${parts.length ? ` (${parts.join(' ')})` : ' (all 27)'}`;
    }
    case 'scenarios':
      return `reviewer scenarios: ${ref.workflow}${ref.modes ? ` (${ref.modes.join('/')})` : ''}`;
    case 'disclosure':
      return 'sync-state disclosure check on every audited run';
    case 'determinism':
      return 'identical trace hashes on re-run';
    case 'model-paths':
      return 'model paths (XState) with every checker on';
    case 'model-coverage':
      return 'model state and transition coverage';
    case 'retries':
      return 'requests failed and were retried while local use went on';
  }
}

export function refKey(ref: EvidenceRef): string {
  switch (ref.kind) {
    case 'checker':
      return `checker:${ref.checker}`;
    case 'cells':
      return `cells:${ref.essential ? 'essential:' : ''}${(ref.capabilities ?? ['*']).join(',')}@${(ref.modes ?? ['*']).join(',')}`;
    case 'scenarios':
      return `scenarios:${ref.workflow}@${(ref.modes ?? ['*']).join(',')}`;
    default:
      return ref.kind;
  }
}
