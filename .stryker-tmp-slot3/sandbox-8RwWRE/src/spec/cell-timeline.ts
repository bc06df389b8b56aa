/**
 * The timeline every parity-matrix cell follows, as data shared by the lab that runs a cell
 * (src/lab/parity/cell-scenarios.ts builds the schedule from it) and the judge that reads the cell's
 * trace (src/check/parity/judge.ts looks for what happened at these times, on these devices). It lives
 * in spec/ so the judge never imports the lab that runs worlds.
 */
// @ts-nocheck


/** The device that exercises the capability: starts online, saves a prior entry, then switches mode. */
export const SUBJECT = 'a';
/** When the subject saves the prior entry (online), which the cells then read, edit, delete or propagate. */
export const PRIOR_MS = 500;
/** The device that stays online: the "other device" that propagation is judged on. */
export const OBSERVER = 'b';
/** When the subject leaves online for the cell's mode. */
export const SWITCH_MS = 2_000;
/** When the capability is exercised. */
export const ACT_MS = 3_000;
/** End of the fault phase: the heal brings every device online. */
export const DURATION_MS = 12_000;
