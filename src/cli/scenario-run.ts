/**
 * `sync-lab run <scenario>` and `sync-lab replay <scenario>`: one scenario file (simulations/**.yaml
 * or .json) run directly, judged by every checker, with its verdict against its own
 * `expectViolations` (exact, both ways: `judgeScenario`). Exit 0 when the run matches what the file
 * expects, 1 when it does not, 2 on a bad file or flag. `--stamp-mode` overrides the file's stamp
 * mode for this run (the verdict then says so: the expectations were written for the file's mode).
 */
import { resolve } from 'node:path';
import { canonicalJson } from '../core/canonical.ts';
import { judgeScenario, loadScenario } from '../explore/scenario-file.ts';
import type { ScenarioVerdict } from '../explore/scenario-file.ts';
import { runCheckedAsync } from '../lab/run-checked.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { unsupportedSyncPolicy } from '../sim/engine-fit.ts';
import type { Violation } from '../trace/events.ts';
import { errorText } from '../io/error-text.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { reconcilerOptionsFlag } from './flags.ts';
import { UsageError } from '../io/usage-error.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { writeVizHtml } from '../report/viz-html.ts';

export interface ScenarioRunFlags {
  stampMode?: string;
  reconciler?: string;
  /** The --reconciler module's own options file. */
  reconcilerOptions?: string;
  trace?: string;
  viz?: string;
  json?: boolean;
}

export interface ScenarioRunReport {
  scenario: string;
  file: string;
  description: string;
  stampMode: SimOptions['stampMode'];
  /** The file's stamp mode was replaced by `--stamp-mode`. */
  stampModeOverridden: boolean;
  reconciler: string;
  seed: number;
  traceHash: string;
  events: number;
  converged: boolean;
  verdict: ScenarioVerdict;
  violations: Violation[];
}

export interface ScenarioRunOutcome {
  exitCode: 0 | 1;
  report: ScenarioRunReport;
  text: string;
}

/** Runs one scenario file; `command` ('run' or 'replay') labels every error message. */
export async function runScenarioFile(path: string, flags: ScenarioRunFlags, command = 'run'): Promise<ScenarioRunOutcome> {
  if (flags.trace !== undefined) checkOutputPath(`${command}: --trace`, flags.trace, 'file');
  if (flags.viz !== undefined) checkOutputPath(`${command}: --viz`, flags.viz, 'file');
  for (const [flag, output] of [['--trace', flags.trace], ['--viz', flags.viz]] as const) {
    if (output !== undefined && resolve(output) === resolve(path)) throw new UsageError(`${command}: ${flag} ${output}: is the scenario file itself; choose another output file`);
  }
  if (flags.trace !== undefined && flags.viz !== undefined && resolve(flags.trace) === resolve(flags.viz)) {
    throw new UsageError(`${command}: --trace and --viz name the same file (${flags.viz}); give each its own`);
  }
  const scenario = loadScenario(path);
  let options = scenario.options;
  const overridden = flags.stampMode !== undefined && flags.stampMode !== options.stampMode;
  if (flags.stampMode !== undefined) {
    try {
      options = resolveSimOptions({ ...options, stampMode: flags.stampMode }, `${command}: --stamp-mode`);
    } catch (error) {
      if (error instanceof OptionsError) throw new UsageError(`${command}: --stamp-mode ${flags.stampMode}: expected hlc or wall`);
      throw error;
    }
  }
  const reconciler = await loadReconciler(flags.reconciler, undefined, reconcilerOptionsFlag(command, flags.reconcilerOptions));
  const unsupported = unsupportedSyncPolicy(options, reconciler);
  if (unsupported !== null) throw new UsageError(`${command}: ${flags.reconciler ?? 'default'}: ${unsupported}`);
  const result = await runCheckedAsync({ options, schedule: scenario.schedule, reconciler });
  const verdict = judgeScenario(scenario, result.violations, result.trace);
  if (flags.trace !== undefined) {
    try {
      writeTextAtomic(flags.trace, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    } catch (error) {
      throw new UsageError(`${command}: --trace ${flags.trace}: cannot write: ${errorText(error)}`);
    }
  }
  if (flags.viz !== undefined) {
    try {
      await writeVizHtml({ trace: result.trace, violations: result.violations, outPath: flags.viz, title: `${scenario.name} (${options.stampMode})` });
    } catch (error) {
      throw new UsageError(`${command}: --viz ${flags.viz}: cannot write: ${errorText(error)}`);
    }
  }
  const report: ScenarioRunReport = {
    scenario: scenario.name,
    file: path,
    description: scenario.description,
    stampMode: options.stampMode,
    stampModeOverridden: overridden,
    reconciler: reconciler.name,
    seed: options.seed,
    traceHash: result.traceHash,
    events: result.trace.length,
    converged: result.converged,
    verdict,
    violations: result.violations,
  };
  const text = flags.json ? `${JSON.stringify(report)}\n` : scenarioText(report, flags);
  return { exitCode: verdict.status === 'pass' ? 0 : 1, report, text };
}

export function scenarioText(r: ScenarioRunReport, flags: ScenarioRunFlags = {}): string {
  const lines = [
    `scenario ${r.scenario} (${r.file}), ${r.stampMode} stamps${r.stampModeOverridden ? ' (overridden by --stamp-mode; the file expects its own mode)' : ''}, reconciler ${r.reconciler}`,
    `  ${r.description.trim().split('\n')[0]}`,
    `  ${r.events} events, trace hash ${r.traceHash}, ${r.converged ? 'converged' : 'did NOT converge'}`,
    `  expected violations: ${r.verdict.expected.length ? r.verdict.expected.join(', ') : 'none'}; found: ${r.verdict.found.length ? r.verdict.found.join(', ') : 'none'}`,
  ];
  for (const v of r.violations) lines.push(`  - ${v.checker} at event ${v.eventIndex} (t=${v.t} µs): ${v.message}`);
  if (flags.trace) lines.push(`  trace written to ${flags.trace}`);
  if (flags.viz) lines.push(`  visualizer written to ${flags.viz}`);
  lines.push(r.verdict.status === 'pass' ? '  PASS: the run matches what the scenario expects (exit 0)' : `  FAIL: ${r.verdict.why} (exit 1)`);
  return `${lines.join('\n')}\n`;
}

/** A replay file records the checker it broke and a trace hash; a scenario file has neither. */
export function looksLikeScenario(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const o = data as Record<string, unknown>;
  return !('checker' in o) && !('traceHash' in o) && ('name' in o || 'description' in o || 'expectViolations' in o);
}
