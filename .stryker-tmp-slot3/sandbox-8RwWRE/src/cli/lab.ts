/**
 * `sync-lab lab` (what `npm start` runs): the main job on built-in defaults. Runs the reviewer
 * scenarios with every checker on (a trace and a self-contained visualizer page for each), a swarm
 * exploration, and the audit of the spec, and writes everything under one results folder with an
 * index page, then says where everything is.
 */
// @ts-nocheck

import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../lab/run-checked.ts';
import { canonicalJson } from '../core/canonical.ts';
import { judgeScenario, loadScenarioDir } from '../explore/scenario-file.ts';
import { runAudit } from '../report/audit.ts';
import type { AuditReport } from '../report/audit.ts';
import { renderLabIndex } from '../report/lab-index.ts';
import { writeVizHtml } from '../report/viz-html.ts';
import { runExplore } from '../explore/run-explore.ts';
import type { ExploreSummary } from '../explore/run-explore.ts';
import { makeProgress } from './progress.ts';
import type { ProgressReporter } from './progress.ts';
import { writeJsonAtomic, writeTextAtomic } from '../io/write-atomic.ts';
import { openIncrementalOutputDir, stageOutputDir } from '../io/output-dir.ts';
import { seedRangeFlags, workersFlag } from './flags.ts';
import { onInterrupt } from './interrupt.ts';
import { publishAuditOut } from './audit-out.ts';

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

export interface LabOptions {
  out: string;
  seeds: number;
  workers: number;
  force?: boolean;
  /** The exploration's progress (the CLI shares it with its Ctrl-C handler); plain lines by default. */
  progress?: ProgressReporter;
}

/**
 * Runs the lab into a staging sibling of `opts.out` and moves it into place at the end, so a failed or
 * interrupted run leaves the previous results as they were. Paths in the summary are final ones.
 */
export async function runLab(opts: LabOptions, log: (line: string) => void): Promise<LabSummary> {
  const stage = stageOutputDir({ command: 'lab', flag: '--out', path: opts.out, ...(opts.force ? { force: true } : {}) });
  try {
    const summary = await runLabInto(stage.staging, opts, log);
    stage.commit();
    return summary;
  } catch (error) {
    stage.abandon();
    throw error;
  }
}

async function runLabInto(staging: string, opts: LabOptions, log: (line: string) => void): Promise<LabSummary> {
  // Written under `staging`, named by where they will be once committed.
  const written = (...parts: string[]) => join(staging, ...parts);
  const published = (...parts: string[]) => join(opts.out, ...parts);
  mkdirSync(written('traces'), { recursive: true });
  mkdirSync(written('viz'), { recursive: true });

  log(`lab: reviewer scenarios (${relative(process.cwd(), REVIEWER_DIR)})`);
  const scenarios: ScenarioOutcome[] = [];
  for (const scenario of loadScenarioDir(REVIEWER_DIR)) {
    const result = runChecked({ options: scenario.options, schedule: scenario.schedule });
    const { found: observed, expected, status, why, skips } = judgeScenario(scenario, result.violations, result.trace);
    writeTextAtomic(written('traces', `${scenario.name}.jsonl`), result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    await writeVizHtml({ trace: result.trace, violations: result.violations, outPath: written('viz', `${scenario.name}.html`), title: `${scenario.name} (reviewer scenario)` });
    scenarios.push({
      name: scenario.name,
      description: scenario.description,
      status,
      expected,
      observed,
      traceHash: result.traceHash,
      events: result.trace.length,
      converged: result.converged,
      trace: published('traces', `${scenario.name}.jsonl`),
      viz: published('viz', `${scenario.name}.html`),
      messages: [...(why ? [why] : []), ...result.violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`), ...skips.map((line) => `skipped: ${line}`), ...result.hazards.map((h) => `hazard ${h.hazard} at event ${h.eventIndex}: ${h.message}`)],
    });
    log(`  ${status === 'pass' ? 'pass' : 'FAIL'}  ${scenario.name}${observed.length ? ` (found: ${observed.join(', ')}${status === 'pass' ? ', as expected' : ''})` : ''}`);
  }

  log(`lab: exploring ${opts.seeds} seeds of the default profile on ${opts.workers} worker(s)`);
  const progress = opts.progress ?? makeProgress('lines');
  let exploration: ExploreSummary;
  try {
    // Marked as explore's own, so `explore --out <lab results>/explore` may add to it later.
    const exploreDir = openIncrementalOutputDir({ command: 'explore', flag: '--out', path: written('explore') });
    exploration = await runExplore(
      { seeds: opts.seeds, from: 1, profile: 'default', workers: opts.workers, shard: { index: 0, count: 1 }, out: exploreDir, publishedOut: published('explore'), shrink: true, shrinkLimit: 8, onProgress: progress.onProgress },
      log,
    );
  } finally {
    progress.stop();
  }
  log(`  ${exploration.seedsRun} seeds, ${exploration.seedsPerSecond} seeds/s, ${exploration.failures.length} violation(s)`);

  const audit = await runAudit({ out: written('audit'), reconcilerLabel: 'default', log: (line) => log(`  ${line}`) });
  publishAuditOut(written('audit'), published('audit'));
  const a = audit.summary;
  log(`  audit: ${a.statementsPassing}/${a.statements} statements, ${a.cellsPassing}/${a.cells} parity cells, ${a.scenariosPassing}/${a.scenarios} scenarios`);

  const ok = scenarios.every((s) => s.status === 'pass') && exploration.failures.length === 0 && a.ok;
  const index = published('index.html');
  const summary: LabSummary = {
    out: opts.out,
    scenarios,
    exploration: { ...exploration, hashes: {} },
    audit: { ...a, report: published('audit', 'audit.html') },
    index,
    ok,
  };
  // Links are relative to the index, so rendering for the final path gives the same page.
  writeTextAtomic(written('index.html'), renderLabIndex(index, summary));
  writeJsonAtomic(written('summary.json'), summary);
  return summary;
}

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('the main job (npm start): reviewer scenarios with visualizer pages, a swarm exploration, the audit, one index page')
    .option('--out <dir>', 'results folder: created, or replaced when an earlier lab run wrote it (its .sync-lab-output marker)', 'lab-results')
    .option('--force', 'replace an --out folder that another sync-lab command wrote (never an unmarked one)')
    .option('--seeds <n>', 'seeds to explore', '300')
    .option('--workers <n>', 'threads running seeds: this one plus n-1 worker threads (default: the number of cores)')
    .action(async (raw: { out: string; seeds: string; workers?: string; force?: boolean }) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const { seeds } = seedRangeFlags('lab', raw.seeds, '1', 1);
      const workers = workersFlag('lab', raw.workers, log);
      const progress = makeProgress('lines');
      // Ctrl-C at any stage: the staging folder goes, the previous results stay.
      const removeInterruptHandler = onInterrupt('lab', progress);
      let summary: LabSummary;
      try {
        summary = await runLab({ out: raw.out, seeds: seeds!, workers, progress, ...(raw.force ? { force: true } : {}) }, log);
      } finally {
        removeInterruptHandler();
      }
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

