/**
 * Splitting a seed range into disjoint shards: `--shard i/n`, or `--shards n` with the index taken
 * from the environment (Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX; CI matrices can set
 * SYNC_LAB_SHARD_INDEX). Shard i of n takes every n-th seed starting at from + i.
 */
// @ts-nocheck

import { UsageError } from '../io/usage-error.ts';

/** Seeds are uint32 in the simulation options. */
export const SEED_MAX = 0xffff_ffff;

/**
 * Seeds one process runs: it keeps an outcome per seed (about 200 bytes) and builds its task list up
 * front (10,000,000 tasks took 758 MB of heap). A larger swarm is split with --shard.
 */
export const SEEDS_PER_PROCESS_MAX = 1_000_000;

/** The seed range a time-budgeted run draws from: as many as one process runs, and never past the last uint32 seed. */
export function budgetedSeedCount(from: number): number {
  return Math.min(SEEDS_PER_PROCESS_MAX, SEED_MAX - from + 1);
}

/** More shards than seeds could ever exist (seeds are uint32) is a typo, not a plan. */
export const SHARD_COUNT_MAX = 0xffff_ffff;

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--shard: expected "i/n" (e.g. 0/4), got ${JSON.stringify(text)}`);
  return checkShard(Number(match[1]), Number(match[2]), '--shard');
}

export function shardFromEnvironment(count: number, env: NodeJS.ProcessEnv): Shard {
  const raw = env['JOB_COMPLETION_INDEX'] ?? env['SYNC_LAB_SHARD_INDEX'];
  if (raw === undefined) {
    throw new UsageError('--shards: no shard index given: use --shard i/n, or set JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SYNC_LAB_SHARD_INDEX');
  }
  if (!/^\d+$/.test(raw)) throw new UsageError(`JOB_COMPLETION_INDEX/SYNC_LAB_SHARD_INDEX: expected a whole number, got ${JSON.stringify(raw)}`);
  return checkShard(Number(raw), count, 'shard index');
}

function checkShard(index: number, count: number, where: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1 || count > SHARD_COUNT_MAX) {
    throw new UsageError(`${where}: shard count must be a whole number from 1 to ${SHARD_COUNT_MAX} (no more shards than 32-bit seeds), got ${count}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new UsageError(`${where}: index must be in 0..${count - 1}, got ${index}`);
  return { index, count };
}

export function seedsOf(from: number, total: number, shard: Shard): number[] {
  const seeds: number[] = [];
  for (let k = shard.index; k < total; k += shard.count) seeds.push(from + k);
  return seeds;
}
