/**
 * `sync-lab bench --fixture-runs n`: how fast default exploration catches each deliberately broken
 * engine. Each fixture runs `explore --fail-fast` (default profile, one thread, no shrinking) from n
 * seed ranges far apart; the report gives the median seeds and milliseconds to the first failure. A
 * run that finds nothing within its seeds is counted, never dropped.
 */
// @ts-nocheck

import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExplore } from '../explore/run-explore.ts';
import { UsageError } from '../io/usage-error.ts';

export interface FixtureBench {
  fixture: string;
  runs: number;
  /** Runs that found nothing within `seedsPerRun` seeds (their figures are left out of the medians). */
  missed: number;
  medianSeeds: number | null;
  medianMs: number | null;
  /** Each run: seeds and ms to the first failure, and the checker it failed; null when it missed. */
  each: ({ seeds: number; ms: number; checker: string } | null)[];
}

export const FIXTURE_GOAL_MS = 1000;
/** Start of the k-th run's seed range: far apart, so runs are independent draws. */
const RANGE_STRIDE = 100_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export function fixtureFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`bench: --fixtures: ${dir} is not a folder of broken reconciler modules (give --fixture-runs 0 to skip this section)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .sort()
    .map((f) => join(dir, f));
}

export async function benchFixtures(dir: string, runs: number, seedsPerRun: number): Promise<FixtureBench[]> {
  const out: FixtureBench[] = [];
  for (const file of fixtureFiles(dir)) {
    const each: FixtureBench['each'] = [];
    for (let k = 0; k < runs; k++) {
      const tmp = mkdtempSync(join(tmpdir(), 'sync-lab-bench-fixture-'));
      try {
        const s = await runExplore({ seeds: seedsPerRun, from: 1 + k * RANGE_STRIDE, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, reconciler: file, out: tmp, shrink: false, failFast: true, shrinkLimit: 0 });
        const first = s.firstFailure;
        each.push(first ? { seeds: first.seedsDone, ms: first.ms, checker: s.failures.find((f) => f.seed === first.seed)?.checker ?? '?' } : null);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    const hits = each.filter((e) => e !== null);
    out.push({
      fixture: file.replace(/^.*\//, '').replace(/\.ts$/, ''),
      runs,
      missed: runs - hits.length,
      medianSeeds: median(hits.map((h) => h.seeds)),
      medianMs: median(hits.map((h) => h.ms)),
      each,
    });
  }
  return out;
}
