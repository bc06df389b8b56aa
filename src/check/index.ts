/**
 * The checker registry: every property of DESIGN "The checkers" that can be judged from one trace and
 * the final server state. `determinism` needs two runs, so it lives in determinism.ts.
 */
import type { Violation } from '../trace/events.ts';
import type { CheckerId } from '../spec/checker-ids.ts';
import type { CheckInput, Checker } from './_internals/facts.ts';
import { viewsOf } from './_internals/views.ts';
import { atQuietPoint, STOP_AT_DELETION } from './_internals/deletion.ts';
import type { TraceViews } from './_internals/views.ts';
import { causalLww } from './causal-lww.ts';
import { commitImmediate } from './commit-immediate.ts';
import { conflictLog } from './conflict-log.ts';
import { convergence } from './convergence.ts';
import { deleteSemantics } from './delete-semantics.ts';
import { durability } from './durability.ts';
import { engineError } from './engine-error.ts';
import { exposureContent } from './exposure-content.ts';
import { exposureMetadata } from './exposure-metadata.ts';
import { exposureOffline } from './exposure-offline.ts';
import { lwwWinner } from './lww-winner.ts';
import { noDuplicates } from './no-duplicates.ts';
import { noSilentRollback } from './no-silent-rollback.ts';
import { stampOrder } from './stamp-order.ts';
import { nonBlocking } from './non-blocking.ts';
import { tokenExpiry } from './token-expiry.ts';
import { syncStateDisclosure } from './parity/disclosure.ts';
import { redownload } from './redownload.ts';
import { backoffReset } from './backoff-reset.ts';
import { protocolLimits } from './judgeable.ts';
import { storedPromptly } from './stored-promptly.ts';
import { pendingDrains } from './pending-drains.ts';
import { damagedRequests } from './damaged-requests.ts';
import { remoteActions } from './remote-actions.ts';
import { serverTokens } from './server-tokens.ts';
import { stampTime } from './stamp-time.ts';
import { inputRefusal } from './input-refusal.ts';
import { snapshotDamage } from './snapshot-damage.ts';
import { retryPacing } from './retry-pacing.ts';
import { cloudBackups } from './cloud-backups.ts';
import { receivedPromptly } from './received-promptly.ts';
import { journalRead } from './journal-read.ts';
import { statusFields } from './status-fields.ts';
import { retryGrowth } from './retry-growth.ts';
import { accountDeletion } from './account-deletion.ts';

export type { CheckInput, Checker } from './_internals/facts.ts';
export { TraceViews } from './_internals/views.ts';
export { CHECKER_IDS, isCheckerId } from '../spec/checker-ids.ts';
export type { CheckerId } from '../spec/checker-ids.ts';
export { MAX_VIOLATIONS_PER_CHECKER } from './_internals/facts.ts';
export { oracleState, oracleVersions } from './oracle.ts';
export { checkHazards, DEFAULT_FUTURE_STAMP_BOUND_MS, HAZARD_IDS } from './hazards.ts';
export type { Hazard, HazardId, HazardOptions } from './hazards.ts';

/** One checker per id of src/spec/checker-ids.ts, in that order (tests/check/index.spec.ts holds it so). */
export const CHECKERS = [
  engineError,
  commitImmediate,
  nonBlocking,
  noSilentRollback,
  convergence,
  lwwWinner,
  noDuplicates,
  deleteSemantics,
  durability,
  tokenExpiry,
  exposureOffline,
  exposureMetadata,
  exposureContent,
  causalLww,
  syncStateDisclosure,
  conflictLog,
  stampOrder,
  redownload,
  backoffReset,
  storedPromptly,
  pendingDrains,
  damagedRequests,
  remoteActions,
  serverTokens,
  stampTime,
  inputRefusal,
  retryPacing,
  cloudBackups,
  snapshotDamage,
  receivedPromptly,
  journalRead,
  statusFields,
  retryGrowth,
  accountDeletion,
] as const satisfies readonly Checker[];

// Compile-time: every id the spec lists has a checker (an id without one makes this line an error).
const EVERY_ID_HAS_A_CHECKER: Exclude<CheckerId, (typeof CHECKERS)[number]['id']> extends never ? true : never = true;
void EVERY_ID_HAS_A_CHECKER;

/** The determinism property, listed with the others for tables and reports. */
export const DETERMINISM_PROPERTY = { id: 'determinism', title: 'Deterministic runs', property: 'identical seed and options give an identical trace hash' } as const;

/** The checkers `checkRun` leaves out for this trace, with the reason (an engine's own protocol); never a pass. */
export function notJudgedBy(trace: CheckInput['trace']): { checker: CheckerId; reason: string }[] {
  return [...protocolLimits(trace)].map(([checker, reason]) => ({ checker, reason }));
}

export function checkerById(id: string): Checker | undefined {
  return CHECKERS.find((c) => c.id === id);
}

/**
 * Runs every checker (or the named ones) over one run; violations in registry order. When the engine
 * failed (an `engine-error` event), the other checkers judge only the instants before the failure: the
 * run had no heal, no quiescence and no end of its own, so end-of-run verdicts (convergence, ops that
 * never reached the server) would only restate the engine error. `views`: shared views of `input`
 * (the caller's, e.g. to share them with the hazards); used only when built over the trace judged.
 * A run with the account-deletion epilogue: the checkers of STOP_AT_DELETION judge it up to its quiet
 * point (a run-end of the marker's quiet state), the others the whole trace (_internals/deletion.ts).
 */
export function checkRun(input: CheckInput, only?: readonly CheckerId[], views?: TraceViews): Violation[] {
  const failure = input.trace.find((e) => e.kind === 'engine-error');
  // The instant of the failure is cut mid-way (the world never observed the device after it), so it is left out too.
  const cut = failure === undefined ? -1 : input.trace.findIndex((e) => e.t >= failure.t);
  const beforeFailure: CheckInput = cut === -1 ? input : { ...input, trace: input.trace.slice(0, cut) };
  // Derived views (committed ops, the oracle, causality, ...) computed once for every checker of this trace.
  const shared = viewsOf(beforeFailure, views);
  // The deletion epilogue: the checkers that stop at a deletion judge the run up to its quiet point (deletion.ts).
  const quiet = atQuietPoint(beforeFailure);
  const quietViews = quiet === beforeFailure ? shared : viewsOf(quiet);
  const violations: Violation[] = [];
  // An engine's own protocol: checkers that read sync-lab's wire format are not judged (notJudgedBy says why).
  const limits = protocolLimits(input.trace);
  for (const checker of CHECKERS) {
    if (only && !only.includes(checker.id)) continue;
    if (limits.has(checker.id)) continue;
    if (cut !== -1 && checker.id === convergence.id) continue; // it would only say the trace has no run-end
    if (checker.id === engineError.id) violations.push(...checker.check(input));
    else violations.push(...(STOP_AT_DELETION.has(checker.id) ? checker.check(quiet, quietViews) : checker.check(beforeFailure, shared)));
  }
  return violations;
}
