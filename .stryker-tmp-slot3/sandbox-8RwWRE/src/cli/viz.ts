/**
 * `sync-lab viz <trace.jsonl> [--violations v.json] -o report.html`: turns a trace (and the checkers'
 * violations, if given) into one self-contained HTML file a reviewer opens from disk. The trace is
 * checked with the same reader the page uses, so a file the page would reject fails here, with exit 2
 * and the file, line and field named, before anything is written.
 */
// @ts-nocheck

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TraceEvent, Violation } from '../trace/events.ts';
import { parseTraceText, TraceParseError, validateViolations } from '../trace/parse.ts';
import { traceVerdict, writeVizHtml, type VizHtmlResult } from '../report/viz-html.ts';
import { UsageError } from '../io/usage-error.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { errorText } from '../io/error-text.ts';

export interface VizFlags {
  violations?: string;
  out?: string;
  title?: string;
}

function readText(path: string, what: string): string {
  // A FIFO or device would block or never end: only a regular file is read.
  if (existsSync(path) && !statSync(path).isFile()) throw new UsageError(`viz: ${what} ${path}: not a regular file (a pipe or device would block); expected a file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`viz: ${what} ${path}: cannot read: ${errorText(error)}`);
  }
}

/** Reads and checks a trace file (JSON lines, a JSON array, or a `{ trace, violations }` bundle). */
export function readTraceFile(path: string): { trace: TraceEvent[]; violations: Violation[] } {
  const text = readText(path, 'trace');
  try {
    const loaded = parseTraceText(text, path);
    return { trace: loaded.events, violations: loaded.violations };
  } catch (error) {
    if (error instanceof TraceParseError) throw new UsageError(`viz: ${error.message}`);
    throw error;
  }
}

/**
 * Reads violations: a JSON array of violations, or any object with a `violations` array (the output
 * of `sync-lab run --json` or `replay --json` works as is).
 */
export function readViolationsFile(path: string): Violation[] {
  const text = readText(path, '--violations');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`viz: --violations ${path}: not valid JSON (${errorText(error)}); expected an array of violations or { "violations": [...] }`);
  }
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'violations' in value ? (value as { violations: unknown }).violations : undefined;
  if (list === undefined) throw new UsageError(`viz: --violations ${path}: expected an array of violations or an object with a "violations" array`);
  try {
    return validateViolations(list, path);
  } catch (error) {
    if (error instanceof TraceParseError) throw new UsageError(`viz: --violations ${error.message}`);
    throw error;
  }
}

export async function executeViz(tracePath: string, flags: VizFlags): Promise<VizHtmlResult & { events: number; violations: number; warnings: string[] }> {
  const { trace } = readTraceFile(tracePath);
  // Verdicts come from the checkers, run here on the trace drawn; --violations marks supplied ones instead.
  const supplied = flags.violations === undefined ? undefined : readViolationsFile(flags.violations);
  const { violations } = traceVerdict(trace, supplied);
  const outPath = flags.out ?? tracePath.replace(/\.(jsonl|json|txt)$/i, '') + '.html';
  if (resolve(outPath) === resolve(tracePath)) throw new UsageError(`viz: -o ${outPath}: would overwrite the trace; choose another output file`);
  checkOutputPath('viz: -o', outPath, 'file');
  // A trace cut before its run-end (a killed run, a truncated copy) still renders, but says so.
  const complete = trace.some((e) => e.kind === 'run-end');
  const warnings = complete ? [] : [`viz: warning: ${tracePath} has no run-end event (the trace was cut short); the page shows only what it holds and has no final state`];
  const title = `${flags.title ?? basename(tracePath)}${complete ? '' : ' (incomplete: no run-end)'}`;
  let result: VizHtmlResult;
  try {
    result = await writeVizHtml({ trace, violations, outPath, title });
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw new UsageError(`viz: -o ${outPath}: cannot write: ${error.message}`);
    throw error;
  }
  return { ...result, events: trace.length, violations: violations.length, warnings };
}

export function registerViz(program: Command): void {
  program
    .command('viz <trace>')
    .description('write a self-contained HTML visualizer of a trace (opens from disk, no server, no network)')
    .option('--violations <file>', 'violations to mark: a JSON array, or the output of `run --json` / `replay --json`')
    .option('-o, --out <report.html>', 'output file (default: the trace path with .html)')
    .option('--title <text>', 'name shown in the page header (default: the trace file name)')
    .action(async (tracePath: string, flags: VizFlags) => {
      const result = await executeViz(tracePath, flags);
      for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
      process.stdout.write(`viz: wrote ${result.outPath} (${result.events} events, ${result.violations} violation${result.violations === 1 ? '' : 's'}, ${Math.round(result.bytes / 1024)} kB); open it in a browser\n`);
    });
}
