/**
 * Scenario files (simulations/reviewer/*.{json,yaml,yml}): a named, described run with explicit
 * options and schedule, the checkers it is expected to trip (usually none), and the reviewer-guidance
 * workflows it walks through. Reviewers read and replay them; `lab` and `audit` run them. Read with
 * the one file loader and the strict schedule schema, so a hand-edited file fails with the file and
 * the field named; judged by `judgeScenario`, for which `expectViolations` is exact.
 */
import { quoteValue } from '../trace/quote-value.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { connectivityModeSchema, findScheduleProblem, scheduleSchema } from '../sim/schedule.ts';
import type { Schedule } from '../sim/schedule.ts';
import type { ScheduleSkipEvent, TraceEvent } from '../trace/events.ts';
import type { ConnectivityMode } from '../core/connectivity-mode.ts';
import { REVIEW_WORKFLOWS } from '../spec/workflows.ts';
import type { ReviewWorkflow } from '../spec/workflows.ts';
import { checkerIdSchema } from './replay-file.ts';

const SCENARIO_FILE = /\.(json|ya?ml)$/i;

/** The schedule actions aimed at one device: the ones that can be skipped. */
const DEVICE_ACTIONS = ['create', 'edit', 'delete', 'read', 'read-journal', 'connectivity', 'crash', 'restart', 'token-expire', 'token-renew', 'clock-jump', 'backup', 'admin'] as const;

/**
 * A `schedule-skip` the scenario expects: device and action, optionally the ref and the schedule time
 * (`atMs`) of the event, to tell apart two of the same kind.
 */
const expectedSkipSchema = z
  .object({ device: z.string().min(1), action: z.enum(DEVICE_ACTIONS), ref: z.string().min(1).optional(), atMs: z.number().min(0).optional() })
  .strict();
export type ExpectedSkip = z.infer<typeof expectedSkipSchema>;

export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by dashes'),
    description: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema,
    /** Checkers this scenario is meant to trip (a finding it demonstrates); empty: all must hold. */
    expectViolations: z.array(checkerIdSchema).default([]),
    /** Schedule events it expects to be skipped (a `schedule-skip` it demonstrates); empty: none may be. */
    expectSkips: z.array(expectedSkipSchema).default([]),
    /** Connectivity modes whose essential workflows it exercises (for the audit's REV evidence). */
    modes: z.array(connectivityModeSchema).default([]),
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
  expectSkips: ExpectedSkip[];
  modes: ConnectivityMode[];
  workflows: ReviewWorkflow[];
}

export function loadScenario(file: string): Scenario {
  const parsed = loadFile(file, scenarioSchema, { what: 'scenario file' });
  const schedule = parsed.schedule as Schedule;
  const devices = parsed.options['devices'];
  // The schedule lists the devices; a different count in the options would be ignored by the run.
  if (devices !== undefined && devices !== schedule.devices.length) {
    throw new UsageError(`${file}: field "options.devices": ${quoteValue(devices)}; expected ${schedule.devices.length}, the number of schedule.devices (or leave it out)`);
  }
  let options: SimOptions;
  try {
    options = resolveSimOptions({ ...parsed.options, devices: schedule.devices.length }, file);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(`${file}: field "options.${error.field}": ${error.expected}`);
    throw error;
  }
  const problem = findScheduleProblem(schedule, options);
  if (problem) throw new UsageError(`${file}: field "${['schedule', ...problem.path].join('.')}": ${problem.expected}`);
  for (const [i, skip] of parsed.expectSkips.entries()) {
    if (!schedule.devices.includes(skip.device)) {
      throw new UsageError(`${file}: field "expectSkips.${i}.device": ${quoteValue(skip.device)}; expected one of the schedule's devices (${schedule.devices.join(', ')})`);
    }
  }
  return {
    file,
    name: parsed.name,
    description: parsed.description,
    options,
    schedule,
    expectViolations: parsed.expectViolations,
    expectSkips: parsed.expectSkips,
    modes: parsed.modes,
    workflows: parsed.workflows,
  };
}

/** Every scenario file of a folder (JSON and YAML), in file-name order; names must be unique. */
export function loadScenarioDir(dir: string): Scenario[] {
  return loadScenarios([dir]);
}

/**
 * Scenarios from files and folders (a folder gives its scenario files in file-name order), in the
 * order given; names must be unique across all of them. A file is taken whatever its extension says
 * it is not: JSON unless it ends in .yaml/.yml.
 */
export function loadScenarios(paths: readonly string[]): Scenario[] {
  const scenarios: Scenario[] = [];
  const loaded = new Set<string>();
  const load = (file: string): void => {
    // The same file named twice (itself and through its folder) is one scenario, not a clash.
    const key = resolve(file);
    if (loaded.has(key)) return;
    loaded.add(key);
    scenarios.push(loadScenario(file));
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`${path}: no such scenario file or folder`);
    if (statSync(path).isDirectory()) {
      const files = readdirSync(path).filter((f) => SCENARIO_FILE.test(f)).sort();
      if (files.length === 0) throw new UsageError(`${path}: no scenario files (*.json, *.yaml, *.yml) in this folder`);
      for (const f of files) load(join(path, f));
    } else {
      load(path);
    }
  }
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other) throw new UsageError(`${s.file}: field "name": ${JSON.stringify(s.name)} is already used by ${other}; expected a unique name`);
    seen.set(s.name, s.file);
  }
  return scenarios;
}

/** A scenario's verdict: its `expectViolations` and `expectSkips` are exact, in both directions. */
export interface ScenarioVerdict {
  status: 'pass' | 'fail';
  /** Checkers that objected, sorted. */
  found: string[];
  /** Checkers the scenario expects to object, sorted. */
  expected: string[];
  /** Found but not expected: a violation the scenario does not declare. */
  unexpected: string[];
  /** Expected but not found: the finding the scenario demonstrates did not happen. */
  missing: string[];
  /** Every schedule-skip of the run, one line each (`a edit r1 at 100 ms: reason`). */
  skips: string[];
  /** Skips no `expectSkips` entry matches. */
  unexpectedSkips: string[];
  /** `expectSkips` entries no skip matched. */
  missingSkips: string[];
  /** One line saying what differs ('' on a pass). */
  why: string;
}

/**
 * Judges a run of `scenario`: `violations` from the checkers, `trace` for its schedule-skips. A skip
 * fails the scenario unless an `expectSkips` entry matches it; an entry that matches no skip fails it too.
 */
export function judgeScenario(
  scenario: Pick<Scenario, 'expectViolations'> & { expectSkips?: readonly ExpectedSkip[] },
  violations: readonly { checker: string }[],
  trace: readonly TraceEvent[],
): ScenarioVerdict {
  const found = [...new Set(violations.map((v) => v.checker))].sort();
  const expected = [...new Set(scenario.expectViolations)].sort();
  const unexpected = found.filter((c) => !expected.includes(c));
  const missing = expected.filter((c) => !found.includes(c));
  const wanted = scenario.expectSkips ?? [];
  const skipped = trace.filter((e): e is ScheduleSkipEvent => e.kind === 'schedule-skip');
  const unexpectedSkips = skipped.filter((s) => !wanted.some((w) => skipMatches(w, s))).map(skipLine);
  const missingSkips = wanted.filter((w) => !skipped.some((s) => skipMatches(w, s))).map(expectedLine);
  const why = [
    ...(unexpected.length > 0 ? [`unexpected violation(s): ${unexpected.join(', ')}`] : []),
    ...(missing.length > 0 ? [`expected violation(s) that did not happen: ${missing.join(', ')}`] : []),
    ...(unexpectedSkips.length > 0 ? [`schedule event(s) skipped, not listed under expectSkips: ${unexpectedSkips.join('; ')}`] : []),
    ...(missingSkips.length > 0 ? [`expected skip(s) that did not happen: ${missingSkips.join('; ')}`] : []),
  ].join('; ');
  const pass = unexpected.length === 0 && missing.length === 0 && unexpectedSkips.length === 0 && missingSkips.length === 0;
  return { status: pass ? 'pass' : 'fail', found, expected, unexpected, missing, skips: skipped.map(skipLine), unexpectedSkips, missingSkips, why };
}

function skipMatches(w: ExpectedSkip, s: ScheduleSkipEvent): boolean {
  return w.device === s.device && w.action === s.action && (w.ref === undefined || w.ref === s.ref) && (w.atMs === undefined || w.atMs === s.atMs);
}

/** One line for a schedule-skip: `a edit r1 at 100 ms: the device does not show … (record-not-shown)`. */
export function skipLine(s: Pick<ScheduleSkipEvent, 'device' | 'action' | 'ref' | 'atMs' | 'reason' | 'code'>): string {
  return `${s.device} ${s.action}${s.ref === undefined ? '' : ` ${s.ref}`} at ${s.atMs} ms: ${s.reason} (${s.code})`;
}

function expectedLine(w: ExpectedSkip): string {
  return `${w.device} ${w.action}${w.ref === undefined ? '' : ` ${w.ref}`}${w.atMs === undefined ? '' : ` at ${w.atMs} ms`}`;
}
