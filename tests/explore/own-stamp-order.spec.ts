import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { moduleProblems } from '../../src/io/reconciler-loader.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { mergeRemote } from '../../src/reconciler/apply-pull.ts';
import type { MergeTarget } from '../../src/reconciler/apply-pull.ts';
import { DefaultReconciler } from '../../src/reconciler/index.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { Delegating, internals } from '../fixtures/broken-reconcilers/_delegate.ts';
import hashTieBreak, { hashOrder } from '../fixtures/engines/hash-tie-break.ts';

describe("an engine's own stamp order through explore", () => {
  it('a correct engine breaking exact ties by a hash of its device id shows no violation', async () => {
    const summary = await runExplore({
      seeds: 60,
      from: 1,
      profile: 'default',
      workers: 1,
      shard: { index: 0, count: 1 },
      out: mkdtempSync(join(tmpdir(), 'sync-lab-order-')),
      shrink: false,
      shrinkLimit: 1,
      reconciler: 'tests/fixtures/engines/hash-tie-break.ts',
    });
    expect(summary.seedsRun).toBe(60);
    expect(summary.failures.map((f) => `seed ${f.seed} ${f.checker}: ${f.message}`)).toEqual([]);
  }, 120_000);
  it('decides shadows by its own order too: a merge alone by it is caught at default seed 478 (wall mode, a write in another device\'s millisecond)', () => {
    const file = readReplayFile('tests/fixtures/replays/hash-tie-break-shadow-478.json');
    expect(runChecked({ options: file.options, schedule: file.schedule, reconciler: hashTieBreak }).violations).toEqual([]);
    // The fixture as it was: pulled versions merged by the hash order, shadows and the floor by the default one.
    const mergeOnly: ReconcilerModule = {
      ...hashTieBreak,
      create: (options) => {
        const inner = new DefaultReconciler(options);
        const guts = internals(inner);
        const t = guts as unknown as MergeTarget;
        guts.mergeRemote = (incoming, nowMs) => mergeRemote({ store: t.store, clock: t.clock, conflictLog: t.conflictLog, lineage: t.lineage, compare: hashOrder }, incoming, nowMs);
        return new Delegating(inner, options);
      },
    };
    const caught = runChecked({ options: file.options, schedule: file.schedule, reconciler: mergeOnly }).violations.map((v) => v.checker);
    expect(caught).toContain('stamp-order');
  });

  it('a malformed stampOrder is refused when the module loads', () => {
    const base = { name: 'x', create: () => undefined, restore: () => undefined };
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: 1 } } })).toEqual(['`stampOrder.compare(a, b)` must be a function']);
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: () => 0, tieWindowMs: -1 } } })[0]).toContain('tieWindowMs');
    expect(moduleProblems({ default: { ...base, stampOrder: { compare: () => 0 } } })).toEqual([]);
  });
});
