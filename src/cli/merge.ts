/**
 * `sync-lab merge results/*.json`: combines the JSON of the shards of one explore run into one
 * summary. It checks what it merges: every shard must come from the same run (profile, reconciler,
 * engine options, checkers not judged, --seeds, --from and shard count; else exit 2), no shard or seed may appear twice (exit 2), each
 * shard must have run every seed of its slice (exit 2), and a missing shard is exit 1 naming the
 * missing ones, unless --allow-partial, which merges what is there and says "partial" on stderr and
 * in the output.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { sumCounts } from '../explore/run-explore.ts';
import { seedsOf } from '../explore/shard.ts';
import { UsageError } from '../io/usage-error.ts';
import { errorText } from '../io/error-text.ts';
import { canonicalJson } from '../core/canonical.ts';
import { TRACE_HASH_ANY_PATTERN, TRACE_HASH_V1_PATTERN } from '../core/trace-hash.ts';

const shardSchema = z.object({
  profile: z.string(),
  reconciler: z.string(),
  /** The engine options of the run (absent: none were given); shards of one run agree on them. */
  reconcilerOptions: z.unknown().optional(),
  from: z.number().int().min(0),
  seeds: z.number().int().min(1).nullable(),
  shard: z.string().regex(/^\d+\/\d+$/, 'expected "i/n"'),
  workers: z.number(),
  seedsRun: z.number().int().min(0),
  wallMs: z.number().min(0),
  eventsTotal: z.number().min(0),
  notConverged: z.number().min(0),
  /** Absent in summaries written before schedule-skips were counted. */
  skips: z.record(z.string(), z.number().int().min(0)).optional(),
  hazards: z.record(z.string(), z.number().int().min(0)).optional(),
  /** Violations the profile declared expected (absent in summaries written before profiles could declare them). */
  expected: z.record(z.string(), z.number().int().min(0)).optional(),
  failures: z.array(z.object({ seed: z.number(), checker: z.string(), message: z.string() }).passthrough()),
  /** Checkers that cannot judge the engine, with why (absent in summaries written before it was recorded); shards of one run agree on them. */
  notJudged: z.array(z.object({ checker: z.string(), reason: z.string() })).optional(),
  /** Drawn knobs every seed ran at 0 for the engine, with why (absent in summaries written before it was recorded). */
  notDrawn: z.array(z.object({ option: z.string(), profileMax: z.number(), value: z.string().optional(), runsAs: z.string().optional(), reason: z.string() })).optional(),
  /** Trace hash by seed: `v2:` + hex, or bare hex (v1) in summaries written before v2. */
  hashes: z.record(z.string(), z.string().regex(TRACE_HASH_ANY_PATTERN, 'expected a trace hash: "v2:" and 64 lower-case hex digits (64 hex digits alone in summaries written before v2)')).optional(),
});

export type ShardSummary = z.infer<typeof shardSchema>;

export function readShard(path: string): ShardSummary {
  if (!existsSync(path)) throw new UsageError(`merge: ${path}: no such file`);
  if (!statSync(path).isFile()) throw new UsageError(`merge: ${path}: not a regular file; expected the JSON file written by sync-lab explore`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`merge: ${path}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`merge: ${path}: not valid JSON: ${errorText(error)}`);
  }
  const parsed = shardSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`merge: ${path}: field "${issue.path.join('.') || '(root)'}": ${issue.message} (expected the JSON written by sync-lab explore)`);
  }
  return parsed.data;
}

function shardParts(data: ShardSummary): { index: number; count: number } {
  const [index, count] = data.shard.split('/').map(Number) as [number, number];
  return { index, count };
}

/** The fields that make shards parts of one run. */
const SAME_RUN = ['profile', 'reconciler', 'reconcilerOptions', 'notJudged', 'notDrawn', 'seeds', 'from'] as const;

/** The merged summary, and the shards of the run that were not given ("i/n"). */
export function mergeShards(paths: string[]) {
  if (paths.length === 0) throw new UsageError('merge: give at least one explore result file');
  const shards = paths.map((path) => {
    const data = readShard(path);
    return { path, data, ...shardParts(data) };
  });
  const first = shards[0]!;
  const byIndex = new Map<number, string>();
  const hashes: Record<string, string> = {};
  let hashesComplete = true;
  let hashesSeen: { version: 'v1' | 'v2'; path: string } | null = null;
  for (const shard of shards) {
    const { path, data } = shard;
    for (const field of SAME_RUN) {
      // Options are JSON values: compared by their canonical text.
      if (canonicalJson(data[field] ?? null) !== canonicalJson(first.data[field] ?? null)) {
        throw new UsageError(
          `merge: ${path}: field "${field}" is ${JSON.stringify(data[field])} but ${first.path} has ${JSON.stringify(first.data[field])}; merge only the shards of one explore run (same --profile, --reconciler, --reconciler-options, --seeds, --from and shard count)`,
        );
      }
    }
    if (shard.count !== first.count) {
      throw new UsageError(`merge: ${path}: field "shard" is ${data.shard}, a split into ${shard.count}, but ${first.path} is a split into ${first.count} (${first.data.shard}); merge only the shards of one explore run`);
    }
    if (shard.index >= shard.count) throw new UsageError(`merge: ${path}: field "shard": index ${shard.index} is not below the count ${shard.count}`);
    const twin = byIndex.get(shard.index);
    if (twin !== undefined) throw new UsageError(`merge: ${path}: shard ${data.shard} is given twice (also ${twin})`);
    byIndex.set(shard.index, path);
    if (data.seeds !== null) {
      const expected = seedsOf(data.from, data.seeds, shard).length;
      if (data.seedsRun !== expected) {
        throw new UsageError(`merge: ${path}: field "seedsRun" is ${data.seedsRun}, but shard ${data.shard} of --seeds ${data.seeds} --from ${data.from} has ${expected} seeds; the file is incomplete or edited`);
      }
    }
    if (!data.hashes) hashesComplete = false;
    for (const [seed, hash] of Object.entries(data.hashes ?? {})) {
      // One summary must not mix hash versions: v1 and v2 hashes of the same seed differ, so a mixed map would read as a change.
      const version = hashVersion(hash);
      if (hashesSeen === null) hashesSeen = { version, path };
      else if (hashesSeen.version !== version) {
        throw new UsageError(`merge: ${path}: field "hashes.${seed}": a trace hash ${version}, but ${hashesSeen.path} has ${hashesSeen.version} hashes; expected the shards of one explore run by one sync-lab version (re-run the shards written before v2)`);
      }
      if (seed in hashes) throw new UsageError(`merge: ${path}: seed ${seed} also appears in another shard (overlapping shards)`);
      hashes[seed] = hash;
    }
  }
  const missingShards: string[] = [];
  for (let index = 0; index < first.count; index++) if (!byIndex.has(index)) missingShards.push(`${index}/${first.count}`);
  const seedsRun = shards.reduce((n, s) => n + s.data.seedsRun, 0);
  const slowestMs = Math.max(...shards.map((s) => s.data.wallMs));
  const failures = shards.flatMap((s) => s.data.failures).sort((a, b) => a.seed - b.seed || a.checker.localeCompare(b.checker));
  const summary = {
    profile: first.data.profile,
    reconciler: first.data.reconciler,
    ...(first.data.reconcilerOptions !== undefined ? { reconcilerOptions: first.data.reconcilerOptions } : {}),
    from: first.data.from,
    seeds: first.data.seeds,
    shards: [...shards].sort((a, b) => a.index - b.index).map((s) => s.data.shard),
    partial: missingShards.length > 0,
    missingShards,
    seedsRun,
    eventsTotal: shards.reduce((n, s) => n + s.data.eventsTotal, 0),
    notConverged: shards.reduce((n, s) => n + s.data.notConverged, 0),
    skips: sumCounts(shards.map((s) => s.data.skips ?? {})),
    hazards: sumCounts(shards.map((s) => s.data.hazards ?? {})),
    expected: sumCounts(shards.map((s) => s.data.expected ?? {})),
    wallMsSlowestShard: slowestMs,
    failures,
    ...(first.data.notJudged !== undefined ? { notJudged: first.data.notJudged } : {}),
    ...(first.data.notDrawn !== undefined ? { notDrawn: first.data.notDrawn } : {}),
    ...(hashesComplete ? { hashes: Object.fromEntries(Object.entries(hashes).sort((a, b) => Number(a[0]) - Number(b[0]))) } : {}),
  };
  return { summary, missingShards };
}

const hashVersion = (hash: string): 'v1' | 'v2' => (TRACE_HASH_V1_PATTERN.test(hash) ? 'v1' : 'v2');

export function registerMerge(program: Command): void {
  program
    .command('merge <files...>')
    .description('combine the explore results of the shards of one run into one summary (JSON); exit 1 on a violation or a missing shard')
    .option('--allow-partial', 'merge even when shards are missing (the output says "partial": true and names them)')
    .action((files: string[], opts: { allowPartial?: boolean }) => {
      const { summary, missingShards } = mergeShards(files);
      if (missingShards.length > 0) {
        const which = `missing shard(s) ${missingShards.join(', ')} of ${summary.shards.length + missingShards.length}`;
        if (!opts.allowPartial) {
          process.stderr.write(`merge: ${which}; nothing merged (give every shard's file, or --allow-partial to merge what is there)\n`);
          process.exitCode = 1;
          return;
        }
        process.stderr.write(`merge: partial result: ${which} (--allow-partial)\n`);
      }
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (summary.failures.length > 0) process.exitCode = 1;
    });
}
