/**
 * The one loader for files a user hands in (scenario, replay, profile and options files): read,
 * parse YAML or JSON by the file's extension, validate with a zod schema. Every failure is a
 * `UsageError` (exit 2) of one line naming the file, the field path and what was expected, so each
 * kind of file is checked once, at the edge, the same way.
 */
// @ts-nocheck

import { quoteValue } from '../trace/quote-value.ts';
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UsageError } from './usage-error.ts';

/** Input files are small documents; anything bigger is refused before it is read into memory. */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

export interface LoadFileOptions {
  /** Put before the path in every message, e.g. `replay` or `run: --options`. */
  label?: string;
  /** What the file is, for "no such ..." messages, e.g. `scenario file`. */
  what?: string;
}

/** Where a message starts: `label: path` or just the path. */
export function fileSource(path: string, label?: string): string {
  return label ? `${label}: ${path}` : path;
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Reads and parses the file without validating it (YAML for .yaml/.yml, JSON otherwise). */
export function readDataFile(path: string, options: LoadFileOptions = {}): unknown {
  const source = fileSource(path, options.label);
  let size: number;
  try {
    const stat = statSync(path);
    // A folder, a FIFO or a device would fail late or block forever: refuse anything but a file.
    if (!stat.isFile()) throw new UsageError(`${source}: expected ${withArticle(options.what ?? 'file')}, found ${stat.isDirectory() ? 'a folder' : 'something that is not a regular file'}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${source}: no such ${options.what ?? 'file'} (${errorText(error)})`);
  }
  if (size > MAX_INPUT_FILE_BYTES) {
    throw new UsageError(`${source}: ${size} bytes; expected at most ${MAX_INPUT_FILE_BYTES} bytes (64 MiB)`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${source}: cannot read: ${errorText(error)}`);
  }
  const yaml = isYamlPath(path);
  let value: unknown;
  try {
    value = yaml ? parseYamlStrictly(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid ${yaml ? 'YAML' : 'JSON'}: ${errorText(error).split('\n')[0]}`);
  }
  return withoutSchemaReference(value, source);
}

/**
 * A top-level `"$schema": "<url or path>"` tells an editor which JSON Schema (`sync-lab schema …`)
 * completes the file; it is not part of the document, so the strict schemas never see it.
 */
function withoutSchemaReference(value: unknown, source: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, '$schema')) return value;
  const { $schema, ...rest } = value as Record<string, unknown>;
  if (typeof $schema !== 'string') throw new UsageError(`${source}: field "$schema": expected a string (the JSON Schema's URL or path), got ${quoteValue($schema)}`);
  return rest;
}

/** Reads, parses and validates a file; the result is the schema's output. */
export function loadFile<S extends z.ZodType>(path: string, schema: S, options: LoadFileOptions = {}): z.output<S> {
  return parseWith(schema, readDataFile(path, options), fileSource(path, options.label));
}

/** Validates already-parsed data; errors name `source`, the field path and what was expected. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodUsageError(source, parsed.error);
  return parsed.data;
}

/** The first issue of a zod error as one line: `source: field "a.b.0": expected`. */
export function zodUsageError(source: string, error: z.ZodError): UsageError {
  const { field, expected } = describeIssue(error.issues[0]!);
  return new UsageError(`${source}: field "${field}": ${expected}`);
}

export function describeIssue(issue: z.core.$ZodIssue): { field: string; expected: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return { field: [...path, keys[0]!].join('.'), expected: `unknown field${keys.length > 1 ? `s (${keys.join(', ')})` : ''}; remove it or check its spelling` };
  }
  return { field: path.join('.') || '(root)', expected: issue.message };
}

/** Formats a field path built by hand (`['schedule', 'events', 3, 'ref']` -> `schedule.events.3.ref`). */
export function fieldPath(parts: readonly (string | number)[]): string {
  return parts.map(String).join('.') || '(root)';
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * YAML with its warnings as errors: the yaml library only warns (on stderr) about an unknown tag or
 * directive and then guesses a value, which would be a silent default.
 */
function parseYamlStrictly(text: string): unknown {
  const doc = parseDocument(text);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw problem;
  return doc.toJS();
}
