/**
 * fast-check parameters shared by the fuzz tests. The seed is fixed so the suite is the same on
 * every run (the lab's own rule: a failure you cannot replay is not a finding yet); set
 * SYNC_LAB_FUZZ_SEED=<n> to replay a reported seed, or SYNC_LAB_FUZZ_SEED=random for new cases.
 * fast-check prints the seed and path of every failure.
 */
// @ts-nocheck

import type fc from 'fast-check';

const raw = process.env['SYNC_LAB_FUZZ_SEED'];
export const FUZZ_SEED = raw === 'random' ? undefined : raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : 20_261_130;

export function fuzzParameters(numRuns: number, extra: { endOnFailure?: boolean } = {}): fc.Parameters<unknown> {
  return { numRuns, includeErrorInReport: true, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }), ...extra };
}
