/**
 * Scenario files (simulations/reviewer/*.{json,yaml,yml}): a named, described run with explicit
 * options and schedule, the checkers it is expected to trip (usually none), and the reviewer-guidance
 * workflows it walks through. Reviewers read and replay them; `lab` and `audit` run them. Read with
 * the one file loader and the strict schedule schema, so a hand-edited file fails with the file and
 * the field named; judged by `judgeScenario`, for which `expectViolations` is exact.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { connectivityModeSchema, findScheduleProblem, scheduleSchema } from '../sim/schedule.ts';
import type { Schedule } from '../sim/schedule.ts';
import type { ConnectivityMode } from '../core/connectivity-mode.ts';
import { REVIEW_WORKFLOWS } from '../spec/workflows.ts';
import type { ReviewWorkflow } from '../spec/workflows.ts';
import { checkerIdSchema } from './replay-file.ts';

const SCENARIO_FILE = /\.(json|ya?ml)$/i;

export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by dashes'),
    description: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema,
    /** Checkers this scenario is meant to trip (a finding it demonstrates); empty: all must hold. */
    expectViolations: z.array(checkerIdSchema).default([]),
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
  modes: ConnectivityMode[];
  workflows: ReviewWorkflow[];
}

export function loadScenario(file: string): Scenario {
  const parsed = loadFile(file, scenarioSchema, { what: 'scenario file' });
  const schedule = parsed.schedule as Schedule;
  const devices = parsed.options['devices'];
  // The schedule lists the devices; a different count in the options would be ignored by the run.
  if (devices !== undefined && devices !== schedule.devices.length) {
    throw new UsageError(`${file}: field "options.devices": ${JSON.stringify(devices)}; expected ${schedule.devices.length}, the number of schedule.devices (or leave it out)`);
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
  return {
    file,
    name: parsed.name,
    description: parsed.description,
    options,
    schedule,
    expectViolations: parsed.expectViolations,
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

/** A scenario's verdict: its `expectViolations` is exact, in both directions. */
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
  /** One line saying what differs ('' on a pass). */
  why: string;
}

export function judgeScenario(scenario: Pick<Scenario, 'expectViolations'>, violations: readonly { checker: string }[]): ScenarioVerdict {
  const found = [...new Set(violations.map((v) => v.checker))].sort();
  const expected = [...new Set(scenario.expectViolations)].sort();
  const unexpected = found.filter((c) => !expected.includes(c));
  const missing = expected.filter((c) => !found.includes(c));
  const why = [
    ...(unexpected.length > 0 ? [`unexpected violation(s): ${unexpected.join(', ')}`] : []),
    ...(missing.length > 0 ? [`expected violation(s) that did not happen: ${missing.join(', ')}`] : []),
  ].join('; ');
  return { status: unexpected.length === 0 && missing.length === 0 ? 'pass' : 'fail', found, expected, unexpected, missing, why };
}
