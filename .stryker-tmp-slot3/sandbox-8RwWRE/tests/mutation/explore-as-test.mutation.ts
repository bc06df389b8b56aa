/**
 * Stryker's only test (npm run mutation, through @stryker-mutator/vitest-runner): exploration alone,
 * in this process, so Stryker switches mutants without restarting anything. The same verdict as
 * `explore --fail-fast --no-shrink --workers 1`: any violation fails the test (kills the mutant), and
 * so does anything the lab throws (the CLI's exit 2 or 3). `workers: 1` runs every seed on this thread:
 * a worker thread would load its own, unmutated bundle and never see the active mutant.
 *
 * The run is sized by MUTATION_SEEDS (a fixed seed count: the default, for a score that does not depend
 * on the machine's load) or MUTATION_BUDGET_S (a time budget, as the issue words it); the profile by
 * MUTATION_PROFILE (default: the default profile). Not a `.spec.ts` file: `npm test` never runs it.
 */
// @ts-nocheck

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { runSize } from './run-size.ts';

const size = runSize(process.env);
const profile = process.env['MUTATION_PROFILE'] ?? 'default';

test(`explore ${size.label}, profile ${profile}, --fail-fast --no-shrink --workers 1: no violation`, async () => {
  const out = mkdtempSync(join(tmpdir(), 'sync-lab-mutation-'));
  try {
    const summary = await runExplore({ ...size.options, from: 1, profile, workers: 1, shard: { index: 0, count: 1 }, out, shrink: false, failFast: true, shrinkLimit: 1 });
    expect(summary.failures.map((f) => `seed ${f.seed}: ${f.checker}: ${f.message}`)).toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
