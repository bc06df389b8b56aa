/**
 * Engine options: the value `--reconciler-options <file>` (JSON or YAML) or a replay file hands to a
 * `--reconciler` module. The lab does not interpret it: it is validated by the module's own
 * `optionsSchema` (anything with zod's `safeParse`) or `parseOptions`, and every engine the module
 * makes receives the result as `ReconcilerOptions.engineOptions` in `create` and `restore`. A value
 * the module refuses is a usage error (exit 2) naming where the value came from and the field.
 */
// @ts-nocheck

import { readDataFile } from './load-file.ts';
import { UsageError } from './usage-error.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';

/** A raw options value and where it came from (`explore: --reconciler-options: opts.json`), for messages. */
export interface EngineOptionsInput {
  readonly value: unknown;
  readonly source: string;
}

/** Reads an options file (YAML for .yaml/.yml, JSON otherwise); the value must be plain JSON. */
export function readEngineOptionsFile(command: string, path: string): EngineOptionsInput {
  const source = `${command}: --reconciler-options: ${path}`;
  const value = readDataFile(path, { label: `${command}: --reconciler-options`, what: 'options file' });
  const problem = jsonProblem(value, []);
  if (problem) throw new UsageError(`${source}: field "${problem.field}": ${problem.expected}`);
  return { value, source };
}

/** The first place a value is not plain JSON (replay files and explore summaries record it as JSON). */
export function jsonProblem(value: unknown, path: readonly (string | number)[]): { field: string; expected: string } | null {
  const field = path.map(String).join('.') || '(root)';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { field, expected: 'expected a finite number' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], [...path, i]);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const p = jsonProblem(v, [...path, k]);
      if (p) return p;
    }
    return null;
  }
  return { field, expected: `expected a JSON value (string, number, boolean, null, list or map), got ${value instanceof Date ? 'a date (quote it in YAML)' : typeof value}` };
}

interface SafeParseResult {
  success: boolean;
  data?: unknown;
  error?: { issues?: readonly { path?: readonly PropertyKey[]; message?: string }[]; message?: string };
}

/** What is wrong with a module's `optionsSchema` / `parseOptions` declaration (empty when usable or absent). */
export function optionsDeclarationProblems(module: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const schema = module['optionsSchema'];
  if (schema !== undefined && (typeof schema !== 'object' || schema === null || typeof (schema as Record<string, unknown>)['safeParse'] !== 'function')) {
    problems.push('`optionsSchema` must be a schema with `safeParse(value)` (a zod schema) when given');
  }
  if (module['parseOptions'] !== undefined && typeof module['parseOptions'] !== 'function') problems.push('`parseOptions(value)` must be a function when given');
  if (schema !== undefined && module['parseOptions'] !== undefined) problems.push('declare `optionsSchema` or `parseOptions`, not both');
  return problems;
}

/**
 * The module as the lab runs it: every `create`/`restore` gets `engineOptions` (the module's parse of
 * the given value) in its options. A module that declares a schema is validated even without a
 * file (its schema decides whether options are required); the built-in engine takes none.
 */
export function bindEngineOptions(module: ReconcilerModule, input: EngineOptionsInput | undefined, isDefault: boolean): ReconcilerModule {
  if (isDefault) {
    if (input === undefined) return module;
    throw new UsageError(`${input.source}: the built-in reconciler takes no engine options; expected --reconciler <your module> with them, or no --reconciler-options`);
  }
  const declared = module as unknown as Record<string, unknown>;
  const schema = declared['optionsSchema'] as { safeParse(value: unknown): SafeParseResult } | undefined;
  const parse = declared['parseOptions'] as ((value: unknown) => unknown) | undefined;
  if (input === undefined && schema === undefined && parse === undefined) return module;
  const source = input?.source ?? `--reconciler ${module.name}: no --reconciler-options given`;
  let engineOptions: unknown = input?.value;
  if (schema) {
    const result = schema.safeParse(input?.value);
    if (!result.success) {
      const issue = result.error?.issues?.[0];
      const field = issue?.path?.map(String).join('.') || '(root)';
      throw new UsageError(`${source}: field "${field}": ${issue?.message ?? result.error?.message ?? 'refused by the module'} (the optionsSchema of ${module.name})`);
    }
    engineOptions = result.data;
  } else if (parse) {
    try {
      engineOptions = parse.call(module, input?.value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(`${source}: ${reason.split('\n', 1)[0]} (the parseOptions of ${module.name})`);
    }
  }
  const bound = Object.assign(Object.create(Object.getPrototypeOf(module) as object | null) as object, module) as Record<string, unknown>;
  bound['create'] = (options: object) => module.create({ ...options, engineOptions } as Parameters<ReconcilerModule['create']>[0]);
  // Any further arguments (a clock reading) pass through untouched.
  bound['restore'] = (snapshot: unknown, options: object, ...rest: unknown[]) =>
    (module.restore as (...args: unknown[]) => unknown).call(module, snapshot, { ...options, engineOptions }, ...rest);
  return bound as unknown as ReconcilerModule;
}
