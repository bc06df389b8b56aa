/**
 * The phase markers of a run (fault, heal, quiescence) and the account-deletion epilogue's marker.
 * `deletion` comes only after the run went quiet, on runs that draw `accountDeletionPercent`: it
 * carries the state at that quiet point (what run-end carries for a run without an epilogue), which
 * the end-state checkers judge; after it a device asks the server to delete the account and the run
 * goes on for a while (src/sim/deletion-epilogue.ts). Types only, as events.ts, which instantiates it.
 */
export type Phase = 'fault' | 'heal' | 'quiescence' | 'deletion';

/** `Quiet`: the replicas and server log at the quiet point, as run-end carries them (events.ts's QuietState; no import back, so no loop). */
export interface PhaseEventOf<Quiet> {
  i: number;
  t: number;
  kind: 'phase';
  phase: Phase;
  /** Only on `deletion`: the state at the quiet point that ended the run before the epilogue. */
  quiet?: Quiet;
}
