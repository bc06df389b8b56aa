/**
 * Every fast-check property in the suite runs from one fixed seed unless it names its own, so a run
 * of `npm test` is the same on every machine and a red CI is always replayable (the lab's own rule).
 * SYNC_LAB_FUZZ_SEED=<n> replays a reported seed; SYNC_LAB_FUZZ_SEED=random explores new cases
 * (fast-check prints the seed and path of any failure it finds).
 */
// @ts-nocheck

import fc from 'fast-check';
import { FUZZ_SEED } from '../fuzz/_internals/parameters.ts';

if (FUZZ_SEED !== undefined) fc.configureGlobal({ seed: FUZZ_SEED });
