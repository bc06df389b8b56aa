/**
 * The audit's data: the report written as audit.json (and read by the Markdown and HTML renderers),
 * and what the gather step hands to the judge step. Types only, so the renderers and the pipeline
 * share them without importing each other.
 */
// @ts-nocheck

import type { Capability } from '../spec/matrix.ts';
import type { EvidenceRef } from '../spec/statements.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { Mode, TraceEvent } from '../trace/events.ts';
import type { ModelCoverage, ModelEvidence } from '../lab/model-paths/evidence.ts';

export type { ModelCoverage, ModelEvidence, ModelPathResult } from '../lab/model-paths/evidence.ts';

/** Where the model evidence comes from (tests inject a broken or empty one). */
export type ModelEvidenceSource = (opts: { reconciler: ReconcilerModule; onProgress: (done: number, total: number) => void }) => Promise<ModelEvidence>;

/** `n/a`: not applicable, the engine does not declare a capability it needs (the reason says which): never failed, never counted as passing. */
export type Status = 'pass' | 'fail' | 'n/a';
export type EvidenceStatus = 'pass' | 'fail' | 'missing' | 'n/a';

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
  /** Every schedule-skip of the run, one line each (`skipped: …` lines of `messages` too). */
  skips: string[];
  seed: number;
  trace: string;
}

export interface AuditReport {
  version: 1;
  spec: { title: string; version: string };
  reconciler: string;
  /** The engine options the audited module was given (`--reconciler-options`); absent when none were. */
  reconcilerOptions?: unknown;
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
    statementsNotApplicable: number;
    cells: number;
    cellsPassing: number;
    cellsNotApplicable: number;
    scenarios: number;
    scenariosPassing: number;
    scenariosNotApplicable: number;
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
  /** The engine options `reconciler` is bound to, recorded in the report. */
  reconcilerOptions?: unknown;
  scenarioDir?: string;
  /** Scenario files and folders to run instead of `scenarioDir` (the CLI's --scenarios). */
  scenarioPaths?: readonly string[];
  swarmSeeds?: number;
  modelEvidence?: ModelEvidenceSource;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
}

/** One run the audit made, with what it rests on. */
export interface RunRecord {
  run: AuditRun;
  /** The trace, held until the write step (null: a model path whose trace did not reproduce). */
  trace: readonly TraceEvent[] | null;
  /** Checker violations that count against the checker (expected findings removed). */
  violations: { checker: string; message: string }[];
}

/** Re-runs compared with their first run's trace hash. */
export interface DeterminismEvidence {
  compared: { id: string; seed: number; trace: string | null }[];
  mismatches: EvidenceFailure[];
}

/** Everything the gather step ran and found: the judge step reads only this; the write step writes it. */
export interface Gathered {
  records: RunRecord[];
  matrix: MatrixResult[];
  scenarioResults: ScenarioResult[];
  model: ModelEvidence | null;
  modelError: string | null;
  determinism: DeterminismEvidence;
  /** Each parity cell's scenario as a reviewer-scenario file, by path relative to the audit folder. */
  cellScenarios: { file: string; scenario: object }[];
}
