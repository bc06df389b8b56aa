/**
 * `sync-lab explore`: swarm exploration. Runs many seeds (each drawing its own fault mix from a
 * profile) on worker threads, optionally one shard of the range, shrinks each new kind of failure
 * to a small replay file, and prints a summary (one JSON object with --json).
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { runExplore } from '../explore/run-explore.ts';
import type { ExploreOptions, ExploreSummary } from '../explore/run-explore.ts';
import { parseShard, shardFromEnvironment } from '../explore/shard.ts';
import { UsageError } from '../io/usage-error.ts';
import { makeProgress } from './progress.ts';

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
      };
      const json = Boolean(raw['json']);
      const progress = makeProgress(json ? 'lines' : 'auto');
      let summary: ExploreSummary;
      try {
        summary = await runExplore({ ...opts, onProgress: progress.onProgress }, (line) => process.stderr.write(`${line}\n`));
      } finally {
        progress.stop();
      }
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
