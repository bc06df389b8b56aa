// The two broken engines of the damaged-answer fault (damagedPulledOpPercent), each caught by a default
// `explore --fail-fast`: one skips an op it cannot open and moves its cursor past it, one treats the
// pull it had to stop as a success (past the whole page). The default engine, which stops before the op
// and retries, passes (tests/sim/answer-damage.spec.ts; 2,000 default seeds in the README).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import skips from '../fixtures/broken-reconcilers/skips-unopenable-op.ts';
import asSuccess from '../fixtures/broken-reconcilers/failed-pull-as-success.ts';

describe('broken engines of a damaged pull answer', () => {
  for (const fixture of ['skips-unopenable-op', 'failed-pull-as-success']) {
    it(`${fixture}: caught by a default explore --fail-fast within 60 seeds`, async () => {
      const out = mkdtempSync(join(tmpdir(), `sync-lab-${fixture}-`));
      const summary = await runExplore({ seeds: 60, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, reconciler: `tests/fixtures/broken-reconcilers/${fixture}.ts`, out, shrink: false, failFast: true, shrinkLimit: 1 });
      expect(summary.failures.map((f) => f.checker)).toContain('sync-state-disclosure');
    });
  }

  // A busy run with damage on many answers: the skipped or stepped-over write is lost for good.
  const options = resolveSimOptions({ seed: 3, devices: 3, durationMs: 15_000, quiescenceMs: 60_000, opsPerMinute: 240, offlinePercent: 0, intermittentPercent: 0, damagedPulledOpPercent: 40 }, 'test');
  for (const [name, reconciler] of [['skips-unopenable-op', skips], ['failed-pull-as-success', asSuccess]] as const) {
    it(`${name}: loses a write the server holds (convergence) and discloses the stopped pull as a success`, () => {
      const checkers = new Set(runChecked({ options, reconciler }).violations.map((v) => v.checker));
      expect(checkers).toContain('convergence');
      expect(checkers).toContain('sync-state-disclosure');
      expect(runChecked({ options: { ...options, damagedPulledOpPercent: 0 }, reconciler }).violations).toEqual([]);
    });
  }
});
