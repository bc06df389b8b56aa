/**
 * `sync-lab explore`: swarm exploration. Runs many seeds (each drawing its own fault mix from a
 * profile) on worker threads, optionally one shard of the range, shrinks each new kind of failure
 * to a small replay file, and prints a summary (one JSON object with --json).
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { runChecked } from '../check/run-checked.ts';
import { runSeeds } from '../explore/pool.ts';
import { drawOptions, loadProfile } from '../explore/profile.ts';
import type { Profile } from '../explore/profile.ts';
import { writeJsonAtomic } from '../explore/replay-file.ts';
import type { ReplayFile } from '../explore/replay-file.ts';
import type { SeedOutcome } from '../explore/run-seed.ts';
import { parseShard, seedsOf, shardFromEnvironment } from '../explore/shard.ts';
import type { Shard } from '../explore/shard.ts';
import { shrinkSchedule } from '../explore/shrink.ts';
import { generateSchedule } from '../sim/workload.ts';
import { loadReconciler, reconcilerPath, DEFAULT_RECONCILER_PATH } from './reconciler-loader.ts';
import { UsageError } from './usage-error.ts';

export interface ExploreOptions {
  seeds?: number;
  timeBudgetS?: number;
  from: number;
  profile: string;
  workers: number;
  shard: Shard;
  reconciler?: string;
  out: string;
  shrink: boolean;
  /** Most distinct checkers to shrink a failure for. */
  shrinkLimit: number;
  /** Progress output: 'auto' (bar on a terminal, lines otherwise), 'lines' or 'none'. */
  progress: 'auto' | 'lines' | 'none';
}

export interface ExploreFailure {
  seed: number;
  checker: string;
  message: string;
  replayFile: string | null;
  originalEvents: number | null;
  shrunkEvents: number | null;
  command: string | null;
}

export interface ExploreSummary {
  profile: string;
  reconciler: string;
  from: number;
  shard: string;
  workers: number;
  seedsRun: number;
  wallMs: number;
  seedsPerSecond: number;
  eventsTotal: number;
  notConverged: number;
  failures: ExploreFailure[];
  hashes?: Record<string, string>;
}

const HASHES_LIMIT = 10_000;
const SEEDS_WHEN_BUDGETED = 10_000_000;

export async function runExplore(opts: ExploreOptions, log: (line: string) => void = () => {}): Promise<ExploreSummary> {
  const profile = loadProfile(opts.profile);
  const reconcilerModule = await loadReconciler(opts.reconciler);
  const reconcilerFile = opts.reconciler ? reconcilerPath(opts.reconciler) : undefined;
  const total = opts.seeds ?? SEEDS_WHEN_BUDGETED;
  const seeds = seedsOf(opts.from, total, opts.shard);
  const tasks = seeds.map((seed) => ({ seed, profile, reconciler: reconcilerFile }));
  const started = performance.now();
  const deadline = opts.timeBudgetS !== undefined ? started + opts.timeBudgetS * 1000 : Infinity;
  const progress = makeProgress(opts.progress, opts.seeds !== undefined ? seeds.length : undefined);
  let failed = 0;
  const outcomes = await runSeeds(tasks, {
    workers: opts.workers,
    shouldStop: () => performance.now() > deadline,
    onOutcome: (o) => {
      if (o.violations.length > 0) failed++;
      progress.tick(failed);
    },
  });
  progress.stop();
  const wallMs = performance.now() - started;
  const ordered = [...outcomes.values()].sort((a, b) => a.seed - b.seed);

  mkdirSync(opts.out, { recursive: true });
  const failures: ExploreFailure[] = [];
  const shrunkCheckers = new Set<string>();
  for (const outcome of ordered) {
    for (const v of outcome.violations) {
      const failure: ExploreFailure = { seed: outcome.seed, checker: v.checker, message: v.message, replayFile: null, originalEvents: null, shrunkEvents: null, command: null };
      if (opts.shrink && !shrunkCheckers.has(v.checker) && shrunkCheckers.size < opts.shrinkLimit) {
        shrunkCheckers.add(v.checker);
        log(`shrinking seed ${outcome.seed} (${v.checker}) ...`);
        Object.assign(failure, shrinkToReplayFile(profile, outcome, v.checker, v.message, reconcilerModule, reconcilerFile, opts.out));
        log(`  ${failure.originalEvents} -> ${failure.shrunkEvents} schedule events: ${failure.command}`);
      }
      failures.push(failure);
    }
  }
  const summary: ExploreSummary = {
    profile: profile.name,
    reconciler: reconcilerModule.name,
    from: opts.from,
    shard: `${opts.shard.index}/${opts.shard.count}`,
    workers: opts.workers,
    seedsRun: ordered.length,
    wallMs: Math.round(wallMs),
    seedsPerSecond: Math.round((ordered.length / wallMs) * 1000 * 10) / 10,
    eventsTotal: ordered.reduce((n, o) => n + o.events, 0),
    notConverged: ordered.filter((o) => !o.converged).length,
    failures,
  };
  if (ordered.length <= HASHES_LIMIT) summary.hashes = Object.fromEntries(ordered.map((o) => [String(o.seed), o.traceHash]));
  writeJsonAtomic(join(opts.out, `explore-${profile.name}-shard-${opts.shard.index}-of-${opts.shard.count}.json`), summary);
  return summary;
}

function shrinkToReplayFile(
  profile: Profile,
  outcome: SeedOutcome,
  checker: string,
  message: string,
  reconciler: Awaited<ReturnType<typeof loadReconciler>>,
  reconcilerFile: string | undefined,
  outDir: string,
): Pick<ExploreFailure, 'replayFile' | 'originalEvents' | 'shrunkEvents' | 'command'> {
  const options = drawOptions(profile, outcome.seed);
  const schedule = generateSchedule(options);
  const shrunk = shrinkSchedule({ options, schedule, reconciler, checker });
  const replayed = runChecked({ options, schedule: shrunk.schedule, reconciler });
  const replayFile = join(outDir, `replay-${checker}-seed-${outcome.seed}.json`);
  const command = `npx sync-lab replay ${relativeForCommand(replayFile)}`;
  const file: ReplayFile = {
    version: 1,
    seed: outcome.seed,
    options,
    reconciler: reconcilerFile && reconcilerFile !== DEFAULT_RECONCILER_PATH ? relativeForCommand(reconcilerFile) : 'default',
    checker,
    message: replayed.violations.find((v) => v.checker === checker)?.message ?? message,
    schedule: shrunk.schedule,
    traceHash: replayed.traceHash,
    originalEvents: shrunk.originalEvents,
    shrunkEvents: shrunk.shrunkEvents,
    command,
  };
  writeJsonAtomic(replayFile, file);
  return { replayFile, originalEvents: shrunk.originalEvents, shrunkEvents: shrunk.shrunkEvents, command };
}

function relativeForCommand(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') ? resolve(path) : rel;
}

/** A progress bar on a terminal; plain periodic lines on stderr otherwise. */
function makeProgress(mode: ExploreOptions['progress'], total: number | undefined): { tick(failures: number): void; stop(): void } {
  const started = performance.now();
  let done = 0;
  if (mode === 'none') return { tick: () => {}, stop: () => {} };
  if (mode === 'auto' && process.stderr.isTTY && total !== undefined) {
    const bar = new cliProgress.SingleBar(
      { format: 'explore [{bar}] {value}/{total} seeds | {rate} seeds/s | failures {failures} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0', failures: 0 });
    return {
      tick(failures) {
        done++;
        bar.update(done, { rate: ((done / (performance.now() - started)) * 1000).toFixed(0), failures });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = started;
  return {
    tick(failures) {
      done++;
      const now = performance.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      const rate = (done / (now - started)) * 1000;
      const eta = total !== undefined ? ` ETA ${Math.max(0, Math.round((total - done) / rate))}s` : '';
      process.stderr.write(`explore: ${done}${total !== undefined ? `/${total}` : ''} seeds, ${rate.toFixed(0)} seeds/s, ${failures} failing${eta}\n`);
    },
    stop: () => {},
  };
}

function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`${name}: expected a whole number >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('swarm-test many seeds on worker threads; shrink failures to replay files')
    .option('--seeds <n>', 'number of seeds (default 200 unless --time-budget-s is given)')
    .option('--time-budget-s <s>', 'run seeds until this many seconds have passed')
    .option('--from <seed>', 'first seed', '1')
    .option('--profile <name|file>', 'swarm profile: default, partitions, clock-skew, crashes, flaky-network, token-expiry, all, or a YAML/JSON file', 'default')
    .option('--workers <n>', 'threads running seeds: this one plus n-1 worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'run only shard i of n of the seed range')
    .option('--shards <n>', 'shard count; the index comes from JOB_COMPLETION_INDEX or SYNC_LAB_SHARD_INDEX')
    .option('--reconciler <module>', 'path of a module exporting a ReconcilerModule (default: the built-in reconciler)')
    .option('--out <dir>', 'where results and replay files go', 'lab-results/explore')
    .option('--no-shrink', 'do not shrink failures')
    .option('--json', 'print one JSON object')
    .action(async (raw: Record<string, string | boolean | undefined>) => {
      const timeBudgetS = integerOption('--time-budget-s', raw['timeBudgetS'] as string | undefined, 1);
      let seeds = integerOption('--seeds', raw['seeds'] as string | undefined, 1);
      if (seeds === undefined && timeBudgetS === undefined) seeds = 200;
      const shardCount = integerOption('--shards', raw['shards'] as string | undefined, 1);
      const shard = raw['shard'] ? parseShard(String(raw['shard'])) : shardCount !== undefined ? shardFromEnvironment(shardCount, process.env) : { index: 0, count: 1 };
      const opts: ExploreOptions = {
        ...(seeds !== undefined ? { seeds } : {}),
        ...(timeBudgetS !== undefined ? { timeBudgetS } : {}),
        from: integerOption('--from', String(raw['from']), 0)!,
        profile: String(raw['profile']),
        workers: integerOption('--workers', raw['workers'] as string | undefined, 1) ?? availableParallelism(),
        shard,
        ...(raw['reconciler'] ? { reconciler: String(raw['reconciler']) } : {}),
        out: String(raw['out']),
        shrink: raw['shrink'] !== false,
        shrinkLimit: 8,
        progress: raw['json'] ? 'lines' : 'auto',
      };
      const json = Boolean(raw['json']);
      const summary = await runExplore(opts, (line) => process.stderr.write(`${line}\n`));
      if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else printSummary(summary, opts.out);
      if (summary.failures.length > 0) process.exitCode = 1;
    });
}

function printSummary(s: ExploreSummary, out: string): void {
  const lines = [
    `explore: profile ${s.profile}, reconciler ${s.reconciler}, shard ${s.shard}, ${s.workers} worker(s)`,
    `  ${s.seedsRun} seeds in ${(s.wallMs / 1000).toFixed(1)} s (${s.seedsPerSecond} seeds/s), ${s.eventsTotal} events`,
    s.failures.length === 0 ? '  no violations' : `  ${s.failures.length} violation(s):`,
  ];
  for (const f of s.failures.slice(0, 20)) {
    lines.push(`  - seed ${f.seed}: ${f.checker}: ${f.message}`);
    if (f.command) lines.push(`    shrunk ${f.originalEvents} -> ${f.shrunkEvents} schedule events; replay: ${f.command}`);
  }
  if (s.failures.length > 20) lines.push(`  ... and ${s.failures.length - 20} more (see the JSON in ${out})`);
  lines.push(`  results: ${out}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
