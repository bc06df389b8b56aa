/**
 * Scenario files (simulations/reviewer/*.{json,yaml,yml}): a named, described run with explicit
 * options and schedule, the checkers it is expected to trip (usually none), and the reviewer-guidance
 * workflows it walks through. Reviewers read and replay them; `lab` and `audit` run them. Validated
 * strictly, so a hand-edited file fails with the file and the field named.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../io/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { REVIEW_WORKFLOWS } from '../spec/workflows.ts';
import type { ReviewWorkflow } from '../spec/workflows.ts';
import { scheduleSchema } from './replay-file.ts';
import { errorText } from '../io/error-text.ts';

const SCENARIO_FILE = /\.(json|ya?ml)$/i;

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const fields = z.record(z.string(), fieldValue);
const mode = z.enum(['offline', 'intermittent', 'online']);
const at = { atMs: z.number().min(0) };
const dev = { ...at, device: z.string().min(1) };

/** Each schedule action with exactly its fields (the simulator's ScheduleEvent, as a schema). */
const scheduleEventSchema = z.discriminatedUnion('action', [
  z.object({ ...dev, action: z.literal('create'), ref: z.string().min(1), fields }).strict(),
  z.object({ ...dev, action: z.literal('edit'), ref: z.string().min(1), fields }).strict(),
  z.object({ ...dev, action: z.literal('delete'), ref: z.string().min(1) }).strict(),
  z.object({ ...dev, action: z.literal('read'), ref: z.string().min(1) }).strict(),
  z.object({ ...dev, action: z.literal('connectivity'), mode }).strict(),
  z.object({ ...dev, action: z.literal('crash'), point: z.enum(['now', 'after-push-sent', 'before-pull-apply']) }).strict(),
  z.object({ ...dev, action: z.literal('restart') }).strict(),
  z.object({ ...dev, action: z.literal('token-expire') }).strict(),
  z.object({ ...dev, action: z.literal('token-renew') }).strict(),
  z.object({ ...dev, action: z.literal('clock-jump'), deltaMs: z.number() }).strict(),
  z.object({ ...dev, action: z.literal('backup') }).strict(),
  z.object({ ...dev, action: z.literal('admin'), adminAction: z.enum(['delete-account', 'backup-admin']) }).strict(),
  z.object({ ...at, action: z.literal('partition'), groups: z.array(z.array(z.string())) }).strict(),
  z.object({ ...at, action: z.literal('partition-heal') }).strict(),
  z.object({ ...at, action: z.literal('server-outage'), durationMs: z.number().int().min(1) }).strict(),
]);


const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by dashes'),
    description: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema.extend({ events: z.array(scheduleEventSchema) }).strict(),
    /** Checkers this scenario is meant to trip (a finding it demonstrates); empty: all must hold. */
    expectViolations: z.array(z.string()).default([]),
    /** Connectivity modes whose essential workflows it exercises (for the audit's REV evidence). */
    modes: z.array(mode).default([]),
    /** Reviewer-guidance workflows it demonstrates (spec "Reviewer Guidance"). */
    workflows: z.array(z.enum(REVIEW_WORKFLOWS)).default([]),
  })
  .strict();

export interface Scenario {
  file: string;
  name: string;
  description: string;
  options: SimOptions;
  schedule: Schedule;
  expectViolations: string[];
  modes: Array<'offline' | 'intermittent' | 'online'>;
  workflows: ReviewWorkflow[];
}

export function loadScenario(file: string): Scenario {
  if (!existsSync(file)) throw new UsageError(`${file}: no such scenario file`);
  const yaml = /\.ya?ml$/i.test(file);
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid ${yaml ? 'YAML' : 'JSON'}: ${errorText(error)}`);
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
  for (const [field, record] of [['initialModes', schedule.initialModes], ['clocks', schedule.clocks]] as const) {
    for (const id of Object.keys(record)) {
      if (!schedule.devices.includes(id)) throw new UsageError(`${file}: field "schedule.${field}.${id}": not one of the devices ${schedule.devices.join(', ')}`);
    }
  }
  return {
    file,
    name: parsed.data.name,
    description: parsed.data.description,
    options,
    schedule,
    expectViolations: parsed.data.expectViolations,
    modes: parsed.data.modes,
    workflows: parsed.data.workflows,
  };
}

/** Every scenario file of a folder (JSON and YAML), in file-name order; names must be unique. */
export function loadScenarioDir(dir: string): Scenario[] {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such scenario folder`);
  const scenarios = readdirSync(dir)
    .filter((f) => SCENARIO_FILE.test(f))
    .sort()
    .map((f) => loadScenario(join(dir, f)));
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other) throw new UsageError(`${s.file}: field "name": ${JSON.stringify(s.name)} is already used by ${other}`);
    seen.set(s.name, s.file);
  }
  return scenarios;
}
