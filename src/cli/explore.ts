/**
 * `sync-lab explore`: swarm exploration. Runs many seeds (each drawing its own fault mix from a
 * profile) on worker threads, optionally one shard of the range, shrinks each new kind of failure
 * to a small replay file, and prints a summary (one JSON object with --json).
 */
import type { Command } from 'commander';
import { runExplore } from '../explore/run-explore.ts';
import type { ExploreOptions, ExploreSummary } from '../explore/run-explore.ts';
import { budgetedSeedCount, parseShard, SEED_MAX, SEEDS_PER_PROCESS_MAX, seedsOf, SHARD_COUNT_MAX, shardFromEnvironment } from '../explore/shard.ts';
import { openIncrementalOutputDir } from '../io/output-dir.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { loadProfile } from '../explore/profile.ts';
import { RECONCILER_OPTIONS_HELP, reconcilerOptionsFlag, seedRangeFlags, TIME_BUDGET_S_MAX, wholeNumberFlag, workersFlag } from './flags.ts';
import { onInterrupt } from './interrupt.ts';
import { makeProgress } from './progress.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { UsageError } from '../io/usage-error.ts';
import { errorText } from '../io/error-text.ts';
import { junitOfExplore, writeJUnit } from '../report/junit.ts';

export const DEFAULT_EXPLORE_OUT = 'explore-results';

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('swarm-test many seeds on worker threads; shrink failures to replay files')
    .option('--time-budget-s <s>', 'size the run by time: start seeds until this many seconds have passed (the main way to size a run)')
    .option('--fail-fast', 'stop at the first failing seed, shrink that failure, report the time to it')
    .option('--seeds <n>', 'size the run by count: number of seeds (default 200 unless --time-budget-s is given)')
    .option('--from <seed>', 'first seed', '1')
    .option('--profile <name|file>', 'swarm profile: default, partitions, clock-skew, crashes, flaky-network, token-expiry, ties, all, or a YAML/JSON file', 'default')
    .option('--workers <n>', 'threads running seeds: this one plus n-1 worker threads (default and most: the number of cores)')
    .option('--shard <i/n>', 'run only shard i of n of the seed range')
    .option('--shards <n>', 'shard count; the index comes from JOB_COMPLETION_INDEX or SYNC_LAB_SHARD_INDEX')
    .option('--reconciler <module>', 'path of a module exporting a ReconcilerModule (default: the built-in reconciler)')
    .option('--reconciler-options <file>', RECONCILER_OPTIONS_HELP)
    .option('--out <dir>', 'where results and replay files go (a new, empty or explore-marked folder; shards may share it)', DEFAULT_EXPLORE_OUT)
    .option('--force', 'replace an --out folder that another sync-lab command wrote (never an unmarked one)')
    .option('--no-shrink', 'do not shrink failures')
    .option('--junit <file.xml>', 'write JUnit XML: one test case per seed, a failure naming its replay command')
    .option('--json', 'print one JSON object')
    .action(async (raw: Record<string, string | boolean | undefined>) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const timeBudgetS = wholeNumberFlag('explore', '--time-budget-s', raw['timeBudgetS'] as string | undefined, { min: 1, max: TIME_BUDGET_S_MAX, maxWhy: 'one week; split a longer exploration into shards' });
      const shardCount = wholeNumberFlag('explore', '--shards', raw['shards'] as string | undefined, { min: 1, max: SHARD_COUNT_MAX });
      const shard = raw['shard'] ? parseShard(String(raw['shard'])) : shardCount !== undefined ? shardFromEnvironment(shardCount, process.env) : { index: 0, count: 1 };
      const range = seedRangeFlags('explore', raw['seeds'] as string | undefined, raw['from'] as string | undefined, shard.count);
      const seeds = range.seeds === undefined && timeBudgetS === undefined ? 200 : range.seeds;
      const workers = workersFlag('explore', raw['workers'] as string | undefined, log);
      // Profile, engine and folder are checked before anything is created or any seed runs.
      loadProfile(String(raw['profile']));
      const reconcilerOptions = reconcilerOptionsFlag('explore', raw['reconcilerOptions'] as string | undefined);
      await loadReconciler(raw['reconciler'] ? String(raw['reconciler']) : undefined, undefined, reconcilerOptions);
      const junit = raw['junit'] === undefined ? undefined : String(raw['junit']);
      if (junit !== undefined) checkOutputPath('explore: --junit', junit, 'file');
      const out = String(raw['out']);
      openIncrementalOutputDir({ command: 'explore', flag: '--out', path: out, force: raw['force'] === true });
      const opts: ExploreOptions = {
        ...(seeds !== undefined ? { seeds } : {}),
        ...(timeBudgetS !== undefined ? { timeBudgetS } : {}),
        from: range.from,
        profile: String(raw['profile']),
        workers,
        shard,
        ...(raw['reconciler'] ? { reconciler: String(raw['reconciler']) } : {}),
        ...(reconcilerOptions ? { reconcilerOptions } : {}),
        out,
        shrink: raw['shrink'] !== false,
        failFast: raw['failFast'] === true,
        shrinkLimit: 8,
      };
      const json = Boolean(raw['json']);
      const progress = makeProgress(json ? 'lines' : 'auto');
      const removeInterruptHandler = onInterrupt('explore', progress);
      const what = seeds !== undefined ? `${seeds} seeds from ${opts.from}` : `seeds from ${opts.from} for ${timeBudgetS} s`;
      log(`explore: ${what}${shard.count > 1 ? `, shard ${shard.index}/${shard.count}` : ''}, profile ${opts.profile}, ${workers} worker(s); results in ${out}`);
      let summary: ExploreSummary;
      try {
        summary = await runExplore({ ...opts, onProgress: progress.onProgress }, log);
      } finally {
        progress.stop();
        removeInterruptHandler();
      }
      if (timeBudgetS !== undefined && summary.seedsRun === seedsOf(range.from, budgetedSeedCount(range.from), shard).length) {
        // Not silent: the seeds ran out before the time did.
        log(`explore: stopped after ${summary.seedsRun} seeds, before the ${timeBudgetS} s budget ran out: a budgeted run draws from at most ${SEEDS_PER_PROCESS_MAX} seeds and none past ${SEED_MAX} (split a larger swarm with --shard i/n)`);
      }
      if (junit !== undefined) {
        const ran = seedsOf(range.from, seeds ?? budgetedSeedCount(range.from), shard).slice(0, summary.seedsRun);
        const rerun = (seed: number) => `npx sync-lab explore --from ${seed} --seeds 1 --workers 1 --profile ${opts.profile}${opts.reconciler ? ` --reconciler ${opts.reconciler}` : ''}${raw['reconcilerOptions'] ? ` --reconciler-options ${String(raw['reconcilerOptions'])}` : ''}`;
        try {
          writeJUnit(junit, junitOfExplore(summary, ran, rerun));
        } catch (error) {
          throw new UsageError(`explore: --junit ${junit}: cannot write: ${errorText(error)}`);
        }
      }
      if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else printSummary(summary, opts.out);
      if (summary.failures.length > 0) process.exitCode = 1;
    });
}

function printSummary(s: ExploreSummary, out: string): void {
  const lines = [
    `explore: profile ${s.profile}, reconciler ${s.reconciler}${s.reconcilerOptions !== undefined ? ` with options ${JSON.stringify(s.reconcilerOptions)}` : ''}, shard ${s.shard}, ${s.workers} worker(s)`,
    `  ${s.seedsRun} seeds in ${(s.wallMs / 1000).toFixed(1)} s (${s.seedsPerSecond} seeds/s), ${s.eventsTotal} events`,
    `  ${skipCounts(s.skips)} (random schedules skip events legitimately; counted, not failures)`,
    `  ${Object.keys(s.hazards).length === 0 ? 'no hazards' : `hazards (not violations): ${Object.entries(s.hazards).map(([k, n]) => `${k} ${n}`).join(', ')}`}`,
    ...(Object.keys(s.expected).length === 0 ? [] : [`  expected findings the profile declares (not failures): ${Object.entries(s.expected).map(([k, n]) => `${k} ${n}`).join(', ')}`]),
    s.failures.length === 0 ? '  no violations' : `  ${s.failures.length} violation(s):`,
  ];
  if (s.firstFailure) lines.splice(2, 0, `  first failure: seed ${s.firstFailure.seed} after ${(s.firstFailure.ms / 1000).toFixed(2)} s and ${s.firstFailure.seedsDone} seed(s)${s.failFast ? ' (--fail-fast: stopped there)' : ''}`);
  if (s.causes.length > 0) {
    lines.push(`  ${s.causes.length} distinct cause(s) (checker | violating event | records' history):`);
    for (const c of s.causes.slice(0, 10)) lines.push(`  - ${c.count} x ${c.signature} (first seed ${c.firstSeed})${c.replayFile ? `; replay ${c.replayFile}` : ''}`);
  }
  for (const f of s.failures.slice(0, 20)) {
    lines.push(`  - seed ${f.seed}: ${f.checker}: ${f.message}`);
    if (f.command) lines.push(`    shrunk ${f.originalEvents} -> ${f.shrunkEvents} schedule events; replay: ${f.command}`);
  }
  if (s.failures.length > 20) lines.push(`  ... and ${s.failures.length - 20} more (see the JSON in ${out})`);
  lines.push(`  results: ${out}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `12 schedule events skipped (record-not-shown 9, device-not-running 3)`, or `no schedule events skipped`. */
export function skipCounts(skips: Record<string, number>): string {
  const total = Object.values(skips).reduce((n, k) => n + k, 0);
  if (total === 0) return 'no schedule events skipped';
  return `${total} schedule event(s) skipped (${Object.entries(skips).map(([code, n]) => `${code} ${n}`).join(', ')})`;
}
