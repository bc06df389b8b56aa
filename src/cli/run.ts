/**
 * `sync-lab run`: one seeded simulation with every checker on. Prints a summary (or exactly one JSON
 * object with --json), each violation with the command that reproduces it, and exits 0 when every
 * property holds, 1 on a violation, 2 on bad input.
 */
import type { Command } from 'commander';
import { checkDeterminism } from '../lab/determinism.ts';
import { runChecked } from '../lab/run-checked.ts';
import { canonicalJson } from '../core/canonical.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import type { RunSummary } from '../trace/events.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { readDataFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { resolve } from 'node:path';
import { writeVizHtml } from '../report/viz-html.ts';
import { junitOfRun, writeJUnit } from '../report/junit.ts';
import { writePerfetto } from '../report/perfetto.ts';
import { errorText } from '../io/error-text.ts';

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
  trace?: string;
  /** Write a self-contained HTML visualizer of the run here. */
  viz?: string;
  /** Write the result as JUnit XML (one test case: the seed). */
  junit?: string;
  /** Write the trace in the Chrome trace event format (opens in the Perfetto UI). */
  perfetto?: string;
  json?: boolean;
  checkDeterminism?: boolean;
}

/** The run summary of the trace format plus what the command adds for the person reading it. */
export interface RunReport extends RunSummary {
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
    return resolveSimOptions({ ...(fromFile as Record<string, unknown>), ...overrides }, flags.options ? `${flags.options} + flags` : source);
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
  const options = resolveRunOptions(flags);
  // The seam for `--reconciler <module>`: the loader validates the module (exit 2 on a bad one).
  const reconciler = await loadReconciler(flags.reconciler);
  const started = process.hrtime.bigint();
  const result = runChecked({ options, reconciler });
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
  return { exitCode: violations.length > 0 ? 1 : 0, report, text };
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
  if (r.violations.length === 0) {
    lines.push('  all properties hold');
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
    .command('run')
    .description('run one seeded simulation with every checker on; exit 1 on a violation')
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
    .option('--trace <out.jsonl>', 'write the trace (canonical JSON lines), atomically')
    .option('--viz <report.html>', 'write a self-contained HTML visualizer of the run, atomically')
    .option('--junit <file.xml>', 'write the result as JUnit XML (one test case: the seed), atomically')
    .option('--perfetto <file.json>', 'write the trace in the Chrome trace event format (open it in ui.perfetto.dev), atomically')
    .option('--check-determinism', 'run twice and compare trace hashes')
    .option('--json', 'print exactly one JSON object')
    .action(async (flags: RunFlags) => {
      const outcome = await executeRun(flags);
      process.stdout.write(outcome.text);
      process.exitCode = outcome.exitCode;
    });
}
