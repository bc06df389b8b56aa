/**
 * The audit's gather step: runs the evidence against one reconciler — the 27 parity cells, the
 * reviewer scenarios, a small swarm, the model paths and a sample of determinism re-runs — and keeps
 * every run with its trace and findings. It judges nothing and writes nothing: the judge step maps the
 * runs to the spec's statements, the write step puts them on disk.
 */
import { canonicalJson } from '../core/canonical.ts';
import { OUTCOME_TEXT, PARITY_MATRIX, cellId } from '../spec/matrix.ts';
import { CELL_OPTIONS, cellScenario } from '../lab/parity/cell-scenarios.ts';
import { runCellAsync } from '../lab/parity/run-cell.ts';
import { runCheckedAsync } from '../lab/run-checked.ts';
import { drawOptions, loadProfile } from '../explore/profile.ts';
import { judgeScenario } from '../explore/scenario-file.ts';
import type { Scenario } from '../explore/scenario-file.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from '../sim/options.ts';
import { declaresNoAdmin, declaresNoBackup, drawnForEngine } from '../sim/engine-fit.ts';
import type { Schedule } from '../sim/schedule.ts';
import type { TraceEvent, Violation } from '../trace/events.ts';
import { runModelEvidence } from '../lab/model-paths/evidence.ts';
import type { DeterminismEvidence, EvidenceFailure, Gathered, MatrixResult, ModelEvidence, ModelEvidenceSource, RunRecord, ScenarioResult, Status } from './audit-types.ts';
import { reproduceModelTraces } from './model-traces.ts';
import { missingCapability, needsOf } from '../lab/capabilities.ts';
import { cellScenario as scenarioOfCell } from '../lab/parity/cell-scenarios.ts';

/** The model layer's own evidence (src/lab/model-paths/evidence.ts); a throw shows in the report as missing evidence. */
export const loadModelEvidence: ModelEvidenceSource = async ({ reconciler, onProgress }) => runModelEvidence({ reconciler, onProgress });

export interface GatherOptions {
  reconciler: ReconcilerModule;
  scenarios: Scenario[];
  swarmSeeds: number;
  modelEvidence: ModelEvidenceSource;
  log: (line: string) => void;
}

type SwarmRun = { seed: number; options: SimOptions };

export async function gatherEvidence(opts: GatherOptions): Promise<Gathered> {
  const records: RunRecord[] = [];
  const { matrix, cellScenarios } = await gatherCells(opts, records);
  const scenarioResults = await gatherScenarios(opts, records);
  const swarm = await gatherSwarm(opts, records);
  const { model, modelError } = await gatherModelPaths(opts, records);
  opts.log('audit: determinism re-runs');
  const determinism = await rerun(records, opts.scenarios, swarm, opts.reconciler);
  return { records, matrix, scenarioResults, model, modelError, determinism, cellScenarios };
}

export function traceFile(name: string): string {
  return `traces/${name}.jsonl`;
}

export function brief(v: Violation): { checker: string; message: string } {
  return { checker: v.checker, message: `at event ${v.eventIndex}: ${v.message}` };
}

export function checkersOf(violations: readonly { checker: string }[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

/** 1. The parity matrix: every cell's run, and its scenario as a file a reviewer can replay. */
async function gatherCells({ reconciler, log }: GatherOptions, records: RunRecord[]): Promise<Pick<Gathered, 'matrix' | 'cellScenarios'>> {
  log(`audit: ${PARITY_MATRIX.length} parity-matrix cells (reconciler: ${reconciler.name})`);
  const matrix: MatrixResult[] = [];
  const cellScenarios: Gathered['cellScenarios'] = [];
  for (const [index, cell] of PARITY_MATRIX.entries()) {
    const planned = scenarioOfCell(cell, index);
    const notApplicable = missingCapability(reconciler, needsOf(planned.options, planned.schedule));
    if (notApplicable) {
      const base = { capability: cell.capability, mode: cell.mode, title: cell.title, expected: OUTCOME_TEXT[cell.expected], expectedOutcome: cell.expected, exposureNote: cell.exposureNote };
      matrix.push({ ...base, observed: notApplicable, status: 'n/a', reasons: [notApplicable], seed: planned.options.seed, trace: '', scenario: '' });
      log(`  n/a   ${cell.capability}/${cell.mode}: ${notApplicable}`);
      continue;
    }
    const result = await runCellAsync(cell, reconciler);
    const id = cellId(cell);
    const trace = traceFile(`cell-${cell.capability}-${cell.mode}`);
    const scenarioFile = `cells/${cell.capability}-${cell.mode}.json`;
    cellScenarios.push({
      file: scenarioFile,
      scenario: {
        name: `cell-${cell.capability}-${cell.mode}`,
        description: `Parity cell "${cell.title}" while ${cell.mode}: the matrix says "${OUTCOME_TEXT[cell.expected]}" (${cell.exposureNote}) Device a is the subject, device b the other device.`,
        modes: [cell.mode],
        options: { ...CELL_OPTIONS, seed: result.scenario.options.seed },
        schedule: result.scenario.schedule,
      },
    });
    matrix.push({
      capability: cell.capability,
      mode: cell.mode,
      title: cell.title,
      expected: OUTCOME_TEXT[cell.expected],
      expectedOutcome: cell.expected,
      exposureNote: cell.exposureNote,
      observed: result.observed,
      status: result.status,
      reasons: result.reasons,
      seed: result.scenario.options.seed,
      trace,
      scenario: scenarioFile,
    });
    records.push({
      run: { id: `cell:${id}`, kind: 'cell', seed: result.scenario.options.seed, traceHash: result.run.traceHash, trace, status: result.status, findings: checkersOf(result.violations) },
      trace: result.run.trace,
      violations: result.violations.map(brief),
    });
  }
  const cellsPassing = matrix.filter((m) => m.status === 'pass').length;
  const cellsNa = matrix.filter((m) => m.status === 'n/a').length;
  log(`  ${cellsPassing}/${matrix.length - cellsNa} cells as the matrix states${cellsNa ? `, ${cellsNa} not applicable` : ''}`);
  return { matrix, cellScenarios };
}

/** 2. Reviewer scenarios: a scenario passes when its checkers find exactly what it expects. */
async function gatherScenarios({ reconciler, scenarios, log }: GatherOptions, records: RunRecord[]): Promise<ScenarioResult[]> {
  log(`audit: ${scenarios.length} reviewer scenarios`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const notApplicable = missingCapability(reconciler, needsOf(scenario.options, scenario.schedule));
    if (notApplicable) {
      const { name, description, file, modes, workflows } = scenario;
      results.push({ name, description, file, modes, workflows, expected: [...scenario.expectViolations], found: [], status: 'n/a', messages: [notApplicable], skips: [], seed: scenario.options.seed, trace: '' });
      log(`  n/a   ${scenario.name}: ${notApplicable}`);
      continue;
    }
    const run = await runCheckedAsync({ options: scenario.options, schedule: scenario.schedule, reconciler });
    const violations = run.violations;
    const { found, expected, status, why, skips } = judgeScenario(scenario, violations, run.trace);
    const trace = traceFile(`scenario-${scenario.name}`);
    results.push({
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      modes: scenario.modes,
      workflows: scenario.workflows,
      expected,
      found,
      status,
      messages: [...(why ? [why] : []), ...violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`), ...skips.map((line) => `skipped: ${line}`), ...run.hazards.map((h) => `hazard ${h.hazard} at event ${h.eventIndex}: ${h.message}`)],
      skips,
      seed: scenario.options.seed,
      trace,
    });
    records.push({
      run: { id: `scenario:${scenario.name}`, kind: 'scenario', seed: scenario.options.seed, traceHash: run.traceHash, trace, status, findings: found },
      trace: run.trace,
      violations: violations.filter((v) => !scenario.expectViolations.includes(v.checker)).map(brief),
    });
    log(`  ${status === 'pass' ? 'pass' : 'FAIL'}  ${scenario.name}${found.length ? ` (found: ${found.join(', ')})` : ''}`);
  }
  return results;
}

/** 3. A small swarm: random faults on top of the hand-built runs. */
async function gatherSwarm({ reconciler, swarmSeeds, log }: GatherOptions, records: RunRecord[]): Promise<SwarmRun[]> {
  const swarm: SwarmRun[] = [];
  if (swarmSeeds <= 0) return swarm;
  log(`audit: ${swarmSeeds} swarm seeds (profile default)`);
  const profile = loadProfile('default');
  const noBackup = declaresNoBackup(reconciler);
  if (noBackup) log(`  backups off in the swarm (backupsPerHour 0): reconciler ${reconciler.name} declares no backup remote action`);
  if (declaresNoAdmin(reconciler)) log(`  admin actions off in the swarm (adminActionsPerHour 0): reconciler ${reconciler.name} declares no admin remote action`);
  const modes = reconciler.capabilities?.stampModes;
  if (modes !== undefined && modes.length > 0 && profile.ranges['stampMode']?.some((m) => !(modes as readonly string[]).includes(String(m)))) log(`  only ${modes[0]} stamps in the swarm: reconciler ${reconciler.name} declares its stamp modes (${modes.join(', ')})`);
  if (reconciler.server !== undefined) log(`  partial pushes, busy and quota refusals off in the swarm (partialApplyPercent 0, serverBusyPercent 0, backupQuotaRefusalPercent 0${typeof reconciler.server.kindOf === 'function' ? '' : ', slowAckPercent 0'}): reconciler ${reconciler.name} brings its own server (${reconciler.server.name})`);
  for (let seed = 1; seed <= swarmSeeds; seed++) {
    const options = drawnForEngine(drawOptions(profile, seed), reconciler);
    const notApplicable = missingCapability(reconciler, needsOf(options));
    if (notApplicable) {
      log(`  n/a   swarm seed ${seed}: ${notApplicable}`);
      continue;
    }
    swarm.push({ seed, options });
    const run = await runCheckedAsync({ options, reconciler });
    // What the profile declares expected for this stamp mode (expectedFindings) is said, not counted as a failure.
    const declared = new Set(profile.expectedFindings.filter((x) => x.stampMode === options.stampMode).map((x) => x.checker));
    const expected = [...new Set(run.violations.filter((v) => declared.has(v.checker)).map((v) => v.checker))];
    if (expected.length > 0) log(`  swarm seed ${seed}: expected in ${options.stampMode} stamp mode (profile default declares it): ${expected.join(', ')}`);
    const violations = run.violations.filter((v) => !declared.has(v.checker));
    const status: Status = violations.length === 0 ? 'pass' : 'fail';
    records.push({
      run: { id: `swarm:${seed}`, kind: 'swarm', seed, traceHash: run.traceHash, trace: traceFile(`swarm-${seed}`), status, findings: checkersOf(violations) },
      trace: run.trace,
      violations: violations.map(brief),
    });
  }
  const failing = records.filter((r) => r.run.kind === 'swarm' && r.run.status === 'fail').length;
  log(`  ${swarmSeeds - failing}/${swarmSeeds} seeds with every check holding`);
  return swarm;
}

/** 4. Model paths and coverage; a model layer that fails is recorded as the reason the evidence is missing. */
async function gatherModelPaths({ reconciler, modelEvidence, log }: GatherOptions, records: RunRecord[]): Promise<{ model: ModelEvidence | null; modelError: string | null }> {
  log('audit: model paths (src/lab/model-paths/evidence.ts)');
  try {
    let lastShown = 0;
    const model = await modelEvidence({
      reconciler,
      onProgress: (done, total) => {
        if (done === total || done - lastShown >= 25) {
          lastShown = done;
          log(`  ${done}/${total} paths`);
        }
      },
    });
    let traces = new Map<string, TraceEvent[]>();
    try {
      traces = await reproduceModelTraces(reconciler, new Map(model.paths.map((p) => [p.id, p.traceHash])));
    } catch (error) {
      log(`  model path traces not reproduced: ${error instanceof Error ? error.message : String(error)}`);
    }
    log(`  ${traces.size}/${model.paths.length} path traces reproduced (same trace hash) and written`);
    for (const path of model.paths) {
      const trace = traces.get(path.id) ?? null;
      const violations = [...path.violations, ...(path.converged ? [] : [{ checker: 'convergence', message: 'the model path did not converge' }])];
      const status: Status = violations.length === 0 ? 'pass' : 'fail';
      const tracePath = trace ? traceFile(`model-${path.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`) : null;
      records.push({
        run: { id: `model:${path.id}`, kind: 'model-path', seed: path.seed, traceHash: path.traceHash, trace: tracePath, status, findings: checkersOf(violations) },
        trace,
        violations,
      });
    }
    return { model, modelError: null };
  } catch (error) {
    const modelError = error instanceof Error ? error.message : String(error);
    log(`  model evidence missing: ${modelError}`);
    return { model: null, modelError };
  }
}

/** 5. Determinism: re-runs a sample (a cell, the determinism scenarios, three swarm seeds) and compares trace hashes. */
async function rerun(records: RunRecord[], scenarios: Scenario[], swarm: SwarmRun[], reconciler: ReconcilerModule): Promise<DeterminismEvidence> {
  const compared: DeterminismEvidence['compared'] = [];
  const mismatches: EvidenceFailure[] = [];
  const check = async (id: string, input: { options: SimOptions; schedule?: Schedule }): Promise<void> => {
    const record = records.find((r) => r.run.id === id);
    if (!record) return;
    const again = await runCheckedAsync({ ...input, reconciler });
    compared.push({ id, seed: record.run.seed, trace: record.run.trace });
    if (again.traceHash !== record.run.traceHash) {
      mismatches.push({ run: id, seed: record.run.seed, trace: record.run.trace, message: `trace hash ${record.run.traceHash} on the first run, ${again.traceHash} on the second` });
    }
  };
  const first = cellScenario(PARITY_MATRIX[0]!, 0);
  await check(`cell:${first.id}`, { options: first.options, schedule: first.schedule });
  for (const s of scenarios) if (s.workflows.includes('deterministic-reconciliation')) await check(`scenario:${s.name}`, { options: s.options, schedule: s.schedule });
  for (const s of swarm.slice(0, 3)) await check(`swarm:${s.seed}`, { options: s.options });
  return { compared, mismatches };
}
