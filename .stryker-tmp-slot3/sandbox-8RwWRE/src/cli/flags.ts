/**
 * Numeric command-line flags, checked at the edge with the limit named: a value the process cannot
 * hold (a seed past uint32, more seeds than fit in memory, a budget past what a timer can count) is
 * refused with exit 2 and one line saying which flag, what was given and the allowed range. The
 * worker count is the one flag that is capped rather than refused, and the cap is said on stderr.
 */
// @ts-nocheck

import { availableParallelism } from 'node:os';
import { SEED_MAX, SEEDS_PER_PROCESS_MAX } from '../explore/shard.ts';
import { UsageError } from '../io/usage-error.ts';
import { readEngineOptionsFile } from '../io/engine-options.ts';
import type { EngineOptionsInput } from '../io/engine-options.ts';

export { SEED_MAX, SEEDS_PER_PROCESS_MAX };
/** One week: a longer exploration is split into shards (and fits any timer). */
export const TIME_BUDGET_S_MAX = 7 * 24 * 3600;

export interface WholeNumberRange {
  min: number;
  max: number;
  /** Why the maximum is what it is, said in the message. */
  maxWhy?: string;
}

/** Parses a whole-number flag (digits only: no sign, exponent, fraction or blank). */
export function wholeNumberFlag(command: string, flag: string, text: string | undefined, range: WholeNumberRange): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    const why = range.maxWhy ? ` (${range.maxWhy})` : '';
    throw new UsageError(`${command}: ${flag}: expected a whole number from ${range.min} to ${range.max}${why}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * `--workers`: a whole number >= 1, capped at the machine's cores (more threads than cores only
 * slow a CPU-bound swarm down), with the cap said on stderr. Absent: the number of cores.
 */
export function workersFlag(command: string, text: string | undefined, warn: (line: string) => void, cores = availableParallelism()): number {
  const asked = wholeNumberFlag(command, '--workers', text, { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (asked === undefined) return cores;
  if (asked > cores) {
    warn(`${command}: --workers ${asked} capped at ${cores}, the number of cores of this machine (os.availableParallelism())`);
    return cores;
  }
  return asked;
}

/** `--seeds` and `--from` of a swarm, with the range they span: seeds stay uint32, a process holds a bounded number. */
export function seedRangeFlags(command: string, seedsText: string | undefined, fromText: string | undefined, shardCount: number): { seeds: number | undefined; from: number } {
  const from = wholeNumberFlag(command, '--from', fromText ?? '1', { min: 0, max: SEED_MAX, maxWhy: 'seeds are 32-bit unsigned integers' })!;
  const perProcess = SEEDS_PER_PROCESS_MAX * shardCount;
  const seeds = wholeNumberFlag(command, '--seeds', seedsText, {
    min: 1,
    max: perProcess,
    maxWhy: `one process holds at most ${SEEDS_PER_PROCESS_MAX} seeds${shardCount > 1 ? ` and this is ${shardCount} shards` : ''}${command === 'explore' ? '; split a larger swarm with --shard i/n' : ''}`,
  });
  if (seeds !== undefined && from + seeds - 1 > SEED_MAX) {
    throw new UsageError(`${command}: --from ${from} --seeds ${seeds}: the last seed would be ${from + seeds - 1}, past ${SEED_MAX} (seeds are 32-bit unsigned integers); lower --from or --seeds`);
  }
  return { seeds, from };
}

/** The help line of `--reconciler-options` on every command that takes `--reconciler`. */
export const RECONCILER_OPTIONS_HELP = "the --reconciler module's own options (YAML or JSON): passed as options.engineOptions to create/restore, checked by its optionsSchema, recorded in replay files";

/** `--reconciler-options <file>`: read now (exit 2 naming the file on anything wrong); the module's own schema checks it when loaded. */
export function reconcilerOptionsFlag(command: string, path: string | undefined): EngineOptionsInput | undefined {
  return path === undefined ? undefined : readEngineOptionsFile(command, path);
}
