// The Yjs adapter (examples/yjs) under the simulator and every checker, a few seeds of its own
// profile: deterministic, and the verdict examples/README.md gives holds (what holds, holds; the
// known findings are found). The counts over 500 seeds are in the README.
import { describe, expect, it } from 'vitest';
import yjs from '../../examples/yjs/index.ts';
import { notJudgedBy } from '../../src/check/index.ts';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';

const reconciler = yjs as unknown as ReconcilerModule;
const profile = loadProfile('examples/yjs/profile.yaml');
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const runs = SEEDS.map((seed) => runChecked({ options: drawOptions(profile, seed), reconciler }));
const violated = (checker: string): number[] => runs.filter((r) => r.violations.some((v) => v.checker === checker)).map((r) => r.summary.seed);

describe('the Yjs adapter under the lab', () => {
  it('is deterministic: the same seed gives the same trace hash', () => {
    const again = runChecked({ options: drawOptions(profile, 4), reconciler });
    expect(again.traceHash).toBe(runs[3]!.traceHash);
    expect(new Set(runs.map((r) => r.traceHash)).size).toBe(SEEDS.length);
  });

  it('replicas always agree with each other at the end (Yjs converges), and no engine error', () => {
    for (const r of runs) expect(r.converged, `seed ${r.summary.seed}`).toBe(true);
    expect(violated('engine-error')).toEqual([]);
  });

  it('holds what the README says holds', () => {
    for (const checker of ['commit-immediate', 'non-blocking', 'causal-lww', 'exposure-offline', 'exposure-metadata', 'exposure-content', 'no-duplicates', 'token-expiry']) {
      expect(violated(checker), checker).toEqual([]);
    }
  });

  it('finds what the README says it finds: timestamp last-write-wins does not hold', () => {
    expect(violated('lww-winner').length).toBeGreaterThan(0);
    expect(violated('stamp-order')).toEqual(violated('lww-winner'));
    expect(violated('convergence').length).toBeGreaterThan(0);
  });

  it('is judged on its own protocol: the wire-format readers are listed as not judged, never passed', () => {
    expect(notJudgedBy(runs[0]!.trace).map((n) => n.checker).sort()).toEqual(['account-deletion', 'backoff-reset', 'cloud-backups', 'damaged-requests', 'redownload', 'remote-actions', 'retry-growth', 'retry-pacing', 'server-tokens', 'sync-state-disclosure']);
  });
});
