// The checkers share derived views of a trace (src/check/_internals/views.ts) instead of each
// re-deriving them. Their verdicts must not change: this compares today's checkers with a frozen copy
// of the checkers as they were before the views (tests/check/_internals/before/, a reference only)
// on the same traces: default-profile explore seeds of the default engine, every deliberately broken
// engine of tests/fixtures/broken-reconcilers/ and tests/fixtures/explore-broken/ over a few seeds,
// and every regression file with its recorded engine. Violations (messages, indices, devices,
// records), hazards and the not-judged list must be identical, for checkRun and for each checker
// run on its own. FUSE_DIFF_SEEDS / FUSE_DIFF_FIXTURE_SEEDS widen the sample (a few hundred seeds
// were compared when the views were written; the suite keeps a sample).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as after from '../../src/check/index.ts';
import * as before from './_internals/before/index.ts';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import { readReplayFile, replayEngineOptions } from '../../src/explore/replay-file.ts';
import { loadReconciler } from '../../src/io/reconciler-loader.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { withoutServerFaults } from '../../src/sim/options.ts';
import type { SimOptions } from '../../src/sim/options.ts';
import { simulateAsync } from '../../src/sim/run.ts';
import type { Schedule } from '../../src/sim/schedule.ts';

const SEEDS = Number(process.env['FUSE_DIFF_SEEDS'] ?? 60);
const FIXTURE_SEEDS = Number(process.env['FUSE_DIFF_FIXTURE_SEEDS'] ?? 2);
const profile = loadProfile('default');

const fixtures = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .sort()
    .map((f) => join(dir, f));

interface Verdicts {
  violations: unknown;
  hazards: unknown;
  notJudged: unknown;
  perChecker: Record<string, unknown>;
}

async function verdicts(options: SimOptions, reconciler: ReconcilerModule | undefined, schedule?: Schedule): Promise<{ before: Verdicts; after: Verdicts; events: number }> {
  const result = await simulateAsync({ options, ...(reconciler ? { reconciler } : {}), ...(schedule ? { schedule } : {}) });
  const input = { trace: result.trace, serverState: result.serverState, stampMode: options.stampMode, ...(reconciler?.stampOrder ? { order: reconciler.stampOrder } : {}) };
  const of = (lib: typeof after | typeof before): Verdicts => ({
    violations: lib.checkRun(input),
    hazards: lib.checkHazards(result.trace),
    notJudged: lib.notJudgedBy(result.trace),
    perChecker: Object.fromEntries(lib.CHECKERS.map((c) => [c.id, c.check(input)])),
  });
  return { before: of(before), after: of(after), events: result.trace.length };
}

describe('shared views leave every verdict as it was (old vs new checkers on the same traces)', () => {
  it(`default profile, default engine, seeds 1..${SEEDS}`, async () => {
    let violated = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { before: b, after: a } = await verdicts(drawOptions(profile, seed), undefined);
      expect(a, `seed ${seed}`).toEqual(b);
      if ((b.violations as unknown[]).length > 0 || (b.hazards as unknown[]).length > 0) violated++;
    }
    // The sample must hold traces where something is found (hazards at least), or it compares empty lists only.
    expect(violated).toBeGreaterThan(0);
  }, 600_000);

  const engines = [...fixtures('tests/fixtures/broken-reconcilers'), ...fixtures('tests/fixtures/explore-broken')];
  it.each(engines)(`%s over default-profile seeds 1..${FIXTURE_SEEDS}`, async (path) => {
    const reconciler = await loadReconciler(resolve(path));
    for (let seed = 1; seed <= FIXTURE_SEEDS; seed++) {
      const { before: b, after: a } = await verdicts(withoutServerFaults(drawOptions(profile, seed), reconciler), reconciler);
      expect(a, `seed ${seed}`).toEqual(b);
    }
  }, 600_000);

  const regressions = readdirSync('simulations/regressions').filter((f) => f.endsWith('.json')).sort();
  it.each(regressions)('regression %s with its recorded engine', async (f) => {
    const path = join('simulations/regressions', f);
    const file = readReplayFile(path);
    const reconciler = await loadReconciler(file.reconciler === 'default' ? undefined : file.reconciler, undefined, replayEngineOptions(file, path));
    const { before: b, after: a } = await verdicts(file.options, reconciler, file.schedule);
    expect(a).toEqual(b);
    expect((b.violations as { checker: string }[]).some((v) => v.checker === file.checker)).toBe(true);
  }, 600_000);
});
