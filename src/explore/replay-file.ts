/**
 * Replay files: a failure, shrunk, as data. Everything needed to reproduce the run exactly (seed,
 * options, reconciler, explicit schedule) plus what to expect (checker, trace hash). Read back with
 * a strict schema so a hand-edited file fails with the field named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../io/usage-error.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { errorText } from '../io/error-text.ts';

export const scheduleSchema = z
  .object({
    devices: z.array(z.string()).min(1),
    initialModes: z.record(z.string(), z.enum(['offline', 'intermittent', 'online'])),
    clocks: z.record(z.string(), z.object({ offsetMs: z.number(), driftPpm: z.number() }).strict()),
    events: z.array(z.object({ atMs: z.number().min(0), action: z.string() }).passthrough()),
  })
  .strict();

export const replayFileSchema = z
  .object({
    version: z.literal(1),
    seed: z.number().int().min(0),
    options: z.record(z.string(), z.unknown()),
    /** Path of the reconciler module, or 'default'. */
    reconciler: z.string().min(1),
    checker: z.string().min(1),
    message: z.string(),
    schedule: scheduleSchema,
    traceHash: z.string().regex(/^[0-9a-f]{64}$/),
    originalEvents: z.number().int().min(0),
    shrunkEvents: z.number().int().min(0),
    command: z.string(),
  })
  .strict();

export type ReplayFile = Omit<z.infer<typeof replayFileSchema>, 'options' | 'schedule'> & { options: SimOptions; schedule: Schedule };

export function readReplayFile(path: string): z.infer<typeof replayFileSchema> {
  if (!existsSync(path)) throw new UsageError(`replay: ${path}: no such file`);
  // YAML for hand-written or reviewed files; JSON is what explore writes (and is valid YAML too).
  const yaml = /\.ya?ml$/i.test(path);
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`replay: ${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${errorText(error)}`);
  }
  const parsed = replayFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`replay: ${path}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  return parsed.data;
}

/** Writes JSON atomically: a reader never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
