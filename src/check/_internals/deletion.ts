/**
 * The account-deletion epilogue as the checkers see it (src/sim/deletion-epilogue.ts). A trace with
 * a `phase: 'deletion'` marker went quiet, then a device asked the server to delete the account. After
 * a deletion the spec asks nothing more of sync (the server refuses every request of the account), so
 * the properties that demand writes reach the server, replicas agree, or bounds of sync liveness
 * (`STOP_AT_DELETION`) are judged on the run up to the quiet point: the trace before the marker and a
 * run-end carrying the marker's quiet state, which is what a run without the epilogue would have ended
 * with. Every other checker judges the whole trace: what it asks still holds after a deletion.
 */
import type { CheckerId } from '../../spec/checker-ids.ts';
import type { PhaseEvent, RunEndEvent, TraceEvent } from '../../trace/events.ts';
import type { CheckInput } from './reading.ts';

/**
 * Judged up to the quiet point only: end-state checkers (convergence, durability, the oracle's
 * winner, deletes, conflicts and causal order judged on the final replicas or server log) and the
 * liveness and efficiency bounds that demand requests keep being served (a deleted account's are not).
 */
export const STOP_AT_DELETION: ReadonlySet<CheckerId> = new Set<CheckerId>([
  'convergence',
  'lww-winner',
  'delete-semantics',
  'durability',
  'token-expiry',
  'causal-lww',
  'conflict-log',
  'redownload',
  'backoff-reset',
  'stored-promptly',
  'pending-drains',
  'received-promptly',
]);

/** The deletion marker (with its quiet state), or undefined for a run without the epilogue. */
export function deletionMarker(trace: readonly TraceEvent[]): (PhaseEvent & { quiet: NonNullable<PhaseEvent['quiet']> }) | undefined {
  for (const e of trace) if (e.kind === 'phase' && e.phase === 'deletion' && e.quiet !== undefined) return e as PhaseEvent & { quiet: NonNullable<PhaseEvent['quiet']> };
  return undefined;
}

/** The run up to the quiet point (the input itself when the trace has no deletion marker). */
export function atQuietPoint(input: CheckInput): CheckInput {
  const marker = deletionMarker(input.trace);
  if (marker === undefined) return input;
  const cut = input.trace.indexOf(marker);
  const end: RunEndEvent = { i: marker.i, t: marker.t, kind: 'run-end', ...marker.quiet };
  return { ...input, trace: [...input.trace.slice(0, cut), end] };
}
