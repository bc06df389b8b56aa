// @ts-nocheck
// Triage: failures group by signature, one representative per signature is shrunk, and the shrunk
// schedule still fails with the same signature (it did not drift to another bug).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { failureSignature } from '../../src/explore/signature.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import { runChecked } from '../../src/lab/run-checked.ts';

const FIXTURE = 'tests/fixtures/explore-broken/last-arrival-wins.ts';

describe('triage by failure signature', () => {
  it('lists distinct causes with counts that add up, and each shrunk representative keeps its signature', async () => {
    const summary = await runExplore({ seeds: 12, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, reconciler: FIXTURE, out: mkdtempSync(join(tmpdir(), 'sync-lab-triage-')), shrink: true, shrinkLimit: 3 });
    expect(summary.causes.length).toBeGreaterThan(1);
    expect(summary.causes.reduce((n, c) => n + c.count, 0)).toBe(summary.failures.length);
    expect(new Set(summary.causes.map((c) => c.signature)).size).toBe(summary.causes.length);
    for (const c of summary.causes) expect(c.signature.startsWith(`${c.checker}|`)).toBe(true);
    // Most frequent first.
    for (let k = 1; k < summary.causes.length; k++) expect(summary.causes[k - 1]!.count).toBeGreaterThanOrEqual(summary.causes[k]!.count);
    const shrunk = summary.failures.filter((f) => f.replayFile);
    expect(shrunk.length).toBe(Math.min(3, summary.causes.length));
    expect(new Set(shrunk.map((f) => f.signature)).size).toBe(shrunk.length);
    const reconciler = await loadReconciler(FIXTURE);
    for (const f of shrunk) {
      const file = readReplayFile(f.replayFile!);
      const run = runChecked({ options: file.options, schedule: file.schedule, reconciler });
      const first = run.violations.find((v) => v.checker === f.checker)!;
      expect(failureSignature(first, run.trace)).toBe(f.signature);
    }
  });

  it('gives one signature to one kind of failure across seeds, and tells checkers apart', () => {
    const trace = [
      { i: 0, t: 0, kind: 'local-write', device: 'a', op: 'create', recordId: 'r', ok: true, wallMs: 0 },
      { i: 1, t: 1, kind: 'local-write', device: 'b', op: 'edit', recordId: 'r', ok: true, wallMs: 0 },
      { i: 2, t: 2, kind: 'merge', device: 'a', recordId: 'r', opId: 'b/o1', applied: true, version: null },
    ] as never;
    expect(failureSignature({ checker: 'lww-winner', eventIndex: 2, records: ['r'] }, trace)).toBe('lww-winner|merge|multi-writer');
    expect(failureSignature({ checker: 'convergence', eventIndex: 2, records: ['r'] }, trace)).toBe('convergence|merge|multi-writer');
    expect(failureSignature({ checker: 'lww-winner', eventIndex: 2, records: [] }, trace)).toBe('lww-winner|merge|no-record');
  });
});
