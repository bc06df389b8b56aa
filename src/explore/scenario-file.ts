/**
 * Scenario files (simulations/reviewer/*.json): a named, described run with explicit options and
 * schedule, and the checkers it is expected to trip (usually none). Reviewers read and replay them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../cli/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { scheduleSchema } from './replay-file.ts';

const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by dashes'),
    description: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema,
    /** Checkers this scenario is meant to trip (a finding it demonstrates); empty: all must hold. */
    expectViolations: z.array(z.string()).default([]),
  })
  .strict();

export interface Scenario {
  file: string;
  name: string;
  description: string;
  options: SimOptions;
  schedule: Schedule;
  expectViolations: string[];
}

export function loadScenario(file: string): Scenario {
  if (!existsSync(file)) throw new UsageError(`${file}: no such scenario file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  const schedule = parsed.data.schedule as unknown as Schedule;
  let options: SimOptions;
  try {
    options = resolveSimOptions({ ...parsed.data.options, devices: schedule.devices.length }, `${file} (options)`);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
  for (const [i, e] of schedule.events.entries()) {
    if ('device' in e && !schedule.devices.includes(e.device)) {
      throw new UsageError(`${file}: field "schedule.events.${i}.device": ${JSON.stringify(e.device)} is not one of ${schedule.devices.join(', ')}`);
    }
  }
  return { file, name: parsed.data.name, description: parsed.data.description, options, schedule, expectViolations: parsed.data.expectViolations };
}

export function loadScenarioDir(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadScenario(join(dir, f)));
}
