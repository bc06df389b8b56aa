/**
 * npm run mutation:gaps [-- --seeds n] [report.json ...]: the survivors of a cheaper measurement that
 * scripts/mutation/survivor-reasons.json calls a gap or masked (or explains not at all), run again
 * with a larger exploration. `npm run mutation:per-file` measures the whole scope at MUTATION_SEEDS (200 for
 * time); seeds are numbered from 1 and deterministic, so a mutant killed by n seeds is killed by every
 * larger run and only the survivors can change: re-running them at the default 1,000 seeds
 * (tests/mutation/run-size.ts) gives the score of a 1,000-seed run of the whole scope.
 *
 * Reads the reports (default: reports/mutation/files/*.json), runs one Stryker run over the lines of
 * those survivors (`--mutate file:line-line`, the killed mutants of those lines with them), and writes
 * each report to reports/mutation/files-rerun/ with every re-run survivor the larger run detected
 * marked as such (its statusReason says at how many seeds). `npm run mutation:summary --
 * reports/mutation/files-rerun/*.json` then scores them. Equivalent survivors are not run again: their
 * reason says why no exploration can tell them apart. Masked ones are (since stop 23): they count
 * against the score of the non-equivalent, and a mutant killed at a former measurement but surviving
 * 200 seeds of a changed lab is labelled by an old reason; the larger run says which were not masked. Exit 2 on bad arguments or no
 * report, 3 when Stryker fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DETECTED, UNDETECTED, loadReasons, reasonOf, treePath } from './reasons.ts';
import type { Mutant, Reason, Report } from './reasons.ts';

/** `file:line-line` Stryker mutate ranges covering every gap, masked or unexplained survivor of the reports, one per line. */
export function gapRanges(reports: readonly Report[], reasons: readonly Reason[]): string[] {
  const ranges = new Set<string>();
  for (const report of reports) {
    for (const [name, { mutants }] of Object.entries(report.files)) {
      const file = treePath(name);
      for (const m of mutants) {
        if (!UNDETECTED.has(m.status)) continue;
        const verdict = reasonOf(reasons, file, m)?.verdict;
        if (verdict !== 'equivalent') ranges.add(`${file}:${m.location.start.line}-${m.location.start.line}`);
      }
    }
  }
  return [...ranges].sort();
}

const keyOf = (file: string, m: Mutant): string => [file, m.location.start.line, m.location.start.column, m.mutatorName, m.replacement ?? ''].join('\u0000');

/**
 * The report with every undetected mutant that the re-run detected marked with the re-run's status
 * (`Killed` or `Timeout`) and a statusReason naming the seeds; the count of re-run survivors and of
 * those detected. A mutant the re-run did not contain is left as it was.
 */
export function mergeRerun(report: Report, rerun: Report, seeds: number): { report: Report; rerun: number; detected: number } {
  const statusOf = new Map<string, string>();
  for (const [name, { mutants }] of Object.entries(rerun.files)) for (const m of mutants) statusOf.set(keyOf(treePath(name), m), m.status);
  let rerunCount = 0;
  let detected = 0;
  const files: Report['files'] = {};
  for (const [name, entry] of Object.entries(report.files)) {
    const file = treePath(name);
    const mutants = entry.mutants.map((m) => {
      const status = UNDETECTED.has(m.status) ? statusOf.get(keyOf(file, m)) : undefined;
      if (status === undefined) return m;
      rerunCount++;
      if (!DETECTED.has(status)) return m;
      detected++;
      return { ...m, status, statusReason: `detected when run again at ${seeds} seeds (${m.status} in the first measurement)` };
    });
    files[name] = { ...entry, mutants };
  }
  return { report: { ...report, files }, rerun: rerunCount, detected };
}

function fail(message: string, code: number): never {
  process.stderr.write(`mutation:gaps: ${message}\n`);
  process.exit(code);
}

function main(argv: readonly string[]): void {
  let seeds = 1000;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--seeds') {
      const value = argv[++i];
      if (value === undefined || !/^[1-9][0-9]*$/.test(value)) fail(`--seeds: expected a whole number of seeds >= 1, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`, 2);
      seeds = Number(value);
    } else if (arg.startsWith('-')) fail(`unknown option ${arg} (expected --seeds n and report paths)`, 2);
    else paths.push(arg);
  }
  const dir = 'reports/mutation/files';
  if (paths.length === 0 && existsSync(dir)) paths.push(...readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)));
  if (paths.length === 0) fail(`no report: run npm run mutation:per-file first, or name the reports`, 2);
  const reports = paths.map((p) => {
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as Report;
    } catch (error) {
      return fail(`${p}: not a readable Stryker JSON report (${error instanceof Error ? error.message : String(error)})`, 2);
    }
  });
  const ranges = gapRanges(reports, loadReasons());
  const outDir = 'reports/mutation/files-rerun';
  mkdirSync(outDir, { recursive: true });
  let rerun: Report = { files: {} };
  if (ranges.length > 0) {
    process.stdout.write(`mutation:gaps: ${ranges.length} line(s) with gap, masked or unexplained survivors, run again at ${seeds} seeds\n`);
    const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.json', '--mutate', ranges.join(','), '--reporters', 'json,clear-text,progress'], {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_SEEDS: String(seeds) },
    });
    if (run.status !== 0) fail(`stryker failed (exit ${String(run.status)}); nothing written`, 3);
    const rerunPath = 'reports/mutation/mutation.json';
    rerun = JSON.parse(readFileSync(rerunPath, 'utf8')) as Report;
    renameSync(rerunPath, join(outDir, '.rerun.json'));
  }
  let total = 0;
  let detected = 0;
  for (const [i, report] of reports.entries()) {
    const merged = mergeRerun(report, rerun, seeds);
    total += merged.rerun;
    detected += merged.detected;
    writeFileSync(join(outDir, basename(paths[i]!)), JSON.stringify(merged.report));
  }
  process.stdout.write(`mutation:gaps: ${total} survivor(s) run again at ${seeds} seeds, ${detected} detected; reports in ${outDir}/ (npm run mutation:summary -- ${outDir}/*.json)\n`);
}

if (process.argv[1] !== undefined && basename(process.argv[1]).startsWith('rerun-gaps')) main(process.argv.slice(2));
