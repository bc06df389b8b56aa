// Broken engines only the input probes (userInputProbesPerHour) or the retry-pacing bound
// (retryMinDelayMs) expose, both in the default profile: each is caught by a default exploration with
// --fail-fast, its checker among the first failing seed's findings, and the shrunk schedule replays
// to the same violation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFile } from '../../src/cli/replay.ts';
import { runExplore } from '../../src/explore/run-explore.ts';

const FIXTURES: [fixture: string, checker: string][] = [
  ['accepts-bad-input', 'input-refusal'],
  ['drops-null-fields', 'input-refusal'],
  ['shares-returned-versions', 'input-refusal'],
  ['retries-at-once', 'retry-pacing'],
];
const SEED_BOUND = 100;

describe('input probes and retry pacing catch what nothing else sees', () => {
  for (const [fixture, checker] of FIXTURES) {
    it(`${fixture}: ${checker} within ${SEED_BOUND} default seeds, shrunk, replay reproduces`, async () => {
      const summary = await runExplore({
        seeds: SEED_BOUND,
        from: 1,
        profile: 'default',
        workers: 1,
        shard: { index: 0, count: 1 },
        reconciler: `tests/fixtures/explore-broken/${fixture}.ts`,
        out: mkdtempSync(join(tmpdir(), `sync-lab-${fixture}-`)),
        shrink: true,
        failFast: true,
        shrinkLimit: 1,
      });
      const checkers = summary.failures.map((f) => f.checker);
      expect(checkers, checkers.join(', ')).toContain(checker);
      const shrunk = summary.failures.find((f) => f.replayFile);
      expect(shrunk!.shrunkEvents).toBeLessThanOrEqual(15);
      const replay = await replayFile(shrunk!.replayFile!);
      expect(replay.reproduced).toBe(true);
      expect(replay.hashMatches).toBe(true);
    });
  }
});
