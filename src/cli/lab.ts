/**
 * `sync-lab lab` (what `npm start` runs): the main job on built-in defaults. Runs the reviewer
 * scenarios with every checker on, a swarm exploration, and writes traces, replay files and a
 * summary under one results folder, then says where everything is.
 */
import type { Command } from 'commander';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../check/run-checked.ts';
import { canonicalJson } from '../core/canonical.ts';
import { loadScenarioDir } from '../explore/scenario-file.ts';
import { writeJsonAtomic } from '../explore/replay-file.ts';
import { runExplore } from './explore.ts';
import type { ExploreSummary } from './explore.ts';
import { writeTextAtomic } from './write-atomic.ts';
import { UsageError } from './usage-error.ts';

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
  messages: string[];
}

export interface LabSummary {
  out: string;
  scenarios: ScenarioOutcome[];
  exploration: ExploreSummary;
  ok: boolean;
}

export async function runLab(opts: { out: string; seeds: number; workers: number }, log: (line: string) => void): Promise<LabSummary> {
  rmSync(opts.out, { recursive: true, force: true });
  mkdirSync(join(opts.out, 'traces'), { recursive: true });

  log(`lab: reviewer scenarios (${relative(process.cwd(), REVIEWER_DIR)})`);
  const scenarios: ScenarioOutcome[] = [];
  for (const scenario of loadScenarioDir(REVIEWER_DIR)) {
    const result = runChecked({ options: scenario.options, schedule: scenario.schedule });
    const observed = [...new Set(result.violations.map((v) => v.checker))].sort();
    const expected = [...scenario.expectViolations].sort();
    const trace = join(opts.out, 'traces', `${scenario.name}.jsonl`);
    writeTextAtomic(trace, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    const status = canonicalJson(observed) === canonicalJson(expected) ? 'pass' : 'fail';
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
      messages: result.violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`),
    });
    log(`  ${status === 'pass' ? 'pass' : 'FAIL'}  ${scenario.name}${observed.length ? ` (found: ${observed.join(', ')}${status === 'pass' ? ', as expected' : ''})` : ''}`);
  }

  log(`lab: exploring ${opts.seeds} seeds of the default profile on ${opts.workers} worker(s)`);
  const exploration = await runExplore(
    { seeds: opts.seeds, from: 1, profile: 'default', workers: opts.workers, shard: { index: 0, count: 1 }, out: join(opts.out, 'explore'), shrink: true, shrinkLimit: 8, progress: 'lines' },
    log,
  );
  log(`  ${exploration.seedsRun} seeds, ${exploration.seedsPerSecond} seeds/s, ${exploration.failures.length} violation(s)`);

  const ok = scenarios.every((s) => s.status === 'pass') && exploration.failures.length === 0;
  const summary: LabSummary = { out: opts.out, scenarios, exploration: { ...exploration, hashes: {} }, ok };
  writeJsonAtomic(join(opts.out, 'summary.json'), summary);
  return summary;
}

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('the main job (npm start): reviewer scenarios, a swarm exploration, traces and a summary')
    .option('--out <dir>', 'results folder (replaced on every run)', 'lab-results')
    .option('--seeds <n>', 'seeds to explore', '300')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
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
        `  scenarios:   ${summary.scenarios.filter((s) => s.status === 'pass').length}/${summary.scenarios.length} as expected; traces in ${join(summary.out, 'traces')}/`,
        `  exploration: ${summary.exploration.seedsRun} seeds, ${summary.exploration.failures.length} violation(s); results in ${join(summary.out, 'explore')}/`,
        `  summary:     ${join(summary.out, 'summary.json')}`,
        `  next:        npx sync-lab run --seed 42 (one run), npx sync-lab explore --seeds 5000 (a bigger swarm)`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!summary.ok) process.exitCode = 1;
    });
}
