/**
 * The audit: runs the evidence (27 parity cells, the reviewer scenarios, a small swarm, the model
 * paths) against one reconciler, maps every normative statement of the spec to the evidence that
 * must hold for it, and writes audit.json, audit.md, audit.html and the traces (JSONL) to a folder.
 * `sync-lab audit` and `npm start` call `runAudit`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKERS } from '../check/index.ts';
import { DISCLOSURE_CHECKER_ID } from '../check/parity/disclosure.ts';
import { OUTCOME_TEXT, PARITY_MATRIX, cellId } from '../spec/matrix.ts';
import type { Capability } from '../spec/matrix.ts';
import { CELL_OPTIONS, cellScenario } from '../lab/parity/cell-scenarios.ts';
import { runCell } from '../lab/parity/run-cell.ts';
import { STATEMENTS, describeRef, refKey } from '../spec/statements.ts';
import type { EvidenceRef } from '../spec/statements.ts';
import { runChecked } from '../lab/run-checked.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { canonicalJson } from '../core/canonical.ts';
import { drawOptions, loadProfile } from '../explore/profile.ts';
import { loadScenarioDir } from '../explore/scenario-file.ts';
import type { Scenario } from '../explore/scenario-file.ts';
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import type { Mode, TraceEvent, Violation } from '../trace/events.ts';
import { renderAuditHtml } from './audit-html.ts';
import { renderAuditMarkdown } from './audit-markdown.ts';
import { reproduceModelTraces } from './model-traces.ts';
// Types only: the module itself is loaded at run time (loadModelEvidence), so a broken model layer
// shows up as missing evidence in the report rather than as a crash.
import type { ModelCoverage, ModelEvidence } from '../lab/model-paths/evidence.ts';
import { errorText } from '../io/error-text.ts';

export const DEFAULT_AUDIT_OUT = 'audit-results';
export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL('../../simulations/reviewer/', import.meta.url));
const MODEL_EVIDENCE_MODULE = new URL('../lab/model-paths/evidence.ts', import.meta.url);
/** Swarm seeds of the default profile that add random faults to the checker evidence. */
export const DEFAULT_SWARM_SEEDS = 40;
/** Failures listed per evidence item (the first shows the bug; the rest are in audit.json runs). */
const FAILURES_SHOWN = 5;

// ---- the model evidence contract (models/evidence.ts) ---------------------------------------------

export type { ModelCoverage, ModelEvidence, ModelPathResult } from '../lab/model-paths/evidence.ts';
export type ModelEvidenceSource = (opts: { reconciler: ReconcilerModule; onProgress: (done: number, total: number) => void }) => Promise<ModelEvidence>;

/** Loads models/evidence.ts at run time, so a missing or broken model layer shows as missing evidence, never as a crash or a pass. */
export const loadModelEvidence: ModelEvidenceSource = async ({ reconciler, onProgress }) => {
  const module = (await import(MODEL_EVIDENCE_MODULE.href)) as { runModelEvidence?: (opts: object) => ModelEvidence };
  if (typeof module.runModelEvidence !== 'function') throw new Error(`${fileURLToPath(MODEL_EVIDENCE_MODULE)} does not export runModelEvidence`);
  return module.runModelEvidence({ reconciler, onProgress });
};

// ---- the report ---------------------------------------------------------------------------------

export type Status = 'pass' | 'fail';
export type EvidenceStatus = 'pass' | 'fail' | 'missing';

export interface AuditRun {
  id: string;
  kind: 'cell' | 'scenario' | 'swarm' | 'model-path';
  seed: number;
  traceHash: string;
  /** Trace file, relative to the audit folder (null for a model path whose run did not reproduce). */
  trace: string | null;
  status: Status;
  /** Checkers that objected (model paths, scenarios that expect a finding: what they found). */
  findings: string[];
}

export interface EvidenceFailure {
  run: string;
  seed: number;
  trace: string | null;
  message: string;
}

export interface EvidenceResult {
  ref: string;
  kind: EvidenceRef['kind'];
  description: string;
  status: EvidenceStatus;
  /** One line: what was checked and what was found. */
  detail: string;
  /** The runs this evidence rests on (for whole-audit checks, see `runsConsidered` and the top-level runs). */
  runs: { id: string; seed: number; trace: string | null }[];
  runsConsidered: number;
  failures: EvidenceFailure[];
}

export interface StatementResult {
  id: string;
  section: string;
  text: string;
  evidence: EvidenceResult[];
  status: Status;
  /** Why it fails (empty when it passes). */
  why: string[];
}

export interface MatrixResult {
  capability: Capability;
  mode: Mode;
  title: string;
  expected: string;
  expectedOutcome: string;
  exposureNote: string;
  observed: string;
  status: Status;
  reasons: string[];
  seed: number;
  trace: string;
  /** The cell's scenario as a reviewer-scenario file (relative to the audit folder): load, read or replay it. */
  scenario: string;
}

export interface ScenarioResult {
  name: string;
  description: string;
  file: string;
  modes: string[];
  workflows: string[];
  expected: string[];
  found: string[];
  status: Status;
  messages: string[];
  seed: number;
  trace: string;
}

export interface AuditReport {
  version: 1;
  spec: { title: string; version: string };
  reconciler: string;
  out: string;
  statements: StatementResult[];
  matrix: MatrixResult[];
  scenarios: ScenarioResult[];
  modelCoverage: (ModelCoverage & { perMachine: Record<string, ModelCoverage>; paths: number; pathsPassing: number }) | null;
  modelError: string | null;
  runs: AuditRun[];
  summary: {
    statements: number;
    statementsWithEvidence: number;
    statementsPassing: number;
    cells: number;
    cellsPassing: number;
    scenarios: number;
    scenariosPassing: number;
    runs: number;
    ok: boolean;
  };
}

export interface AuditOptions {
  /** Output folder (its traces/ is replaced; other files are overwritten atomically). */
  out: string;
  reconciler?: ReconcilerModule;
  /** How the report names the reconciler (a path, or 'default'). */
  reconcilerLabel?: string;
  scenarioDir?: string;
  swarmSeeds?: number;
  modelEvidence?: ModelEvidenceSource;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
}

interface RunRecord {
  run: AuditRun;
  trace: readonly TraceEvent[] | null;
  /** Checker violations that count against the checker (expected findings removed). */
  violations: { checker: string; message: string }[];
}

export async function runAudit(opts: AuditOptions): Promise<AuditReport> {
  const log = opts.log ?? (() => {});
  const reconciler = opts.reconciler ?? defaultReconciler;
  // Bad scenario files are bad input: refuse them before anything is written.
  const scenarios = loadScenarioDir(opts.scenarioDir ?? DEFAULT_SCENARIO_DIR);
  const tracesDir = join(opts.out, 'traces');
  rmSync(tracesDir, { recursive: true, force: true });
  rmSync(join(opts.out, 'cells'), { recursive: true, force: true });
  mkdirSync(tracesDir, { recursive: true });
  const writeTrace = (name: string, trace: readonly TraceEvent[]): string => {
    const relative = `traces/${name}.jsonl`;
    writeTextAtomic(join(opts.out, relative), trace.map((e) => canonicalJson(e)).join('\n') + '\n');
    return relative;
  };
  const records: RunRecord[] = [];

  // 1. The parity matrix.
  log(`audit: ${PARITY_MATRIX.length} parity-matrix cells (reconciler: ${reconciler.name})`);
  const matrix: MatrixResult[] = [];
  for (const cell of PARITY_MATRIX) {
    const result = runCell(cell, reconciler);
    const id = cellId(cell);
    const trace = writeTrace(`cell-${cell.capability}-${cell.mode}`, result.run.trace);
    const scenarioFile = `cells/${cell.capability}-${cell.mode}.json`;
    const asScenario = {
      name: `cell-${cell.capability}-${cell.mode}`,
      description: `Parity cell "${cell.title}" while ${cell.mode}: the matrix says "${OUTCOME_TEXT[cell.expected]}" (${cell.exposureNote}) Device a is the subject, device b the other device.`,
      modes: [cell.mode],
      options: { ...CELL_OPTIONS, seed: result.scenario.options.seed },
      schedule: result.scenario.schedule,
    };
    writeTextAtomic(join(opts.out, scenarioFile), `${JSON.stringify(asScenario, null, 2)}\n`);
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
  log(`  ${cellsPassing}/${matrix.length} cells as the matrix states`);

  // 2. Reviewer scenarios.
  log(`audit: ${scenarios.length} reviewer scenarios`);
  const scenarioResults: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const run = runChecked({ options: scenario.options, schedule: scenario.schedule, reconciler });
    const violations = run.violations;
    const found = checkersOf(violations);
    const expected = [...scenario.expectViolations].sort();
    const status: Status = canonicalJson(found) === canonicalJson(expected) ? 'pass' : 'fail';
    const trace = writeTrace(`scenario-${scenario.name}`, run.trace);
    scenarioResults.push({
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      modes: scenario.modes,
      workflows: scenario.workflows,
      expected,
      found,
      status,
      messages: violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`),
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

  // 3. A small swarm: random faults on top of the hand-built runs.
  const swarmSeeds = opts.swarmSeeds ?? DEFAULT_SWARM_SEEDS;
  const swarm: { seed: number; options: SimOptions }[] = [];
  if (swarmSeeds > 0) {
    log(`audit: ${swarmSeeds} swarm seeds (profile default)`);
    const profile = loadProfile('default');
    for (let seed = 1; seed <= swarmSeeds; seed++) {
      const options = drawOptions(profile, seed);
      swarm.push({ seed, options });
      const run = runChecked({ options, reconciler });
      const violations = run.violations;
      const trace = writeTrace(`swarm-${seed}`, run.trace);
      const status: Status = violations.length === 0 ? 'pass' : 'fail';
      records.push({
        run: { id: `swarm:${seed}`, kind: 'swarm', seed, traceHash: run.traceHash, trace, status, findings: checkersOf(violations) },
        trace: run.trace,
        violations: violations.map(brief),
      });
    }
    const failing = records.filter((r) => r.run.kind === 'swarm' && r.run.status === 'fail').length;
    log(`  ${swarmSeeds - failing}/${swarmSeeds} seeds with every check holding`);
  }

  // 4. Model paths and coverage.
  let model: ModelEvidence | null = null;
  let modelError: string | null = null;
  log('audit: model paths (models/evidence.ts)');
  try {
    let lastShown = 0;
    model = await (opts.modelEvidence ?? loadModelEvidence)({
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
      log(`  model path traces not reproduced: ${errorText(error)}`);
    }
    log(`  ${traces.size}/${model.paths.length} path traces reproduced (same trace hash) and written`);
    for (const path of model.paths) {
      const trace = traces.get(path.id) ?? null;
      const violations = [...path.violations, ...(path.converged ? [] : [{ checker: 'convergence', message: 'the model path did not converge' }])];
      const status: Status = violations.length === 0 ? 'pass' : 'fail';
      const tracePath = trace ? writeTrace(`model-${path.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`, trace) : null;
      records.push({
        run: { id: `model:${path.id}`, kind: 'model-path', seed: path.seed, traceHash: path.traceHash, trace: tracePath, status, findings: checkersOf(violations) },
        trace,
        violations,
      });
    }
  } catch (error) {
    modelError = errorText(error);
    log(`  model evidence missing: ${modelError}`);
  }

  // 5. Determinism: re-run a sample and compare fingerprints.
  log('audit: determinism re-runs');
  const determinism = rerun(records, scenarios, swarm, reconciler);

  // 6. Statements.
  const context: Context = { records, matrix, scenarioResults, model, modelError, determinism };
  const statements: StatementResult[] = STATEMENTS.map((s) => {
    const evidence = s.evidence.map((ref) => resolve(ref, context));
    const why = evidence.filter((e) => e.status !== 'pass').map((e) => `${e.description}: ${e.status === 'missing' ? 'MISSING' : 'FAILED'}: ${e.detail}`);
    return { id: s.id, section: s.section, text: s.text, evidence, status: why.length === 0 && evidence.length > 0 ? 'pass' : 'fail', why: evidence.length === 0 ? ['no evidence is mapped to this statement'] : why };
  });

  const runs = records.map((r) => r.run);
  const report: AuditReport = {
    version: 1,
    spec: { title: 'Offline Parity And Sync Specification', version: '2026-03-18' },
    reconciler: opts.reconcilerLabel ?? reconciler.name,
    out: opts.out,
    statements,
    matrix,
    scenarios: scenarioResults,
    modelCoverage: model
      ? { ...model.coverage, perMachine: model.perMachine, paths: model.paths.length, pathsPassing: runs.filter((r) => r.kind === 'model-path' && r.status === 'pass').length }
      : null,
    modelError,
    runs,
    summary: {
      statements: statements.length,
      statementsWithEvidence: statements.filter((s) => s.evidence.length > 0 && s.evidence.every((e) => e.status !== 'missing')).length,
      statementsPassing: statements.filter((s) => s.status === 'pass').length,
      cells: matrix.length,
      cellsPassing,
      scenarios: scenarioResults.length,
      scenariosPassing: scenarioResults.filter((s) => s.status === 'pass').length,
      runs: runs.length,
      ok: false,
    },
  };
  report.summary.ok = report.summary.statementsPassing === report.summary.statements && cellsPassing === matrix.length;
  writeTextAtomic(join(opts.out, 'audit.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeTextAtomic(join(opts.out, 'audit.md'), renderAuditMarkdown(report));
  writeTextAtomic(join(opts.out, 'audit.html'), renderAuditHtml(report));
  return report;
}

// ---- evidence -----------------------------------------------------------------------------------

interface Context {
  records: RunRecord[];
  matrix: MatrixResult[];
  scenarioResults: ScenarioResult[];
  model: ModelEvidence | null;
  modelError: string | null;
  determinism: { compared: { id: string; seed: number; trace: string | null }[]; mismatches: EvidenceFailure[] };
}

function brief(v: Violation): { checker: string; message: string } {
  return { checker: v.checker, message: `at event ${v.eventIndex}: ${v.message}` };
}

function checkersOf(violations: readonly { checker: string }[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

function evidence(ref: EvidenceRef, status: EvidenceStatus, detail: string, runs: EvidenceResult['runs'], runsConsidered: number, failures: EvidenceFailure[]): EvidenceResult {
  return { ref: refKey(ref), kind: ref.kind, description: describeRef(ref), status, detail, runs, runsConsidered, failures: failures.slice(0, FAILURES_SHOWN) };
}

function resolve(ref: EvidenceRef, ctx: Context): EvidenceResult {
  switch (ref.kind) {
    case 'checker':
    case 'disclosure': {
      const checker = ref.kind === 'checker' ? ref.checker : DISCLOSURE_CHECKER_ID;
      if (!CHECKERS.some((c) => c.id === checker)) return evidence(ref, 'missing', `no checker named ${checker} is registered`, [], 0, []);
      // Every run (model paths included) was judged by the whole registry, disclosure check included.
      const considered = ctx.records;
      const failures: EvidenceFailure[] = [];
      for (const r of considered) {
        for (const v of r.violations) if (v.checker === checker) failures.push({ run: r.run.id, seed: r.run.seed, trace: r.run.trace, message: v.message });
      }
      const failedRuns = new Set(failures.map((f) => f.run)).size;
      const detail =
        failures.length === 0 ? `held on all ${considered.length} runs` : `violated on ${failedRuns} of ${considered.length} runs; first: ${failures[0]!.run}: ${failures[0]!.message}`;
      return evidence(ref, considered.length === 0 ? 'missing' : failures.length === 0 ? 'pass' : 'fail', detail, [], considered.length, failures);
    }
    case 'cells': {
      const cells = ctx.matrix.filter(
        (m) =>
          (!ref.capabilities || ref.capabilities.includes(m.capability)) &&
          (!ref.modes || ref.modes.includes(m.mode)) &&
          (ref.essential === undefined || PARITY_MATRIX.find((c) => c.capability === m.capability)!.essential === ref.essential),
      );
      const failing = cells.filter((m) => m.status === 'fail');
      const failures = failing.map((m) => ({ run: `cell:${m.capability}/${m.mode}`, seed: m.seed, trace: m.trace, message: m.reasons[0] ?? 'failed' }));
      const detail = failing.length === 0 ? `${cells.length}/${cells.length} cells as the matrix states` : `${cells.length - failing.length}/${cells.length} cells pass; ${failing.map((m) => `${m.capability}/${m.mode}`).join(', ')} fail: ${failures[0]!.message}`;
      return evidence(ref, cells.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, cells.map((m) => ({ id: `cell:${m.capability}/${m.mode}`, seed: m.seed, trace: m.trace })), cells.length, failures);
    }
    case 'scenarios': {
      const chosen = ctx.scenarioResults.filter((s) => s.workflows.includes(ref.workflow) && (!ref.modes || s.modes.some((m) => ref.modes!.includes(m as Mode))));
      const failing = chosen.filter((s) => s.status === 'fail');
      const failures = failing.map((s) => ({ run: `scenario:${s.name}`, seed: s.seed, trace: s.trace, message: s.messages[0] ?? `expected findings [${s.expected.join(', ')}], found [${s.found.join(', ')}]` }));
      const detail =
        chosen.length === 0
          ? `no reviewer scenario is tagged ${ref.workflow}${ref.modes ? ` in ${ref.modes.join('/')}` : ''}`
          : failing.length === 0
            ? `${chosen.map((s) => s.name).join(', ')}: as expected`
            : `${failing.map((s) => s.name).join(', ')} not as expected: ${failures[0]!.message}`;
      return evidence(ref, chosen.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, chosen.map((s) => ({ id: `scenario:${s.name}`, seed: s.seed, trace: s.trace })), chosen.length, failures);
    }
    case 'determinism': {
      const { compared, mismatches } = ctx.determinism;
      const detail = mismatches.length === 0 ? `${compared.length} runs re-run with identical trace hashes` : `${mismatches.length} of ${compared.length} re-runs gave a different trace hash (first: ${mismatches[0]!.run})`;
      return evidence(ref, compared.length === 0 ? 'missing' : mismatches.length === 0 ? 'pass' : 'fail', detail, compared, compared.length, mismatches);
    }
    case 'model-paths': {
      if (!ctx.model) return evidence(ref, 'missing', `model evidence unavailable: ${ctx.modelError ?? 'not run'}`, [], 0, []);
      const paths = ctx.records.filter((r) => r.run.kind === 'model-path');
      const failing = paths.filter((r) => r.run.status === 'fail');
      const failures = failing.map((r) => ({ run: r.run.id, seed: r.run.seed, trace: null, message: r.violations[0] ? `${r.violations[0].checker}: ${r.violations[0].message}` : 'failed' }));
      const detail = paths.length === 0 ? 'the models produced no paths' : failing.length === 0 ? `${paths.length}/${paths.length} paths converged with every checker holding` : `${failing.length} of ${paths.length} paths fail; first: ${failures[0]!.run}: ${failures[0]!.message}`;
      return evidence(ref, paths.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, [], paths.length, failures);
    }
    case 'model-coverage': {
      if (!ctx.model) return evidence(ref, 'missing', `model evidence unavailable: ${ctx.modelError ?? 'not run'}`, [], 0, []);
      const { states, transitions } = ctx.model.coverage;
      const full = states.total > 0 && states.covered === states.total && transitions.covered === transitions.total;
      const missing = [...states.missing, ...transitions.missing];
      const detail = `states ${states.covered}/${states.total}, transitions ${transitions.covered}/${transitions.total}${missing.length ? `; not covered: ${missing.slice(0, 5).join('; ')}` : ''}`;
      return evidence(ref, full ? 'pass' : 'fail', detail, [], 0, missing.slice(0, FAILURES_SHOWN).map((m) => ({ run: 'models', seed: 0, trace: null, message: `not covered: ${m}` })));
    }
    case 'retries':
      return retries(ref, ctx);
  }
}

/** Failed requests followed by a successful one from the same device, with no local write refused meanwhile. */
function retries(ref: EvidenceRef, ctx: Context): EvidenceResult {
  let failed = 0;
  let retried = 0;
  const showing: EvidenceResult['runs'] = [];
  const failures: EvidenceFailure[] = [];
  const considered = ctx.records.filter((r) => r.trace !== null);
  for (const r of considered) {
    const failedAt = new Map<string, number>();
    const responses = new Map<string, boolean>();
    let runRetried = 0;
    for (const e of r.trace!) {
      if (e.kind === 'request-fail') {
        failed++;
        if (!failedAt.has(e.device)) failedAt.set(e.device, e.t);
      } else if (e.kind === 'msg-send' && e.from === 'server') {
        responses.set(e.msgId, (e.payload as { ok?: unknown }).ok === true);
      } else if (e.kind === 'msg-deliver' && e.to !== 'server' && failedAt.has(e.to) && responses.get(e.msgId.split('.')[0]!) === true) {
        failedAt.delete(e.to);
        runRetried++;
      } else if (e.kind === 'local-write' && !e.ok) {
        failures.push({ run: r.run.id, seed: r.run.seed, trace: r.run.trace, message: `device ${e.device} could not save (${e.error ?? 'refused'}) at event ${e.i}` });
      }
    }
    retried += runRetried;
    if (runRetried > 0 && showing.length < 5) showing.push({ id: r.run.id, seed: r.run.seed, trace: r.run.trace });
  }
  const status: EvidenceStatus = considered.length === 0 || retried === 0 ? 'missing' : failures.length === 0 ? 'pass' : 'fail';
  const detail =
    retried === 0
      ? 'no run showed a failed request followed by a successful retry'
      : `${failed} failed requests; ${retried} times a device succeeded again after failing, in the background${failures.length ? `; but a local save was refused: ${failures[0]!.message}` : '; no local save was ever refused'}`;
  return evidence(ref, status, detail, showing, considered.length, failures);
}

function rerun(records: RunRecord[], scenarios: Scenario[], swarm: { seed: number; options: SimOptions }[], reconciler: ReconcilerModule): Context['determinism'] {
  const compared: Context['determinism']['compared'] = [];
  const mismatches: EvidenceFailure[] = [];
  const check = (id: string, input: { options: SimOptions; schedule?: Schedule }): void => {
    const record = records.find((r) => r.run.id === id);
    if (!record) return;
    const again = runChecked({ ...input, reconciler });
    compared.push({ id, seed: record.run.seed, trace: record.run.trace });
    if (again.traceHash !== record.run.traceHash) {
      mismatches.push({ run: id, seed: record.run.seed, trace: record.run.trace, message: `trace hash ${record.run.traceHash} on the first run, ${again.traceHash} on the second` });
    }
  };
  const first = cellScenario(PARITY_MATRIX[0]!, 0);
  check(`cell:${first.id}`, { options: first.options, schedule: first.schedule });
  for (const s of scenarios) if (s.workflows.includes('deterministic-reconciliation')) check(`scenario:${s.name}`, { options: s.options, schedule: s.schedule });
  for (const s of swarm.slice(0, 3)) check(`swarm:${s.seed}`, { options: s.options });
  return { compared, mismatches };
}
