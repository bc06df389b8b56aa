/**
 * `sync-lab check <trace.jsonl>`: every checker (and the oracle) over a trace any program wrote: the
 * simulator, the recorder kit around a real app's engine (src/trace/recorder-kit.ts), or an app
 * logging the format of docs/trace-format.md itself. A checker whose facts the trace does not log is
 * listed "not judged" with the reason, never counted as holding. Exit 0: every judged checker holds;
 * 1: a violation; 2: the file is not a trace (line and field named), or no checker can judge it.
 */
// @ts-nocheck

import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { CHECKERS, checkRun, oracleVersions } from '../check/index.ts';
import type { CheckerId } from '../check/index.ts';
import { judgeability } from '../check/judgeable.ts';
import { parseTraceText, TraceParseError } from '../trace/parse.ts';
import { TRACE_FORMAT_VERSION, traceEventSchema } from '../trace/schema.ts';
import type { TraceEvent, Violation } from '../trace/events.ts';
import { MAX_INPUT_FILE_BYTES } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { errorText } from '../io/error-text.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { junitOfCheck, writeJUnit } from '../report/junit.ts';

export interface CheckReport {
  file: string;
  formatVersion: number;
  events: number;
  complete: boolean;
  stampMode: 'hlc' | 'wall';
  judged: CheckerId[];
  notJudged: { checker: CheckerId; reason: string }[];
  violations: Violation[];
  oracle: { committedRecords: number };
}

/** Reads and validates a trace file: every line against the public schema, errors naming line and field. */
export function readTraceFile(path: string): TraceEvent[] {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`check: ${path}: expected a trace file, found ${stat.isDirectory() ? 'a folder' : 'something that is not a regular file'}`);
    if (stat.size > MAX_INPUT_FILE_BYTES) throw new UsageError(`check: ${path}: ${stat.size} bytes; expected at most ${MAX_INPUT_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`check: ${path}: no such trace file (${errorText(error)})`);
  }
  let events: TraceEvent[];
  try {
    events = parseTraceText(text, path).events;
  } catch (error) {
    if (error instanceof TraceParseError) throw new UsageError(`check: ${error.message}`);
    throw error;
  }
  if (events.length === 0) throw new UsageError(`check: ${path}: no events; expected one trace event per line (docs/trace-format.md)`);
  events.forEach((e, n) => {
    const result = traceEventSchema.safeParse(e);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new UsageError(`check: ${path}: event ${n + 1}: field "${issue.path.join('.') || 'kind'}": ${issue.message}`);
    }
    if (e.i !== n) throw new UsageError(`check: ${path}: event ${n + 1}: field "i": ${e.i}; expected ${n}, the event's index in the trace`);
  });
  if (events[0]!.kind !== 'run-start') throw new UsageError(`check: ${path}: event 1: field "kind": ${events[0]!.kind}; expected run-start (it names the devices and the stamp mode)`);
  return events;
}

export function checkTrace(path: string): CheckReport {
  const trace = readTraceFile(path);
  const start = trace[0] as Extract<TraceEvent, { kind: 'run-start' }>;
  const can = judgeability(trace);
  const judged = CHECKERS.map((c) => c.id).filter((id) => can.get(id)?.judged === true);
  const notJudged = [...can].flatMap(([checker, j]) => (j.judged ? [] : [{ checker, reason: j.reason }]));
  const violations = judged.length === 0 ? [] : checkRun({ trace, serverState: undefined, stampMode: start.stampMode }, judged);
  return {
    file: path,
    formatVersion: TRACE_FORMAT_VERSION,
    events: trace.length,
    complete: trace.at(-1)?.kind === 'run-end',
    stampMode: start.stampMode,
    judged,
    notJudged,
    violations,
    oracle: { committedRecords: oracleVersions(trace).length },
  };
}

export function checkText(r: CheckReport): string {
  const lines = [
    `check ${r.file}: ${r.events} events, ${r.stampMode} stamps, trace format v${r.formatVersion}${r.complete ? '' : ' — INCOMPLETE: no run-end (cut short?)'}`,
    `  oracle: ${r.oracle.committedRecords} record(s) from every committed write, folded by last-write-wins`,
    `  judged (${r.judged.length}): ${r.judged.join(', ') || 'none'}`,
  ];
  if (r.notJudged.length > 0) {
    lines.push(`  NOT judged (${r.notJudged.length}; not a pass):`);
    for (const n of r.notJudged) lines.push(`  - ${n.checker}: ${n.reason}`);
  }
  for (const v of r.violations) lines.push(`  VIOLATION ${v.checker} at event ${v.eventIndex} (t=${v.t} µs): ${v.message}`);
  lines.push(r.violations.length > 0 ? `  ${r.violations.length} violation(s) (exit 1)` : `  every judged checker holds (exit 0)${r.notJudged.length ? `; ${r.notJudged.length} not judged` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerCheck(program: Command): void {
  program
    .command('check <trace>')
    .description('run every checker (and the oracle) over a trace file any program wrote (docs/trace-format.md); checkers lacking their facts are listed as not judged; exit 1 on a violation')
    .option('--json', 'print one JSON object')
    .option('--junit <file.xml>', 'also write the verdict as JUnit XML (one case per checker; not judged ones are skipped cases), atomically')
    .action((path: string, opts: { json?: boolean; junit?: string }) => {
      if (opts.junit !== undefined) checkOutputPath('check: --junit', opts.junit, 'file');
      const report = checkTrace(path);
      if (report.judged.length === 0) {
        throw new UsageError(`check: ${path}: no checker can judge this trace; ${report.notJudged[0]?.reason ?? ''} (docs/trace-format.md lists what each needs)`);
      }
      if (opts.junit !== undefined) {
        try {
          writeJUnit(opts.junit, junitOfCheck(report));
        } catch (error) {
          throw new UsageError(`check: --junit ${opts.junit}: cannot write: ${errorText(error)}`);
        }
      }
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : checkText(report));
      process.exitCode = report.violations.length > 0 ? 1 : 0;
    });
}
