/**
 * Replay files: a failure, shrunk, as data. Everything needed to reproduce the run exactly (seed,
 * options, reconciler, explicit schedule) plus what to expect (checker, trace hash). Read back with
 * the strict schedule schema, the options schema and the checker registry, so a hand-edited file
 * fails with the field named before anything runs.
 */
import { z } from 'zod';
import { TRACE_HASH_ANY_PATTERN } from '../core/trace-hash.ts';
import { CHECKER_IDS } from '../check/index.ts';
import { fileSource, loadFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { SCHEDULE_LIMITS, findScheduleProblem, scheduleSchema } from '../sim/schedule.ts';
import type { Schedule } from '../sim/schedule.ts';
import { errorText } from '../io/error-text.ts';
import { jsonProblem } from '../io/engine-options.ts';
import type { EngineOptionsInput } from '../io/engine-options.ts';
import { resolveReplayModuleRef } from '../io/module-spec.ts';
import { PACKAGE_ROOT } from '../io/build-info.ts';
import { join, relative, sep } from 'node:path';

export const checkerIdSchema = z.string().refine((id) => (CHECKER_IDS as readonly string[]).includes(id), {
  message: `expected one of the checkers: ${CHECKER_IDS.join(', ')}`,
});

export const replayFileSchema = z
  .object({
    /** 2: `reconciler` paths are relative to the replay file. 1 (older files): relative to the cwd, or absolute. */
    version: z.union([z.literal(1), z.literal(2)]),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    options: z.record(z.string(), z.unknown()),
    /** The reconciler module: 'default', an installed package's name, or a path (relative to this file from version 2). */
    reconciler: z.string().min(1),
    /** The engine options the run was given (`--reconciler-options`), recorded as the value itself. */
    reconcilerOptions: z.unknown().optional(),
    checker: checkerIdSchema,
    message: z.string(),
    schedule: scheduleSchema,
    /** `v2:` + 64 hex digits; a bare 64-hex-digit hash is a v1 hash (files recorded before v2), compared as v1 by `replay`. */
    traceHash: z.string().regex(TRACE_HASH_ANY_PATTERN, 'expected a trace hash: "v2:" and 64 lower-case hex digits (or, in a file recorded before v2, 64 hex digits)'),
    originalEvents: z.number().int().min(0).max(SCHEDULE_LIMITS.maxEvents),
    shrunkEvents: z.number().int().min(0).max(SCHEDULE_LIMITS.maxEvents),
    command: z.string(),
  })
  .strict();

export type ReplayFile = Omit<z.infer<typeof replayFileSchema>, 'options' | 'schedule'> & { options: SimOptions; schedule: Schedule };

/**
 * The `$schema` a replay file written into `dir` names: sync-lab's replay schema, relative to the
 * file, so an editor validates it (the loader ignores the field).
 */
export function replaySchemaRef(dir: string): string {
  return relative(dir, join(PACKAGE_ROOT, 'schemas', 'replay.schema.json')).split(sep).join('/');
}

/** The version replay files are written with: module paths relative to the file. */
export const REPLAY_FILE_VERSION = 2;

/**
 * Reads a replay file; options resolved and the schedule checked against them (exit 2 on anything
 * wrong). `reconciler` comes back resolved: 'default' or the absolute path of the module file (a
 * package name is looked up from the replay file's folder), the same from any cwd.
 */
export function readReplayFile(path: string): ReplayFile {
  const raw = loadFile(path, replayFileSchema, { label: 'replay', what: 'replay file' });
  const source = fileSource(path, 'replay');
  const moduleSpec = resolveReplayModuleRef(raw.reconciler, path, raw.version, source);
  const reconciler = moduleSpec.kind === 'default' ? 'default' : moduleSpec.path;
  if (raw.reconcilerOptions !== undefined) {
    const problem = jsonProblem(raw.reconcilerOptions, ['reconcilerOptions']);
    if (problem) throw new UsageError(`${source}: field "${problem.field}": ${problem.expected}`);
  }
  let options: SimOptions;
  try {
    options = resolveSimOptions({ seed: raw.seed, ...raw.options }, source);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(`${source}: field "options.${error.field}": ${error.expected}`);
    throw error;
  }
  if (options.seed !== raw.seed) {
    throw new UsageError(`${source}: field "options.seed": ${options.seed} differs from the file's seed ${raw.seed}; expected the same seed`);
  }
  const schedule = raw.schedule as Schedule;
  const problem = findScheduleProblem(schedule, options);
  if (problem) throw new UsageError(`${source}: field "${['schedule', ...problem.path].join('.')}": ${problem.expected}`);
  return { ...raw, reconciler, options, schedule };
}

/** The engine options a replay file recorded, with where they came from (for the module's refusals). */
export function replayEngineOptions(file: Pick<ReplayFile, 'reconcilerOptions'>, path: string): EngineOptionsInput | undefined {
  return file.reconcilerOptions === undefined ? undefined : { value: file.reconcilerOptions, source: `replay: ${path}: field "reconcilerOptions"` };
}

/** Writes JSON atomically: a reader never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
