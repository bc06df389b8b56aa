/**
 * `sync-lab audit`: maps every normative statement of the spec to evidence (parity cells, reviewer
 * scenarios, checkers over a swarm, model paths) and writes audit.md, audit.html, audit.json and the
 * traces. Exit 0: every applicable statement and cell holds (not applicable is never a failure); 1: something fails (the report says what and why);
 * 2: bad input.
 */
// @ts-nocheck

import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_AUDIT_OUT, DEFAULT_SCENARIO_DIR, DEFAULT_SWARM_SEEDS, runAudit } from '../report/audit.ts';
import { loadReconciler, reconcilerPath, DEFAULT_RECONCILER_PATH } from '../io/reconciler-loader.ts';
import { UsageError } from '../io/usage-error.ts';
import { stageOutputDir } from '../io/output-dir.ts';
import { publishAuditOut } from './audit-out.ts';
import { onInterrupt } from './interrupt.ts';
import { makeProgress } from './progress.ts';
import { checkOutputPath } from '../io/output-path.ts';
import { errorText } from '../io/error-text.ts';
import { RECONCILER_OPTIONS_HELP, reconcilerOptionsFlag } from './flags.ts';
import { junitOfAudit, writeJUnit } from '../report/junit.ts';

/** Collects --scenarios values: repeatable, each one a path or a comma-separated list of paths. */
function collectPaths(value: string, previous: string[]): string[] {
  const paths = value.split(',').map((p) => p.trim());
  if (paths.some((p) => p === '')) throw new UsageError(`audit: --scenarios ${JSON.stringify(value)}: expected file or folder paths separated by commas, found an empty one`);
  return [...previous, ...paths];
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('map every statement of the spec to evidence; write audit.md, audit.html, audit.json and traces')
    .option('--out <dir>', 'report folder: created, or replaced when an earlier audit wrote it (its .sync-lab-output marker)', DEFAULT_AUDIT_OUT)
    .option('--force', 'replace an --out folder that another sync-lab command wrote (never an unmarked one)')
    .option('--json', 'print audit.json to stdout instead of the summary')
    .option('--junit <file.xml>', 'write JUnit XML: one test case per statement, parity cell and scenario')
    .option('--reconciler <module>', 'reconciler module to audit (default: the built-in one)')
    .option('--reconciler-options <file>', RECONCILER_OPTIONS_HELP)
    .option('--scenarios <files-or-folders>', 'scenario files or folders to add to the built-in reviewer scenarios (repeatable, or a comma list)', collectPaths, [])
    .option('--only-scenarios', 'run only the --scenarios given, not the built-in reviewer scenarios')
    .option('--swarm-seeds <n>', 'swarm seeds of the default profile added to the checker evidence', String(DEFAULT_SWARM_SEEDS))
    .action(async (raw: { out: string; force?: boolean; json?: boolean; reconciler?: string; reconcilerOptions?: string; scenarios: string[]; onlyScenarios?: boolean; swarmSeeds: string; junit?: string }) => {
      if (raw.junit !== undefined) checkOutputPath('audit: --junit', raw.junit, 'file');
      const swarmSeeds = Number(raw.swarmSeeds);
      if (!Number.isSafeInteger(swarmSeeds) || swarmSeeds < 0 || swarmSeeds > 10_000) {
        throw new UsageError(`audit: --swarm-seeds must be a whole number from 0 to 10000, got ${raw.swarmSeeds}`);
      }
      if (raw.onlyScenarios && raw.scenarios.length === 0) {
        throw new UsageError('audit: --only-scenarios: expected --scenarios <files-or-folders> too (there would be no scenarios to run)');
      }
      const scenarioPaths = [...(raw.onlyScenarios ? [] : [DEFAULT_SCENARIO_DIR]), ...raw.scenarios.map((p) => resolve(p))];
      const engineOptions = reconcilerOptionsFlag('audit', raw.reconcilerOptions);
      const reconciler = await loadReconciler(raw.reconciler, undefined, engineOptions);
      const path = reconcilerPath(raw.reconciler);
      const label = path === DEFAULT_RECONCILER_PATH ? 'default' : raw.reconciler!;
      const started = performance.now();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Written into a staging sibling and moved into place at the end: a failed or interrupted audit
      // leaves the previous report as it was.
      const stage = stageOutputDir({ command: 'audit', flag: '--out', path: raw.out, ...(raw.force ? { force: true } : {}) });
      let report: Awaited<ReturnType<typeof runAudit>>;
      const removeInterruptHandler = onInterrupt('audit', makeProgress('none'));
      try {
        report = await runAudit({
          out: stage.staging,
          reconciler,
          reconcilerLabel: label,
          ...(engineOptions ? { reconcilerOptions: engineOptions.value } : {}),
          swarmSeeds,
          log,
          scenarioPaths,
        });
        publishAuditOut(stage.staging, raw.out);
        stage.commit();
      } catch (error) {
        stage.abandon();
        throw error;
      } finally {
        removeInterruptHandler();
      }
      report = { ...report, out: raw.out };
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const { summary } = report;
      if (raw.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const lines = [
          '',
          `sync-lab audit (${label}): ${summary.ok ? (summary.statementsNotApplicable + summary.cellsNotApplicable + summary.scenariosNotApplicable > 0 ? 'every applicable statement and cell holds' : 'every statement and cell holds') : 'FAILING'} in ${seconds} s`,
          `  statements: ${summary.statementsPassing}/${summary.statements} pass, ${summary.statementsNotApplicable} not applicable, ${summary.statementsWithEvidence} with all evidence present`,
          `  matrix:     ${summary.cellsPassing}/${summary.cells} pass, ${summary.cellsNotApplicable} not applicable`,
          `  scenarios:  ${summary.scenariosPassing}/${summary.scenarios} pass, ${summary.scenariosNotApplicable} not applicable`,
        ];
        for (const s of report.statements.filter((x) => x.status === 'n/a')) lines.push(`  N/A  ${s.id}: ${s.why[0] ?? ''}`);
        for (const m of report.matrix.filter((x) => x.status === 'n/a')) lines.push(`  N/A  cell ${m.capability}/${m.mode}: ${m.reasons[0] ?? ''}`);
        for (const s of report.statements.filter((x) => x.status === 'fail')) lines.push(`  FAIL ${s.id}: ${s.why[0] ?? ''}`);
        for (const m of report.matrix.filter((x) => x.status === 'fail')) lines.push(`  FAIL cell ${m.capability}/${m.mode}: ${m.reasons[0] ?? ''}`);
        lines.push(`  report:     ${raw.out}/audit.md, ${raw.out}/audit.html, ${raw.out}/audit.json (traces in ${raw.out}/traces/)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (raw.junit !== undefined) {
        try {
          writeJUnit(raw.junit, junitOfAudit(report, raw.out));
        } catch (error) {
          throw new UsageError(`audit: --junit ${raw.junit}: cannot write: ${errorText(error)}`);
        }
      }
      log(`audit: done in ${seconds} s; report in ${raw.out}/`);
      if (!summary.ok) process.exitCode = 1;
    });
}
