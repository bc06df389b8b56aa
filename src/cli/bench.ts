/**
 * `sync-lab bench`: measures the simulator and prints one JSON object. Wall-clock timing lives
 * here, at the edge, never in the deterministic code it measures.
 */
import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { resolveSimOptions } from '../sim/options.ts';
import { simulate } from '../sim/run.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExplore } from '../explore/run-explore.ts';
import { UsageError } from '../io/usage-error.ts';
import { SEEDS_PER_PROCESS_MAX, wholeNumberFlag } from './flags.ts';
import { benchFixtures, FIXTURE_GOAL_MS, fixtureFiles } from './bench-fixtures.ts';

export interface SimBench {
  profile: string;
  seeds: number;
  events: number;
  wallMs: number;
  simulatedMs: number;
  eventsPerSecond: number;
  /** Simulated time per unit of wall time. */
  timeCompression: number;
}

export function benchSimulator(profile: string, seeds: number, overrides: Record<string, unknown>): SimBench {
  let events = 0;
  let simulatedMs = 0;
  const start = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const result = simulate({ options: resolveSimOptions({ ...overrides, seed }, `bench ${profile}`) });
    events += result.trace.length;
    simulatedMs += result.simulatedMs;
  }
  const wallMs = performance.now() - start;
  return {
    profile,
    seeds,
    events,
    wallMs: Math.round(wallMs),
    simulatedMs,
    eventsPerSecond: Math.round((events / wallMs) * 1000),
    timeCompression: Math.round(simulatedMs / wallMs),
  };
}

const DAY_MS = 24 * 3600_000;
/** A quiet device population: a handful of entries a day, ordinary network, rare faults. */
const LIGHT_WORKLOAD = { devices: 3, opsPerMinute: 0.05, modeChangesPerHour: 1, crashesPerHour: 0.05, partitionsPerHour: 0.1, serverOutagesPerHour: 0.05, tokenExpiriesPerHour: 0.05, clockJumpsPerHour: 0.05, backupsPerHour: 0.05, clockSampleMs: 600_000 };

/** Seeds per second of `explore` (default profile, no failures expected) with a given worker count. */
export async function benchExplore(seeds: number, workers: number): Promise<{ workers: number; seeds: number; wallMs: number; seedsPerSecond: number }> {
  const out = mkdtempSync(join(tmpdir(), 'sync-lab-bench-'));
  try {
    const s = await runExplore({ seeds, from: 1, profile: 'default', workers, shard: { index: 0, count: 1 }, out, shrink: false, shrinkLimit: 0});
    return { workers, seeds: s.seedsRun, wallMs: s.wallMs, seedsPerSecond: s.seedsPerSecond };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every bench flag checked at the edge: a section is skipped only when asked for (--explore-seeds 0), never because a flag was unreadable. */
export function parseBenchFlags(opts: { seeds: string; days: string; exploreSeeds: string; fixtureRuns?: string }): { seeds: number; days: number; exploreSeeds: number; fixtureRuns: number } {
  const seedRange = { min: 1, max: SEEDS_PER_PROCESS_MAX, maxWhy: 'the most seeds one process runs' };
  const seeds = wholeNumberFlag('bench', '--seeds', opts.seeds, seedRange)!;
  const exploreSeeds = wholeNumberFlag('bench', '--explore-seeds', opts.exploreSeeds, { ...seedRange, min: 0 })!;
  const days = /^\d+(\.\d+)?$/.test(opts.days.trim()) ? Number(opts.days) : NaN;
  if (!(days > 0 && days <= 7)) throw new UsageError(`bench: --days: expected a number of simulated days in (0, 7] (7 is the week target), got ${JSON.stringify(opts.days)}`);
  const fixtureRuns = wholeNumberFlag('bench', '--fixture-runs', opts.fixtureRuns ?? '0', { min: 0, max: 1000 })!;
  return { seeds, days, exploreSeeds, fixtureRuns };
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure the simulator (events/s, time compression), exploration and, with --viz, the visualizer in Chromium; prints one JSON object')
    .option('--seeds <n>', 'seeds of the default profile to run', '40')
    .option('--days <n>', 'simulated days of a light 3-device workload (7 = the week target)', '1')
    .option('--explore-seeds <n>', 'seeds for the explore throughput section (0 skips it)', '600')
    .option('--fixtures <dir>', 'folder of deliberately broken reconcilers for the time-to-first-failure section', 'tests/fixtures/explore-broken')
    .option('--fixture-runs <n>', 'explore --fail-fast runs per broken fixture (median seeds and ms to first failure; 0 skips)', '5')
    .option('--only-fixtures', 'measure only the broken fixtures section')
    .option('--viz', 'also measure the visualizer in Chromium: first draw at 100k events, load and pan fps at 1M (medians of 3 loads; a few minutes)')
    .action(async (opts: { seeds: string; days: string; exploreSeeds: string; fixtures: string; fixtureRuns: string; onlyFixtures?: boolean; viz?: boolean }) => {
      const { seeds, days, exploreSeeds, fixtureRuns } = parseBenchFlags(opts);
      if (fixtureRuns > 0) fixtureFiles(opts.fixtures); // checked before anything is measured
      if (opts.onlyFixtures && fixtureRuns === 0) throw new UsageError('bench: --only-fixtures: expected --fixture-runs of at least 1');
      const fixtures = fixtureRuns > 0 ? { profile: 'default', goalMedianMs: FIXTURE_GOAL_MS, results: await benchFixtures(opts.fixtures, fixtureRuns, 2000) } : null;
      if (opts.onlyFixtures) {
        process.stdout.write(`${JSON.stringify({ node: process.version, fixtures }, null, 2)}\n`);
        return;
      }
      const defaultProfile = benchSimulator('default', seeds, {});
      const light = benchSimulator(`light-${days}d`, 1, { ...LIGHT_WORKLOAD, durationMs: Math.round(days * DAY_MS) });
      const explore = exploreSeeds > 0 ? { oneWorker: await benchExplore(exploreSeeds, 1), twoWorkers: await benchExplore(exploreSeeds, 2) } : null;
      // Loaded only when asked for: it needs Chromium and playwright-core, the rest of bench does not.
      const visualizer = opts.viz ? await (await import('../report/viz-bench.ts')).benchVisualizer({ events: [100_000, 1_000_000] }) : null;
      const report = {
        node: process.version,
        simulator: defaultProfile,
        longRun: { ...light, wallSecondsPerSimulatedWeek: Number(((light.wallMs / 1000) * (7 / days)).toFixed(2)) },
        explore,
        fixtures,
        visualizer,
        targets: {
          eventsPerSecond: 1_000_000,
          timeCompression: 100_000,
          wallSecondsPerSimulatedWeek: 1,
          exploreSeedsPerSecondTwoWorkers: 500,
          vizFirstDrawMsAt100k: 300,
          vizLoadMsAt1M: 2000,
          vizPanFpsAt1M: 60,
        },
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}
