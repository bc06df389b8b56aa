/**
 * `sync-lab lab` (what `npm start` runs): the main job on built-in defaults. Runs the reviewer
 * scenarios with every checker on (a trace and a self-contained visualizer page for each), a swarm
 * exploration, and the audit of the spec, and writes everything under one results folder with an
 * index page, then says where everything is.
 */
import type { Command } from 'commander';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../lab/run-checked.ts';
import { canonicalJson } from '../core/canonical.ts';
import { judgeScenario, loadScenarioDir } from '../explore/scenario-file.ts';
import { writeJsonAtomic } from '../explore/replay-file.ts';
import { runAudit } from '../report/audit.ts';
import type { AuditReport } from '../report/audit.ts';
import { writeLabIndex } from '../report/lab-index.ts';
import { writeVizHtml } from '../report/viz-html.ts';
import { runExplore } from '../explore/run-explore.ts';
import type { ExploreSummary } from '../explore/run-explore.ts';
import { makeProgress } from './progress.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { UsageError } from '../io/usage-error.ts';

const REVIEWER_DIR = fileURLToPath(new URL('../../simulations/reviewer/', import.meta.url));

export interface ScenarioOutcome {
  name: string;
  description: string;
  status: 'pass' | 'fail';
  expected: string[];
  observed: string[];
  traceHash: string;
  events: number;
  converged: boolean;
  trace: string;
  /** Self-contained visualizer page of the run. */
  viz: string;
  messages: string[];
}

export interface LabSummary {
  out: string;
  scenarios: ScenarioOutcome[];
  exploration: ExploreSummary;
  audit: AuditReport['summary'] & { report: string };
  index: string;
  ok: boolean;
}

export async function runLab(opts: { out: string; seeds: number; workers: number }, log: (line: string) => void): Promise<LabSummary> {
  rmSync(opts.out, { recursive: true, force: true });
  mkdirSync(join(opts.out, 'traces'), { recursive: true });
  mkdirSync(join(opts.out, 'viz'), { recursive: true });

  log(`lab: reviewer scenarios (${relative(process.cwd(), REVIEWER_DIR)})`);
  const scenarios: ScenarioOutcome[] = [];
  for (const scenario of loadScenarioDir(REVIEWER_DIR)) {
    const result = runChecked({ options: scenario.options, schedule: scenario.schedule });
    const { found: observed, expected, status } = judgeScenario(scenario, result.violations);
    const trace = join(opts.out, 'traces', `${scenario.name}.jsonl`);
    writeTextAtomic(trace, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    const viz = join(opts.out, 'viz', `${scenario.name}.html`);
    await writeVizHtml({ trace: result.trace, violations: result.violations, outPath: viz, title: `${scenario.name} (reviewer scenario)` });
    scenarios.push({
      name: scenario.name,
      description: scenario.description,
      status,
      expected,
      observed,
      traceHash: result.traceHash,
      events: result.trace.length,
      converged: result.converged,
      trace,
      viz,
      messages: result.violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`),
    });
    log(`  ${status === 'pass' ? 'pass' : 'FAIL'}  ${scenario.name}${observed.length ? ` (found: ${observed.join(', ')}${status === 'pass' ? ', as expected' : ''})` : ''}`);
  }

  log(`lab: exploring ${opts.seeds} seeds of the default profile on ${opts.workers} worker(s)`);
  const progress = makeProgress('lines');
  let exploration: ExploreSummary;
  try {
    exploration = await runExplore(
      { seeds: opts.seeds, from: 1, profile: 'default', workers: opts.workers, shard: { index: 0, count: 1 }, out: join(opts.out, 'explore'), shrink: true, shrinkLimit: 8, onProgress: progress.onProgress },
      log,
    );
  } finally {
    progress.stop();
  }
  log(`  ${exploration.seedsRun} seeds, ${exploration.seedsPerSecond} seeds/s, ${exploration.failures.length} violation(s)`);

  const auditDir = join(opts.out, 'audit');
  const audit = await runAudit({ out: auditDir, reconcilerLabel: 'default', log: (line) => log(`  ${line}`) });
  const a = audit.summary;
  log(`  audit: ${a.statementsPassing}/${a.statements} statements, ${a.cellsPassing}/${a.cells} parity cells, ${a.scenariosPassing}/${a.scenarios} scenarios`);

  const ok = scenarios.every((s) => s.status === 'pass') && exploration.failures.length === 0 && a.ok;
  const index = join(opts.out, 'index.html');
  const summary: LabSummary = {
    out: opts.out,
    scenarios,
    exploration: { ...exploration, hashes: {} },
    audit: { ...a, report: join(auditDir, 'audit.html') },
    index,
    ok,
  };
  writeLabIndex(index, summary);
  writeJsonAtomic(join(opts.out, 'summary.json'), summary);
  return summary;
}

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('the main job (npm start): reviewer scenarios with visualizer pages, a swarm exploration, the audit, one index page')
    .option('--out <dir>', 'results folder (replaced on every run)', 'lab-results')
    .option('--seeds <n>', 'seeds to explore', '300')
    .option('--workers <n>', 'threads running seeds: this one plus n-1 worker threads (default: the number of cores)')
    .action(async (raw: { out: string; seeds: string; workers?: string }) => {
      const seeds = Number(raw.seeds);
      if (!Number.isSafeInteger(seeds) || seeds < 1) throw new UsageError(`lab: --seeds must be a whole number >= 1, got ${raw.seeds}`);
      const workers = raw.workers === undefined ? availableParallelism() : Number(raw.workers);
      if (!Number.isSafeInteger(workers) || workers < 1) throw new UsageError(`lab: --workers must be a whole number >= 1, got ${raw.workers}`);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const summary = await runLab({ out: raw.out, seeds, workers }, log);
      const lines = [
        '',
        `sync-lab lab run: ${summary.ok ? 'all checks hold' : 'VIOLATIONS FOUND'}`,
        `  open:        ${summary.index}  (everything below, linked)`,
        `  scenarios:   ${summary.scenarios.filter((s) => s.status === 'pass').length}/${summary.scenarios.length} as expected; traces in ${join(summary.out, 'traces')}/, visualizer pages in ${join(summary.out, 'viz')}/`,
        `  exploration: ${summary.exploration.seedsRun} seeds, ${summary.exploration.failures.length} violation(s); results in ${join(summary.out, 'explore')}/`,
        `  audit:       ${summary.audit.statementsPassing}/${summary.audit.statements} statements, ${summary.audit.cellsPassing}/${summary.audit.cells} parity cells; ${summary.audit.report}`,
        `  summary:     ${join(summary.out, 'summary.json')}`,
        `  next:        npx sync-lab run --seed 42 (one run), npx sync-lab explore --seeds 5000 (a bigger swarm)`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!summary.ok) process.exitCode = 1;
    });
}
