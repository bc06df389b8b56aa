/**
 * `sync-lab merge results/*.json`: combines the JSON of several explore shards into one summary.
 * Shards must be of the same profile and reconciler; a seed must not appear in two shards.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../io/usage-error.ts';
import { errorText } from '../io/error-text.ts';

const shardSchema = z.object({
  profile: z.string(),
  reconciler: z.string(),
  shard: z.string(),
  workers: z.number(),
  seedsRun: z.number().int().min(0),
  wallMs: z.number().min(0),
  eventsTotal: z.number().min(0),
  notConverged: z.number().min(0),
  failures: z.array(z.object({ seed: z.number(), checker: z.string(), message: z.string() }).passthrough()),
  hashes: z.record(z.string(), z.string()).optional(),
});

export type ShardSummary = z.infer<typeof shardSchema>;

export function readShard(path: string): ShardSummary {
  if (!existsSync(path)) throw new UsageError(`merge: ${path}: no such file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
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

export function mergeShards(paths: string[]): Record<string, unknown> {
  if (paths.length === 0) throw new UsageError('merge: give at least one explore result file');
  const shards = paths.map((p) => ({ path: p, data: readShard(p) }));
  const first = shards[0]!.data;
  const hashes: Record<string, string> = {};
  let hashesComplete = true;
  for (const { path, data } of shards) {
    if (data.profile !== first.profile || data.reconciler !== first.reconciler) {
      throw new UsageError(`merge: ${path}: profile/reconciler ${data.profile}/${data.reconciler} differs from ${first.profile}/${first.reconciler}`);
    }
    if (!data.hashes) hashesComplete = false;
    for (const [seed, hash] of Object.entries(data.hashes ?? {})) {
      if (seed in hashes) throw new UsageError(`merge: ${path}: seed ${seed} also appears in another shard (overlapping shards)`);
      hashes[seed] = hash;
    }
  }
  const seedsRun = shards.reduce((n, s) => n + s.data.seedsRun, 0);
  const slowestMs = Math.max(...shards.map((s) => s.data.wallMs));
  const failures = shards.flatMap((s) => s.data.failures).sort((a, b) => a.seed - b.seed || a.checker.localeCompare(b.checker));
  return {
    profile: first.profile,
    reconciler: first.reconciler,
    shards: shards.map((s) => s.data.shard),
    seedsRun,
    eventsTotal: shards.reduce((n, s) => n + s.data.eventsTotal, 0),
    notConverged: shards.reduce((n, s) => n + s.data.notConverged, 0),
    wallMsSlowestShard: slowestMs,
    failures,
    ...(hashesComplete ? { hashes: Object.fromEntries(Object.entries(hashes).sort((a, b) => Number(a[0]) - Number(b[0]))) } : {}),
  };
}

export function registerMerge(program: Command): void {
  program
    .command('merge <files...>')
    .description('combine explore results of several shards into one summary (JSON)')
    .action((files: string[]) => {
      const merged = mergeShards(files);
      process.stdout.write(`${JSON.stringify(merged)}\n`);
      if ((merged['failures'] as unknown[]).length > 0) process.exitCode = 1;
    });
}
