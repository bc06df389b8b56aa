/**
 * `sync-lab run`: one seeded simulation with every checker on. Prints a summary (or exactly one JSON
 * object with --json), each violation with the command that reproduces it, and exits 0 when every
 * property holds, 1 on a violation, 2 on bad input.
 */
import type { Command } from 'commander';
import { checkDeterminism } from '../lab/determinism.ts';
import { runCheckedAsync } from '../lab/run-checked.ts';
import { canonicalJson } from '../core/canonical.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import type { RunSummary, ScheduleSkipEvent } from '../trace/events.ts';
import { skipLine } from '../explore/scenario-file.ts';
import type { Hazard } from '../check/index.ts';
import { notJudgedBy } from '../check/index.ts';
import { backupsForEngine, declaresNoAdmin, unsupportedSyncPolicy } from '../sim/engine-fit.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { RECONCILER_OPTIONS_HELP, reconcilerOptionsFlag } from './flags.ts';
import { readDataFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { resolve } from 'node:path';
import { writeVizHtml } from '../report/viz-html.ts';
import { junitOfRun, writeJUnit } from '../report/junit.ts';
import { writePerfetto } from '../report/perfetto.ts';
import { errorText } from '../io/error-text.ts';
import { looksLikeScenario, runScenarioFile } from './scenario-run.ts';
import { replayFile, replayText } from './replay.ts';

export interface RunFlags {
  seed?: string;
  devices?: string;
  durationMs?: string;
  stampMode?: string;
  options?: string;
  lossPercent?: string;
  latencyMs?: string;
  crashesPerHour?: string;
  clockOffsetMaxMs?: string;
  reconciler?: string;
  /** The --reconciler module's own options file. */
  reconcilerOptions?: string;
  trace?: string;
  /** Write a self-contained HTML visualizer of the run here. */
  viz?: string;
  /** Write the result as JUnit XML (one test case: the seed). */
  junit?: string;
  /** Write the trace in the Chrome trace event format (opens in the Perfetto UI). */
  perfetto?: string;
  json?: boolean;
  checkDeterminism?: boolean;
  /** The future-stamp hazard's bound (ms); default 5 minutes. */
  futureStampBoundMs?: string;
  /** Hazards fail the run (exit 1) like violations. */
  strictHazards?: boolean;
}

/** The run summary of the trace format plus what the command adds for the person reading it. */
export interface RunReport extends RunSummary {
  /**
   * Schedule events that could not take effect, with their reasons (`schedule-skip` trace events).
   * A seeded run draws a random schedule, so skips are expected there: shown, never a failure.
   */
  skips: Pick<ScheduleSkipEvent, 'device' | 'action' | 'ref' | 'atMs' | 'code' | 'reason'>[];
  /** Lifecycle events the device models refused (`lifecycle-reject` trace events). */
  lifecycleRejections: number;
  /**
   * Hazards (future-stamp): allowed by the contract, so listed apart from violations and not failing
   * the run, unless `--strict-hazards`.
   */
  hazards: Hazard[];
  /** Checkers an engine's own protocol keeps from judging this run, with the reason (absent when none): never a pass. */
  notJudged?: { checker: string; reason: string }[];
  /** Defaulted options the run changed for this engine, with why (absent when none): backups for an engine without them. */
  notRun?: string[];
  stampMode: SimOptions['stampMode'];
  reconciler: string;
  deterministic: boolean | null;
  reproduce: string;
}

export interface RunOutcome {
  exitCode: 0 | 1;
  report: RunReport;
  /** What the command prints on stdout. */
  text: string;
}

function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`run: ${name}: expected a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function readOptionsFile(path: string): unknown {
  return readDataFile(path, { label: 'run: --options', what: 'options file' });
}

/** Options file first, then flags on top; everything through the one strict schema. */
export function resolveRunOptions(flags: RunFlags): SimOptions {
  return readRunOptions(flags).options;
}

/** The run's options, and the options file's own fields (what the user asked for, not defaulted). */
function readRunOptions(flags: RunFlags): { options: SimOptions; fileFields: Set<string> } {
  const fromFile = flags.options === undefined ? {} : readOptionsFile(flags.options);
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new UsageError(`run: --options ${flags.options}: expected an object of simulation options`);
  }
  const overrides: Record<string, unknown> = {};
  const put = (field: string, value: unknown): void => {
    if (value !== undefined) overrides[field] = value;
  };
  put('seed', integerFlag('--seed', flags.seed));
  put('devices', integerFlag('--devices', flags.devices));
  put('durationMs', integerFlag('--duration-ms', flags.durationMs));
  put('stampMode', flags.stampMode);
  put('lossPercent', integerFlag('--loss-percent', flags.lossPercent));
  put('crashesPerHour', integerFlag('--crashes-per-hour', flags.crashesPerHour));
  put('clockOffsetMaxMs', integerFlag('--clock-offset-max-ms', flags.clockOffsetMaxMs));
  const latency = integerFlag('--latency-ms', flags.latencyMs);
  if (latency !== undefined) {
    put('latencyMinMs', latency);
    put('latencyMaxMs', latency);
  }
  const source = flags.options ?? 'command-line flags';
  try {
    // The file alone first, so an error in it names the file rather than the merge.
    resolveSimOptions(fromFile, source);
    const options = resolveSimOptions({ ...(fromFile as Record<string, unknown>), ...overrides }, flags.options ? `${flags.options} + flags` : source);
    return { options, fileFields: new Set(Object.keys(fromFile)) };
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
}

/** The shell command that reruns exactly this run (all resolved options in one file would be longer; flags differing from defaults suffice). */
export function reproduceCommand(flags: RunFlags, options: SimOptions): string {
  const parts = ['npx sync-lab run', `--seed ${options.seed}`];
  if (flags.options) parts.push(`--options ${flags.options}`);
  const flagged: [keyof RunFlags, string][] = [
    ['devices', '--devices'],
    ['durationMs', '--duration-ms'],
    ['stampMode', '--stamp-mode'],
    ['lossPercent', '--loss-percent'],
    ['latencyMs', '--latency-ms'],
    ['crashesPerHour', '--crashes-per-hour'],
    ['clockOffsetMaxMs', '--clock-offset-max-ms'],
    ['reconciler', '--reconciler'],
    ['reconcilerOptions', '--reconciler-options'],
  ];
  for (const [key, flag] of flagged) if (flags[key] !== undefined) parts.push(`${flag} ${String(flags[key])}`);
  return parts.join(' ');
}

export async function executeRun(flags: RunFlags): Promise<RunOutcome> {
  // Output paths are checked before the run: a bad one costs nothing.
  if (flags.trace !== undefined) checkOutputPath('run: --trace', flags.trace, 'file');
  if (flags.viz !== undefined) checkOutputPath('run: --viz', flags.viz, 'file');
  if (flags.junit !== undefined) checkOutputPath('run: --junit', flags.junit, 'file');
  if (flags.perfetto !== undefined) checkOutputPath('run: --perfetto', flags.perfetto, 'file');
  const outputs = [['--trace', flags.trace], ['--viz', flags.viz], ['--junit', flags.junit], ['--perfetto', flags.perfetto]] as const;
  for (const [i, [flag, output]] of outputs.entries()) {
    const same = outputs.slice(i + 1).find(([, other]) => output !== undefined && other !== undefined && resolve(other) === resolve(output));
    if (same) throw new UsageError(`run: ${flag} and ${same[0]} name the same file (${output}); give each its own`);
  }
  for (const [flag, output] of outputs) {
    if (output !== undefined && flags.options !== undefined && resolve(output) === resolve(flags.options)) {
      throw new UsageError(`run: ${flag} ${output}: is the --options file itself; choose another output file`);
    }
  }
  const { options: asked, fileFields } = readRunOptions(flags);
  // The seam for `--reconciler <module>`: the loader validates the module (exit 2 on a bad one).
  const reconciler = await loadReconciler(flags.reconciler, undefined, reconcilerOptionsFlag('run', flags.reconcilerOptions));
  const unsupported = unsupportedSyncPolicy(asked, reconciler);
  if (unsupported !== null) throw new UsageError(`run: ${flags.reconciler ?? 'default'}: ${unsupported}`);
  const backups = backupsForEngine(asked, reconciler, fileFields.has('backupsPerHour'));
  if (backups.refusal !== undefined) throw new UsageError(`run: ${flags.options ?? 'options'}: ${backups.refusal}`);
  // Off by default, so only an options file asks for admin actions: refused for an engine that declares none.
  if (declaresNoAdmin(reconciler) && asked.adminActionsPerHour > 0) {
    throw new UsageError(`run: ${flags.options ?? 'options'}: field "adminActionsPerHour": engine ${reconciler.name} declares its remote actions (${reconciler.capabilities?.remoteActions?.join(', ') || 'none'}) and admin is not one of them, so every admin action asked of it would be refused; expected 0, or an engine that declares admin`);
  }
  if (declaresNoAdmin(reconciler) && asked.accountDeletionPercent > 0) {
    throw new UsageError(`run: ${flags.options ?? 'options'}: field "accountDeletionPercent": engine ${reconciler.name} declares its remote actions (${reconciler.capabilities?.remoteActions?.join(', ') || 'none'}) and admin is not one of them, so the epilogue's account deletion would be refused; expected 0, or an engine that declares admin`);
  }
  const options = backups.options;
  const started = process.hrtime.bigint();
  const boundMs = integerFlag('--future-stamp-bound-ms', flags.futureStampBoundMs);
  if (boundMs !== undefined && !(Number.isInteger(boundMs) && boundMs > 0)) throw new UsageError(`run: --future-stamp-bound-ms: expected a positive whole number of ms, got ${flags.futureStampBoundMs}`);
  const result = await runCheckedAsync({ options, reconciler, ...(boundMs === undefined ? {} : { hazards: { futureStampBoundMs: boundMs } }) });
  const notJudged = notJudgedBy(result.trace);
  const wallMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const violations = [...result.violations];
  let deterministic: boolean | null = null;
  if (flags.checkDeterminism) {
    const check = checkDeterminism({ options, reconciler }, result);
    deterministic = check.deterministic;
    if (check.violation) violations.push(check.violation);
  }
  if (flags.trace) {
    try {
      writeTextAtomic(flags.trace, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    } catch (error) {
      throw new UsageError(`run: --trace ${flags.trace}: cannot write: ${errorText(error)}`);
    }
  }
  if (flags.viz) {
    try {
      await writeVizHtml({ trace: result.trace, violations, outPath: flags.viz, title: `seed ${options.seed} (${options.stampMode})` });
    } catch (error) {
      throw new UsageError(`run: --viz ${flags.viz}: cannot write: ${errorText(error)}`);
    }
  }
  if (flags.perfetto) {
    try {
      writePerfetto(flags.perfetto, result.trace);
    } catch (error) {
      throw new UsageError(`run: --perfetto ${flags.perfetto}: cannot write: ${errorText(error)}`);
    }
  }
  const report: RunReport = {
    seed: options.seed,
    traceHash: result.traceHash,
    events: result.trace.length,
    simulatedMs: result.simulatedMs,
    wallMs,
    converged: result.converged,
    convergedAtMs: result.summary.convergedAtMs,
    stampMode: options.stampMode,
    reconciler: reconciler.name,
    deterministic,
    violations,
    skips: result.trace.filter((e): e is ScheduleSkipEvent => e.kind === 'schedule-skip').map(({ device, action, ref, atMs, code, reason }) => ({ device, action, ...(ref === undefined ? {} : { ref }), atMs, code, reason })),
    lifecycleRejections: result.trace.filter((e) => e.kind === 'lifecycle-reject').length,
    hazards: result.hazards,
    ...(notJudged.length > 0 ? { notJudged } : {}),
    ...(backups.notice !== undefined ? { notRun: [backups.notice] } : {}),
    reproduce: reproduceCommand(flags, options),
  };
  if (flags.junit) {
    try {
      writeJUnit(flags.junit, junitOfRun(report));
    } catch (error) {
      throw new UsageError(`run: --junit ${flags.junit}: cannot write: ${errorText(error)}`);
    }
  }
  const text = flags.json ? `${JSON.stringify(report)}\n` : humanReport(report, flags);
  const failing = violations.length > 0 || (flags.strictHazards === true && result.hazards.length > 0);
  return { exitCode: failing ? 1 : 0, report, text };
}

/** Flags that shape a seeded world: a scenario file fixes the world itself, so they are refused with one. */
const WORLD_FLAGS: [keyof RunFlags, string][] = [
  ['seed', '--seed'],
  ['devices', '--devices'],
  ['durationMs', '--duration-ms'],
  ['options', '--options'],
  ['lossPercent', '--loss-percent'],
  ['latencyMs', '--latency-ms'],
  ['crashesPerHour', '--crashes-per-hour'],
  ['clockOffsetMaxMs', '--clock-offset-max-ms'],
  ['checkDeterminism', '--check-determinism'],
];

/** `run <scenario>`: the file's options and schedule, judged against its expectations. */
export async function executeScenarioRun(path: string, flags: RunFlags): Promise<{ exitCode: 0 | 1; text: string }> {
  for (const [key, flag] of WORLD_FLAGS) {
    if (flags[key] !== undefined) throw new UsageError(`run: ${flag}: cannot be combined with a scenario file (${path}), whose options and schedule fix the run; expected only --stamp-mode, --reconciler, --reconciler-options, --trace, --viz, --json`);
  }
  const data = readDataFile(path, { label: 'run', what: 'scenario file' });
  // A replay file (simulations/regressions/) is a scenario too: it runs as `replay` would run it.
  if (!looksLikeScenario(data) && typeof data === 'object' && data !== null && 'checker' in data) {
    if (flags.stampMode !== undefined) throw new UsageError(`run: --stamp-mode: applies to scenario files only; ${path} is a replay file, which records the stamp mode it broke in`);
    const outcome = await replayFile(path, flags.trace, flags.reconciler, flags.viz, undefined, reconcilerOptionsFlag('run', flags.reconcilerOptions));
    return { exitCode: outcome.violated ? 1 : 0, text: flags.json ? `${JSON.stringify(outcome)}\n` : replayText(outcome, path, flags) };
  }
  return runScenarioFile(path, flags, 'run');
}

function humanReport(r: RunReport, flags: RunFlags): string {
  const lines = [
    `sync-lab run: seed ${r.seed}, ${r.stampMode} stamps, reconciler ${r.reconciler}`,
    `  ${r.events} events, ${r.simulatedMs} simulated ms in ${r.wallMs} wall ms`,
    `  trace hash ${r.traceHash}`,
    `  ${r.converged ? `converged at ${r.convergedAtMs} ms` : 'did NOT converge'}`,
  ];
  if (r.deterministic !== null) lines.push(`  determinism: ${r.deterministic ? 'same trace hash on a second run' : 'DIFFERENT trace hash on a second run'}`);
  if (flags.trace) lines.push(`  trace written to ${flags.trace}`);
  if (flags.viz) lines.push(`  visualizer written to ${flags.viz}`);
  lines.push(...skipLines(r));
  lines.push(...hazardLines(r, flags));
  for (const n of r.notJudged ?? []) lines.push(`  NOT judged: ${n.checker}: ${n.reason}`);
  for (const n of r.notRun ?? []) lines.push(`  NOT run: ${n}`);
  if (r.violations.length === 0) {
    lines.push(r.notJudged?.length ? `  every judged property holds (${r.notJudged.length} not judged)` : '  all properties hold');
  } else {
    lines.push(`  ${r.violations.length} violation(s):`);
    for (const v of r.violations) {
      lines.push(`  - ${v.checker} at event ${v.eventIndex} (t=${v.t} µs)${v.devices.length ? ` devices ${v.devices.join(',')}` : ''}${v.records.length ? ` records ${v.records.join(',')}` : ''}`);
      lines.push(`      ${v.message}`);
    }
    lines.push(`  reproduce: ${r.reproduce}${flags.trace ? ` --trace ${flags.trace}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function registerRun(program: Command): void {
  program
    .command('run [scenario]')
    .description('run one seeded simulation with every checker on, or a scenario file (YAML or JSON) judged against its expectations; exit 1 on a violation (or a scenario verdict that fails)')
    .option('--seed <n>', 'root seed')
    .option('--devices <n>', 'number of devices')
    .option('--duration-ms <ms>', 'length of the fault phase (simulated ms)')
    .option('--stamp-mode <mode>', 'hlc | wall')
    .option('--options <file>', 'simulation options (YAML or JSON); flags override it')
    .option('--loss-percent <p>', 'message loss, 0-100')
    .option('--latency-ms <ms>', 'fixed one-way latency (sets latencyMinMs and latencyMaxMs)')
    .option('--crashes-per-hour <n>', 'device crashes per device per simulated hour')
    .option('--clock-offset-max-ms <ms>', 'largest initial device clock offset')
    .option('--reconciler <module>', 'a module exporting a ReconcilerModule (default: the built-in one)')
    .option('--reconciler-options <file>', RECONCILER_OPTIONS_HELP)
    .option('--trace <out.jsonl>', 'write the trace (canonical JSON lines), atomically')
    .option('--viz <report.html>', 'write a self-contained HTML visualizer of the run, atomically')
    .option('--junit <file.xml>', 'write the result as JUnit XML (one test case: the seed), atomically')
    .option('--perfetto <file.json>', 'write the trace in the Chrome trace event format (open it in ui.perfetto.dev), atomically')
    .option('--check-determinism', 'run twice and compare trace hashes')
    .option('--future-stamp-bound-ms <ms>', 'how far ahead of true time a committed stamp may run before it is a future-stamp hazard (default 300000)')
    .option('--strict-hazards', 'exit 1 on a hazard too (hazards are listed apart from violations and do not fail a run by default)')
    .option('--json', 'print exactly one JSON object')
    .action(async (scenario: string | undefined, flags: RunFlags) => {
      const outcome = scenario === undefined ? await executeRun(flags) : await executeScenarioRun(scenario, flags);
      process.stdout.write(outcome.text);
      process.exitCode = outcome.exitCode;
    });
}

const SKIP_LINES_SHOWN = 10;

/** The skipped schedule events: a count by code, then the first few with their reasons. */
function skipLines(r: RunReport): string[] {
  const rejected = r.lifecycleRejections > 0 ? `; ${r.lifecycleRejections} lifecycle event(s) refused by the device models` : '';
  if (r.skips.length === 0) return [`  no schedule events skipped${rejected}`];
  const byCode = new Map<string, number>();
  for (const s of r.skips) byCode.set(s.code, (byCode.get(s.code) ?? 0) + 1);
  const lines = [`  ${r.skips.length} schedule event(s) skipped (${[...byCode].map(([code, n]) => `${code} ${n}`).join(', ')})${rejected}; not failures of a random schedule:`];
  for (const s of r.skips.slice(0, SKIP_LINES_SHOWN)) lines.push(`  - ${skipLine(s)}`);
  if (r.skips.length > SKIP_LINES_SHOWN) lines.push(`  ... and ${r.skips.length - SKIP_LINES_SHOWN} more (the schedule-skip events of the trace)`);
  return lines;
}

/** Hazards, apart from violations: allowed by the contract, shown so a reviewer sees them. */
function hazardLines(r: RunReport, flags: RunFlags): string[] {
  if (r.hazards.length === 0) return ['  no hazards'];
  const lines = [`  ${r.hazards.length} hazard(s)${flags.strictHazards ? ' (--strict-hazards: they fail this run)' : ' (not contract violations; --strict-hazards fails on them)'}:`];
  for (const h of r.hazards.slice(0, SKIP_LINES_SHOWN)) lines.push(`  - ${h.hazard} at event ${h.eventIndex} (t=${h.t} µs): ${h.message}`);
  if (r.hazards.length > SKIP_LINES_SHOWN) lines.push(`  ... and ${r.hazards.length - SKIP_LINES_SHOWN} more (run --json lists them all)`);
  return lines;
}
