/**
 * The exploration pipeline: swarm seeds of a profile over the worker pool, collect violations, shrink
 * one failure per checker into a replay file, and write the summary JSON. No terminal I/O: callers
 * get progress through `onProgress` and log lines through `log`.
 */
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCheckedAsync } from '../lab/run-checked.ts';
import { runSeeds } from './pool.ts';
import { drawnForEngine } from '../sim/engine-fit.ts';
import { ServerPort } from '../sim/server-port.ts';
import { ACCOUNT_ID } from '../sim/sim-context.ts';
import { protocolLimitsOf } from '../check/judgeable.ts';
import { drawOptions, loadProfile } from './profile.ts';
import type { Profile } from './profile.ts';
import { writeJsonAtomic } from '../io/write-atomic.ts';
import type { ReplayFile } from './replay-file.ts';
import { REPLAY_FILE_VERSION, replaySchemaRef } from './replay-file.ts';
import type { NotDrawn, SeedOutcome } from './run-seed.ts';
import { notDrawnFor } from './run-seed.ts';
import { budgetedSeedCount, seedsOf } from './shard.ts';
import type { Shard } from './shard.ts';
import { shrinkSchedule } from './shrink.ts';
import { generateSchedule } from '../sim/workload.ts';
import { loadReconciler, reconcilerSpec } from '../io/reconciler-loader.ts';
import type { EngineOptionsInput, ModuleSpec } from '../io/reconciler-loader.ts';
import { replayModuleRef } from '../io/module-spec.ts';

export interface ExploreOptions {
  seeds?: number;
  timeBudgetS?: number;
  from: number;
  profile: string;
  workers: number;
  shard: Shard;
  reconciler?: string;
  /** The engine options (`--reconciler-options`): every seed's engines get them; replay files record them. */
  reconcilerOptions?: EngineOptionsInput;
  out: string;
  /** Where `out` will be found once moved into place (lab stages its results); replay paths and commands name it. */
  publishedOut?: string;
  shrink: boolean;
  /** Stop starting seeds at the first failing one, then shrink only that failure (the lowest failing seed run). */
  failFast?: boolean;
  /** Most distinct causes (failure signatures) to shrink a failure for. */
  shrinkLimit: number;
  /** Called after every finished seed (the CLI draws its progress bar or lines from it). */
  onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreProgress {
  done: number;
  /** Seeds this run will take, or undefined when a time budget decides. */
  total: number | undefined;
  failing: number;
}

export interface ExploreFailure {
  seed: number;
  checker: string;
  /** Triage signature: checker | violating event kind | the records' history shape. */
  signature: string;
  message: string;
  replayFile: string | null;
  originalEvents: number | null;
  shrunkEvents: number | null;
  command: string | null;
}

export interface ExploreSummary {
  profile: string;
  reconciler: string;
  /** The engine options the run was given (absent when none were). */
  reconcilerOptions?: unknown;
  from: number;
  /** The whole seed range asked for (all shards), or null when a time budget decided. */
  seeds: number | null;
  shard: string;
  workers: number;
  seedsRun: number;
  wallMs: number;
  seedsPerSecond: number;
  eventsTotal: number;
  notConverged: number;
  /**
   * Schedule events that could not take effect, by `schedule-skip` code, over all seeds. Random
   * schedules produce them legitimately (an edit drawn for a record a device has not pulled yet):
   * counted here, never failures of a swarm.
   */
  skips: Record<string, number>;
  /** Hazards by kind over all seeds (future-stamp): shown apart from violations, not failures. */
  hazards: Record<string, number>;
  /** Seeds where a checker the profile declares expected (`expectedFindings`) found something, by checker: not failures. */
  expected: Record<string, number>;
  /** Whether the run stopped at its first failure (--fail-fast). */
  failFast: boolean;
  /** When the first failing seed finished: its seed, ms since the run started, and seeds finished by then (that one included); null when nothing failed. */
  firstFailure: { seed: number; ms: number; seedsDone: number } | null;
  failures: ExploreFailure[];
  /** Distinct causes (one per signature), most frequent first, each with its shrunk representative. */
  causes: ExploreCause[];
  /**
   * Checkers that cannot judge this engine (its own protocol lacks the facts they read), by checker
   * id, each with why: never counted as holding. Empty for sync-lab's protocol.
   */
  notJudged: { checker: string; reason: string }[];
  /**
   * Knobs the profile draws that every seed runs at 0 for this engine instead (its own server cannot
   * take them), each with the profile's most and why. Empty for sync-lab's server.
   */
  notDrawn: NotDrawn[];
  hashes?: Record<string, string>;
}

export interface ExploreCause {
  signature: string;
  checker: string;
  /** Failures with this signature (one per failing seed and checker). */
  count: number;
  firstSeed: number;
  replayFile: string | null;
}

const HASHES_LIMIT = 10_000;

export async function runExplore(opts: ExploreOptions, log: (line: string) => void = () => {}): Promise<ExploreSummary> {
  const profile = loadProfile(opts.profile);
  const reconcilerModule = await loadReconciler(opts.reconciler, undefined, opts.reconcilerOptions);
  const moduleSpec = reconcilerSpec(opts.reconciler);
  const reconcilerFile = moduleSpec.kind === 'default' ? undefined : moduleSpec.path;
  // An engine's own protocol: the checkers that cannot judge it are said once, never counted as holding.
  const notJudged = [...protocolLimitsOf(new ServerPort(reconcilerModule, ACCOUNT_ID, 1).facts())].map(([checker, reason]) => ({ checker, reason })).sort((a, b) => (a.checker < b.checker ? -1 : 1));
  for (const { checker, reason } of notJudged) log(`explore: NOT judged: ${checker}: ${reason}`);
  const notDrawn = notDrawnFor(profile, reconcilerModule);
  for (const n of notDrawn) {
    if (n.value !== undefined) log(`explore: NOT drawn: ${n.option} ${n.value} (profile ${profile.name} draws it for ${n.profileMax}% of seeds; they run ${n.runsAs} instead): ${n.reason}`);
    else log(`explore: NOT drawn: ${n.option} (profile ${profile.name} draws up to ${n.profileMax}; every seed runs it at 0): ${n.reason}`);
  }
  // A variant's seeds run other values than the ranges say: said once, as what is not drawn is.
  for (const v of profile.variants) log(`explore: variant ${v.name}: ${v.percent}% of seeds run ${Object.entries(v.base).map(([k, x]) => `${k} ${String(x)}`).join(', ')} (${v.why})`);
  const seeds = seedsOf(opts.from, opts.seeds ?? budgetedSeedCount(opts.from), opts.shard);
  const engineOptions = opts.reconcilerOptions;
  const tasks = seeds.map((seed) => ({ seed, profile, reconciler: reconcilerFile, ...(engineOptions ? { reconcilerOptions: engineOptions } : {}) }));
  const started = performance.now();
  const deadline = opts.timeBudgetS !== undefined ? started + opts.timeBudgetS * 1000 : Infinity;
  const total = opts.seeds !== undefined ? seeds.length : undefined;
  let done = 0;
  let failed = 0;
  let firstFailure: ExploreSummary['firstFailure'] = null;
  const outcomes = await runSeeds(tasks, {
    workers: opts.workers,
    shouldStop: () => (opts.failFast === true && firstFailure !== null) || performance.now() > deadline,
    onOutcome: (o) => {
      done++;
      if (o.violations.length > 0) {
        failed++;
        firstFailure ??= { seed: o.seed, ms: Math.round(performance.now() - started), seedsDone: done };
      }
      opts.onProgress?.({ done, total, failing: failed });
    },
  });
  const wallMs = performance.now() - started;
  const ordered = [...outcomes.values()].sort((a, b) => a.seed - b.seed);

  mkdirSync(opts.out, { recursive: true });
  const failures: ExploreFailure[] = [];
  const shrunkSignatures = new Set<string>();
  // With --fail-fast only one failure is shrunk: the first violation of the lowest failing seed that
  // ran (seeds finishing in parallel may fail too; they are listed, not shrunk).
  const shrinkLimit = opts.failFast ? Math.min(1, opts.shrinkLimit) : opts.shrinkLimit;
  for (const outcome of ordered) {
    for (const v of outcome.violations) {
      const failure: ExploreFailure = { seed: outcome.seed, checker: v.checker, signature: v.signature, message: v.message, replayFile: null, originalEvents: null, shrunkEvents: null, command: null };
      // One representative per cause (signature), shrunk keeping that signature.
      if (opts.shrink && !shrunkSignatures.has(v.signature) && shrunkSignatures.size < shrinkLimit) {
        shrunkSignatures.add(v.signature);
        log(`shrinking seed ${outcome.seed} (${v.signature}) ...`);
        Object.assign(failure, await shrinkToReplayFile(profile, outcome, v.checker, v.signature, v.message, reconcilerModule, moduleSpec, engineOptions?.value, opts.out, opts.publishedOut ?? opts.out));
        log(`  ${failure.originalEvents} -> ${failure.shrunkEvents} schedule events: ${failure.command}`);
      }
      failures.push(failure);
    }
  }
  const summary: ExploreSummary = {
    profile: profile.name,
    reconciler: reconcilerModule.name,
    ...(engineOptions ? { reconcilerOptions: engineOptions.value } : {}),
    from: opts.from,
    seeds: opts.seeds ?? null,
    shard: `${opts.shard.index}/${opts.shard.count}`,
    workers: opts.workers,
    seedsRun: ordered.length,
    wallMs: Math.round(wallMs),
    seedsPerSecond: Math.round((ordered.length / wallMs) * 1000 * 10) / 10,
    eventsTotal: ordered.reduce((n, o) => n + o.events, 0),
    notConverged: ordered.filter((o) => !o.converged).length,
    skips: sumCounts(ordered.map((o) => o.skips)),
    hazards: sumCounts(ordered.map((o) => o.hazards)),
    expected: sumCounts(ordered.map((o) => o.expected)),
    failFast: opts.failFast === true,
    firstFailure,
    failures,
    causes: causesOf(failures),
    notJudged,
    notDrawn,
  };
  if (ordered.length <= HASHES_LIMIT) summary.hashes = Object.fromEntries(ordered.map((o) => [String(o.seed), o.traceHash]));
  writeJsonAtomic(join(opts.out, `explore-${profile.name}-shard-${opts.shard.index}-of-${opts.shard.count}.json`), summary);
  return summary;
}

function causesOf(failures: readonly ExploreFailure[]): ExploreCause[] {
  const bySignature = new Map<string, ExploreCause>();
  for (const f of failures) {
    const cause = bySignature.get(f.signature) ?? { signature: f.signature, checker: f.checker, count: 0, firstSeed: f.seed, replayFile: null };
    cause.count++;
    cause.replayFile ??= f.replayFile;
    bySignature.set(f.signature, cause);
  }
  return [...bySignature.values()].sort((a, b) => b.count - a.count || a.firstSeed - b.firstSeed || a.signature.localeCompare(b.signature));
}

async function shrinkToReplayFile(
  profile: Profile,
  outcome: SeedOutcome,
  checker: string,
  signature: string,
  message: string,
  reconciler: Awaited<ReturnType<typeof loadReconciler>>,
  moduleSpec: ModuleSpec,
  engineOptions: unknown,
  outDir: string,
  publishedDir: string,
): Promise<Pick<ExploreFailure, 'replayFile' | 'originalEvents' | 'shrunkEvents' | 'command'>> {
  const options = drawnForEngine(drawOptions(profile, outcome.seed), reconciler);
  const schedule = generateSchedule(options);
  const shrunk = await shrinkSchedule({ options, schedule, reconciler, checker, signature });
  const replayed = await runCheckedAsync({ options, schedule: shrunk.schedule, reconciler });
  const name = `replay-${checker}-seed-${outcome.seed}.json`;
  const replayFile = join(publishedDir, name);
  const command = `npx sync-lab replay ${relativeForCommand(replayFile)}`;
  const file: ReplayFile & { $schema: string } = {
    $schema: replaySchemaRef(publishedDir),
    version: REPLAY_FILE_VERSION,
    seed: outcome.seed,
    options,
    // Relative to the replay file (or a package name): the same module from any cwd, on any machine.
    reconciler: replayModuleRef(moduleSpec, publishedDir),
    ...(engineOptions !== undefined ? { reconcilerOptions: engineOptions } : {}),
    checker,
    message: replayed.violations.find((v) => v.checker === checker)?.message ?? message,
    schedule: shrunk.schedule,
    traceHash: replayed.traceHash,
    originalEvents: shrunk.originalEvents,
    shrunkEvents: shrunk.shrunkEvents,
    command,
  };
  writeJsonAtomic(join(outDir, name), file);
  return { replayFile, originalEvents: shrunk.originalEvents, shrunkEvents: shrunk.shrunkEvents, command };
}

function relativeForCommand(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') ? resolve(path) : rel;
}

/** Adds per-seed counts by key, keys sorted (the summary is deterministic). */
export function sumCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total = new Map<string, number>();
  for (const c of counts) for (const [k, n] of Object.entries(c)) total.set(k, (total.get(k) ?? 0) + n);
  return Object.fromEntries([...total.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
