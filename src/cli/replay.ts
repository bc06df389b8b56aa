/**
 * `sync-lab replay <file>`: reproduces a recorded failure exactly, judged by every checker. It says
 * whether the recorded violation still happens and lists every other violation, so a fix that
 * breaks something else cannot pass. Exit 1: any checker is violated; 0: every checker holds; 2: bad
 * file. A trace hash that differs from the recorded one is reported (the engine or the simulator
 * changed since).
 */
import type { Command } from 'commander';
import { runCheckedAsync } from '../lab/run-checked.ts';
import { readReplayFile, replayEngineOptions } from '../explore/replay-file.ts';
import { canonicalJson } from '../core/canonical.ts';
import { compareRecordedHash } from '../core/trace-hash.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import type { EngineOptionsInput } from '../io/reconciler-loader.ts';
import { RECONCILER_OPTIONS_HELP, reconcilerOptionsFlag } from './flags.ts';
import { UsageError } from '../io/usage-error.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { resolve } from 'node:path';
import { writeVizHtml } from '../report/viz-html.ts';
import { writePerfetto } from '../report/perfetto.ts';
import { errorText } from '../io/error-text.ts';
import { unsupportedSyncPolicy } from '../sim/engine-fit.ts';
import { readDataFile } from '../io/load-file.ts';
import { looksLikeScenario, runScenarioFile } from './scenario-run.ts';

export interface ReplayOutcome {
  file: string;
  checker: string;
  /** The reconciler the schedule ran against: the recorded one unless overridden. */
  reconciler: string;
  /** The recorded checker is still violated. */
  reproduced: boolean;
  /** Any checker is violated (the recorded one or another): the exit code is 1. */
  violated: boolean;
  traceHash: string;
  recordedTraceHash: string;
  /** `v1`: the file was recorded before trace hash v2; it is compared as v1 (the JSONL's sha256, recomputed). */
  recordedHashVersion: 'v1' | 'v2';
  hashMatches: boolean;
  /** Every violation of every checker, in registry order. */
  violations: ReplayViolation[];
  /** The violations of checkers other than the recorded one. */
  otherViolations: ReplayViolation[];
}

export interface ReplayViolation {
  checker: string;
  message: string;
  eventIndex: number;
  t: number;
}

/** `reconcilerOverride`: a module path (or 'default') to replay the schedule against instead of the recorded one. */
/** `vizPath`: also write a self-contained HTML visualizer of the replayed run there. */
/** `engineOptionsOverride`: engine options instead of the ones the file recorded (`--reconciler-options`). */
export async function replayFile(path: string, tracePath?: string, reconcilerOverride?: string, vizPath?: string, perfettoPath?: string, engineOptionsOverride?: EngineOptionsInput): Promise<ReplayOutcome> {
  if (perfettoPath !== undefined) checkOutputPath('replay: --perfetto', perfettoPath, 'file');
  if (tracePath !== undefined) checkOutputPath('replay: --trace', tracePath, 'file');
  if (vizPath !== undefined) checkOutputPath('replay: --viz', vizPath, 'file');
  for (const [flag, output] of [['--trace', tracePath], ['--viz', vizPath], ['--perfetto', perfettoPath]] as const) {
    if (output !== undefined && resolve(output) === resolve(path)) throw new UsageError(`replay: ${flag} ${output}: is the replay file itself; choose another output file`);
  }
  const file = readReplayFile(path);
  const { options } = file;
  const modulePath = reconcilerOverride ?? file.reconciler;
  const reconciler = await loadReconciler(modulePath === 'default' ? undefined : modulePath, undefined, engineOptionsOverride ?? replayEngineOptions(file, path));
  const unsupported = unsupportedSyncPolicy(options, reconciler);
  if (unsupported !== null) throw new UsageError(`replay: ${path}: ${unsupported}`);
  const result = await runCheckedAsync({ options, schedule: file.schedule, reconciler });
  if (tracePath) writeTextAtomic(tracePath, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
  if (perfettoPath) {
    try {
      writePerfetto(perfettoPath, result.trace);
    } catch (error) {
      throw new UsageError(`replay: --perfetto ${perfettoPath}: cannot write: ${errorText(error)}`);
    }
  }
  if (vizPath) {
    try {
      await writeVizHtml({ trace: result.trace, violations: result.violations, outPath: vizPath, title: `replay ${path.split(/[\\/]/).at(-1) ?? path}` });
    } catch (error) {
      throw new UsageError(`replay: --viz ${vizPath}: cannot write: ${errorText(error)}`);
    }
  }
  const violations = result.violations.map((v) => ({ checker: v.checker, message: v.message, eventIndex: v.eventIndex, t: v.t }));
  const recorded = compareRecordedHash(file.traceHash, result);
  return {
    file: path,
    checker: file.checker,
    reconciler: modulePath,
    reproduced: violations.some((v) => v.checker === file.checker),
    violated: violations.length > 0,
    traceHash: result.traceHash,
    recordedTraceHash: file.traceHash,
    recordedHashVersion: recorded.version,
    hashMatches: recorded.matches,
    violations,
    otherViolations: violations.filter((v) => v.checker !== file.checker),
  };
}

function hashNote(outcome: ReplayOutcome, overridden: boolean): string {
  if (outcome.recordedHashVersion === 'v1') {
    // Said once, on the hash line: the file predates v2, so its hash is checked against the run's JSONL text instead.
    const verdict = outcome.hashMatches ? 'the same trace' : overridden ? 'another trace (another reconciler ran)' : 'a DIFFERENT trace: engine or simulator changed';
    return `(the file was recorded with trace hash v1, ${outcome.recordedTraceHash}, the sha256 of the JSONL text; recomputed as v1 for this run: ${verdict}; re-record the file with its command to store a v2 hash)`;
  }
  if (outcome.hashMatches) return '(matches the recording)';
  if (overridden) return `(the recording, ${outcome.recordedTraceHash}, ran another reconciler)`;
  return `(DIFFERS from the recorded ${outcome.recordedTraceHash}: engine or simulator changed)`;
}

/** The human summary: the recorded checker first, then every other violation, or that all hold. */
export function replayText(outcome: ReplayOutcome, path: string, opts: { reconciler?: string; trace?: string; viz?: string } = {}): string {
  const first = outcome.violations.find((v) => v.checker === outcome.checker);
  const describe = (v: ReplayViolation): string => `${v.checker} at event ${v.eventIndex} (t=${v.t} µs): ${v.message}`;
  const lines = [
    `replay ${path} (reconciler ${outcome.reconciler})`,
    `  trace hash ${outcome.traceHash} ${hashNote(outcome, opts.reconciler !== undefined)}`,
    // The recorded violation first: it is what the file is about.
    first ? `  ${outcome.checker} still violated (the recorded violation still happens) at event ${first.eventIndex} (t=${first.t} µs): ${first.message}` : `  ${outcome.checker} no longer violated (the recorded violation no longer happens)`,
  ];
  if (outcome.otherViolations.length > 0) {
    lines.push(`  ${outcome.otherViolations.length} other violation(s):`);
    for (const v of outcome.otherViolations) lines.push(`  - ${describe(v)}`);
  } else {
    lines.push(`  every other checker holds`);
  }
  lines.push(outcome.violated ? '  VIOLATED (exit 1)' : '  every checker holds (exit 0)');
  if (opts.trace) lines.push(`  trace: ${opts.trace}`);
  if (opts.viz) lines.push(`  visualizer: ${opts.viz}`);
  return `${lines.join('\n')}\n`;
}

export function registerReplay(program: Command): void {
  program
    .command('replay <file>')
    .description('re-run a replay file exactly (or a scenario file, judged against its expectations), judged by every checker; exit 1 on any violation')
    .option('--trace <out.jsonl>', 'write the trace')
    .option('--json', 'print one JSON object')
    .option('--reconciler <module>', "replay against this reconciler module ('default' for the built-in one) instead of the recorded one")
    .option('--reconciler-options <file>', `${RECONCILER_OPTIONS_HELP}; instead of the options the replay file recorded`)
    .option('--viz <report.html>', 'write a self-contained HTML visualizer of the replayed run')
    .option('--stamp-mode <mode>', 'scenario files only: hlc | wall instead of the mode the file names')
    .option('--perfetto <file.json>', 'write the trace in the Chrome trace event format (open it in ui.perfetto.dev)')
    .action(async (path: string, opts: { trace?: string; json?: boolean; reconciler?: string; reconcilerOptions?: string; viz?: string; stampMode?: string; perfetto?: string }) => {
      // A scenario file (name, description, expectViolations) is judged against its own expectations.
      if (looksLikeScenario(readDataFile(path, { label: 'replay', what: 'replay or scenario file' }))) {
        if (opts.perfetto !== undefined) throw new UsageError(`replay: --perfetto: applies to replay files only for now; ${path} is a scenario file (use --trace and --viz)`);
        const scenario = await runScenarioFile(path, opts, 'replay');
        process.stdout.write(scenario.text);
        process.exitCode = scenario.exitCode;
        return;
      }
      if (opts.stampMode !== undefined) throw new UsageError(`replay: --stamp-mode: applies to scenario files only; ${path} is a replay file, which records the stamp mode it broke in`);
      const outcome = await replayFile(path, opts.trace, opts.reconciler, opts.viz, opts.perfetto, reconcilerOptionsFlag('replay', opts.reconcilerOptions));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(outcome)}\n`);
      } else {
        process.stdout.write(replayText(outcome, path, opts));
      }
      process.exitCode = outcome.violated ? 1 : 0;
    });
}
