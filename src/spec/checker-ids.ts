/**
 * The properties the spec asks the lab to check on every run, by id, in the order reports list them
 * (DESIGN "The checkers"; `sync-state-disclosure` is NORM-021). Spec data: statements name their
 * evidence by these ids, scenario and replay files name the checkers they expect to trip, and
 * src/check defines exactly one checker per id (the compiler refuses a checker whose id is not here,
 * and the registry refuses an id with no checker).
 */
export const CHECKER_IDS = [
  'engine-error',
  'commit-immediate',
  'non-blocking',
  'no-silent-rollback',
  'convergence',
  'lww-winner',
  'no-duplicates',
  'delete-semantics',
  'durability',
  'token-expiry',
  'exposure-offline',
  'exposure-metadata',
  'exposure-content',
  'causal-lww',
  'sync-state-disclosure',
  'conflict-log',
  'stamp-order',
  'redownload',
  'backoff-reset',
  'stored-promptly',
  'pending-drains',
  'damaged-requests',
  'remote-actions',
  'server-tokens',
  'stamp-time',
  'input-refusal',
  'retry-pacing',
  'cloud-backups',
  'snapshot-damage',
  'received-promptly',
  'journal-read',
  'status-fields',
  'retry-growth',
  'account-deletion',
] as const;

export type CheckerId = (typeof CHECKER_IDS)[number];

export function isCheckerId(value: string): value is CheckerId {
  return (CHECKER_IDS as readonly string[]).includes(value);
}
