/**
 * `sync-lab bench`: every performance figure of issue 15 as the median, min and max of several runs
 * after a warm-up, each with its goal beside it (`--json` for one JSON object, else a table). Wall-
 * clock timing lives here and in the bench-* modules, at the edge, never in the code it measures.
 */
// @ts-nocheck

import type { Command } from 'commander';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../io/usage-error.ts';
import { SEEDS_PER_PROCESS_MAX, wholeNumberFlag } from './flags.ts';
import { benchFixtures, FIXTURE_GOAL_MS, fixtureFiles } from './bench-fixtures.ts';
import { benchOverhead } from './bench-direct.ts';
import { GOALS, lightWeekFigures, simulatorFigures, traceCostFigures } from './bench-figures.ts';
import { benchMerge } from './bench-merge.ts';
import { exploreInProcess, poolRound } from './bench-pool.ts';
import { figure } from './bench-stats.ts';
import { cliStartFigures } from './bench-start.ts';
import type { Figure } from './bench-stats.ts';

export interface BenchFlags {
  seeds: number;
  days: number;
  exploreSeeds: number;
  fixtureRuns: number;
  runs: number;
  threads: number;
  mergeOps: number;
}

/** Every bench flag checked at the edge: a section is skipped only when asked for (--explore-seeds 0), never because a flag was unreadable. */
export function parseBenchFlags(opts: { seeds: string; days: string; exploreSeeds: string; fixtureRuns?: string; runs?: string; threads?: string; mergeOps?: string }): BenchFlags {
  const seedRange = { min: 1, max: SEEDS_PER_PROCESS_MAX, maxWhy: 'the most seeds one process runs' };
  const seeds = wholeNumberFlag('bench', '--seeds', opts.seeds, seedRange)!;
  const exploreSeeds = wholeNumberFlag('bench', '--explore-seeds', opts.exploreSeeds, { ...seedRange, min: 0 })!;
  const days = /^\d+(\.\d+)?$/.test(opts.days.trim()) ? Number(opts.days) : NaN;
  if (!(days > 0 && days <= 7)) throw new UsageError(`bench: --days: expected a number of simulated days in (0, 7] (7 is the week target), got ${JSON.stringify(opts.days)}`);
  const fixtureRuns = wholeNumberFlag('bench', '--fixture-runs', opts.fixtureRuns ?? '0', { min: 0, max: 1000 })!;
  const runs = wholeNumberFlag('bench', '--runs', opts.runs ?? '5', { min: 1, max: 1000 })!;
  const threads = wholeNumberFlag('bench', '--threads', opts.threads ?? String(availableParallelism()), { min: 1, max: 256 })!;
  const mergeOps = wholeNumberFlag('bench', '--merge-ops', opts.mergeOps ?? '20000', { min: 0, max: 10_000_000 })!;
  return { seeds, days, exploreSeeds, fixtureRuns, runs, threads, mergeOps };
}

/** The figures compared with a goal, by name (the table and the tests read these). */
export type Headline = Record<string, Figure | { median: null; goal: number; unit: string; met: null; note: string }>;

export interface BenchReport {
  machine: { node: string; cores: number; cpu: string; loadAverageAtStart: number[] };
  command: string;
  runs: number;
  figures: Headline;
  details: Record<string, unknown>;
}

/** Everything but the broken fixtures and the visualizer (those are separate, slower sections). */
export async function runBench(f: BenchFlags, argv: readonly string[] = []): Promise<BenchReport> {
  const machine = { node: process.version, cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))) };
  const simulator = simulatorFigures(f.seeds, f.runs);
  const lightWeek = lightWeekFigures(f.days, f.runs);
  const overhead = benchOverhead({ devices: 5, durationMs: 600_000 }, f.runs);
  const trace = traceCostFigures(f.runs);
  const merge = f.mergeOps > 0 ? await benchMerge({ writers: 3, records: 200, ops: f.mergeOps }, f.runs, () => performance.now()) : null;
  let explore: { perThread: Figure; pool: Awaited<ReturnType<typeof poolRound>>[] } | null = null;
  if (f.exploreSeeds > 0) {
    await exploreInProcess(Math.min(f.exploreSeeds, 20), 900_001, 1); // warm-up
    const perThread: number[] = [];
    const pool: Awaited<ReturnType<typeof poolRound>>[] = [];
    for (let r = 0; r < f.runs; r++) {
      const from = 1 + r * f.exploreSeeds * (f.threads + 1);
      perThread.push(await exploreInProcess(f.exploreSeeds, from, 1));
      if (f.threads > 1) pool.push(await poolRound(f.threads, f.exploreSeeds, from + f.exploreSeeds, r % 2 === 1));
    }
    explore = { perThread: figure(perThread, 'seeds/s', GOALS.exploreSeedsPerSecondPerThread, 'higher'), pool };
  }
  const start = cliStartFigures(f.runs, { help: GOALS.cliHelpSeconds, run: GOALS.cliRunSeed1Seconds });
  const figures: Headline = {
    simulatorEventsPerSecond: simulator.eventsPerSecond,
    lightWeekWallSeconds: lightWeek.wallSecondsPerSimulatedWeek,
    simOverheadRatio: overhead.simOverheadRatio,
    ...(explore ? { exploreSeedsPerSecondPerThread: explore.perThread } : {}),
    ...(explore && explore.pool.length > 0 ? { poolEfficiency: figure(explore.pool.map((p) => p.efficiency), `(${f.threads} threads ÷ ${f.threads} processes)`, GOALS.poolEfficiency, 'higher') } : {}),
    cliHelpSeconds: start.help,
    cliRunSeed1Seconds: start.run,
  };
  return { machine, command: ['npm run bench --', ...argv].join(' '), runs: f.runs, figures, details: { simulator, lightWeek, overhead, trace, merge, explore } };
}

function cell(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : x.toLocaleString('en-US');
}

/** One line per figure: median (min–max), goal, met. */
export function benchTable(report: BenchReport): string {
  const lines = [`sync-lab bench on ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, load ${report.machine.loadAverageAtStart.join(' ')}; ${report.runs} runs after warm-up`];
  for (const [name, f] of Object.entries(report.figures)) {
    const range = f.median === null ? f.note : `${cell(f.median)} ${f.unit} (${cell(f.min)}–${cell(f.max)})`;
    lines.push(`  ${name.padEnd(32)} ${range.padEnd(48)} goal ${cell(f.goal)}  ${f.met === null ? '' : f.met ? 'met' : 'missed'}`);
  }
  const d = report.details as { trace?: { traceBytesPerEvent: number; hashBytesPerEvent: number; hashNsPerEvent: Figure; hashShareOfRun: number }; merge?: { defaultReconciler: Figure; tinybaseMergeableStore: Figure; yjsMap: Figure } | null };
  if (d.trace) lines.push(`  trace: ${d.trace.traceBytesPerEvent} bytes/event as JSONL, ${d.trace.hashBytesPerEvent} hashed (v2); hashing ${cell(d.trace.hashNsPerEvent.median)} ns/event (goal ≤ ${d.trace.hashNsPerEvent.goal ?? '—'}), ${(d.trace.hashShareOfRun * 100).toFixed(1)}% of a run`);
  if (d.merge) lines.push(`  merge writes/s: default reconciler ${cell(d.merge.defaultReconciler.median)}, TinyBase MergeableStore ${cell(d.merge.tinybaseMergeableStore.median)}, Yjs Y.Map ${cell(d.merge.yjsMap.median)}`);
  return `${lines.join('\n')}\n`;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure the simulator, the lab overhead, exploration, trace costs, merge throughput and, with --viz, the visualizer; every figure with its goal')
    .option('--json', 'print one JSON object (else a table)')
    .option('--runs <n>', 'measured runs per figure, after a warm-up (median, min, max)', '5')
    .option('--seeds <n>', 'seeds of the default profile per simulator run', '40')
    .option('--days <n>', 'simulated days of a light 3-device workload (7 = the week target)', '1')
    .option('--explore-seeds <n>', 'seeds per thread for the explore and pool-efficiency sections (0 skips them)', '200')
    .option('--threads <n>', 'threads of the pool compared with as many processes (default: the number of cores)')
    .option('--merge-ops <n>', 'writes of the merge-throughput workload (0 skips it)', '20000')
    .option('--fixtures <dir>', 'folder of deliberately broken reconcilers for the time-to-first-failure section', 'tests/fixtures/explore-broken')
    .option('--fixture-runs <n>', 'explore --fail-fast runs per broken fixture (median seeds and ms to first failure; 0 skips)', '5')
    .option('--only-fixtures', 'measure only the broken fixtures section')
    .option('--viz', 'also measure the visualizer in Chromium: first draw at 100k events, load and pan fps at 1M (medians of 3 loads; a few minutes)')
    .action(async (opts: { json?: boolean; runs: string; seeds: string; days: string; exploreSeeds: string; threads?: string; mergeOps: string; fixtures: string; fixtureRuns: string; onlyFixtures?: boolean; viz?: boolean }) => {
      const flags = parseBenchFlags(opts);
      if (flags.fixtureRuns > 0) fixtureFiles(opts.fixtures); // checked before anything is measured
      if (opts.onlyFixtures && flags.fixtureRuns === 0) throw new UsageError('bench: --only-fixtures: expected --fixture-runs of at least 1');
      const fixtures = flags.fixtureRuns > 0 ? { profile: 'default', goalMedianMs: FIXTURE_GOAL_MS, results: await benchFixtures(opts.fixtures, flags.fixtureRuns, 2000) } : null;
      if (opts.onlyFixtures) {
        process.stdout.write(`${JSON.stringify({ node: process.version, fixtures }, null, 2)}\n`);
        return;
      }
      const report = await runBench(flags, process.argv.slice(3));
      // Loaded only when asked for: it needs Chromium and playwright-core, the rest of bench does not.
      const visualizer = opts.viz ? await (await import('../report/viz-bench.ts')).benchVisualizer({ events: [100_000, 1_000_000] }) : null;
      const full = { ...report, details: { ...report.details, fixtures, visualizer } };
      process.stdout.write(opts.json ? `${JSON.stringify(full, null, 2)}\n` : benchTable(full));
    });
}
