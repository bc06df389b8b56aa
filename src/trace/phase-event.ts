/**
 * The phase markers of a run (fault, heal, quiescence) and the account-deletion epilogue's marker.
 * `deletion` comes only after the run went quiet, on runs that draw `accountDeletionPercent`: it
 * carries the state at that quiet point (what run-end carries for a run without an epilogue), which
 * the end-state checkers judge; after it a device asks the server to delete the account and the run
 * goes on for a while (src/sim/deletion-epilogue.ts). Types only, as events.ts.
 */
import type { RunEndEvent } from './events.ts';

export type Phase = 'fault' | 'heal' | 'quiescence' | 'deletion';

/** The replicas and server log at the quiet point, with run-end's convergence verdict of that point. */
export type QuietState = Pick<RunEndEvent, 'replicas' | 'serverLog' | 'converged' | 'convergedAt'>;

export interface PhaseEvent {
  i: number;
  t: number;
  kind: 'phase';
  phase: Phase;
  /** Only on `deletion`: the state at the quiet point that ended the run before the epilogue. */
  quiet?: QuietState;
}
