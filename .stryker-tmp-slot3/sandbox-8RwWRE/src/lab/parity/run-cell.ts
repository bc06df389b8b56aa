/**
 * Runs one parity-matrix cell: its scenario with every checker on, the cell judge and the NORM-021
 * disclosure check. A cell passes when the observed outcome matches the expected one and nothing
 * (checker, judge, disclosure) objects.
 */
// @ts-nocheck

import type { ReconcilerModule } from '../../reconciler/types.ts';
import type { Violation } from '../../trace/events.ts';
import { runChecked, runCheckedAsync } from '../run-checked.ts';
import type { CheckedRun } from '../run-checked.ts';
import { cellScenario } from './cell-scenarios.ts';
import type { CellScenario } from './cell-scenarios.ts';
import { judgeCell } from '../../check/parity/judge.ts';
import { PARITY_MATRIX } from '../../spec/matrix.ts';
import type { MatrixCell } from '../../spec/matrix.ts';

export interface CellResult {
  cell: MatrixCell;
  scenario: CellScenario;
  run: CheckedRun;
  observed: string;
  /** Everything that makes the cell fail: judge problems, then checker and disclosure violations. */
  reasons: string[];
  /** Checker and disclosure violations (also summarised in `reasons`). */
  violations: Violation[];
  status: 'pass' | 'fail';
}

export function runCell(cell: MatrixCell, reconciler?: ReconcilerModule): CellResult {
  const scenario = scenarioOf(cell);
  return judged(cell, scenario, runChecked({ options: scenario.options, schedule: scenario.schedule, ...(reconciler ? { reconciler } : {}) }));
}

/** `runCell` for any engine, async ones included. */
export async function runCellAsync(cell: MatrixCell, reconciler?: ReconcilerModule): Promise<CellResult> {
  const scenario = scenarioOf(cell);
  return judged(cell, scenario, await runCheckedAsync({ options: scenario.options, schedule: scenario.schedule, ...(reconciler ? { reconciler } : {}) }));
}

function scenarioOf(cell: MatrixCell): CellResult['scenario'] {
  const index = PARITY_MATRIX.indexOf(cell);
  if (index < 0) throw new Error(`lab/parity/run-cell: ${cell.capability}/${cell.mode} is not a cell of PARITY_MATRIX`);
  return cellScenario(cell, index);
}

function judged(cell: MatrixCell, scenario: CellResult['scenario'], run: CheckedRun): CellResult {
  const judgement = judgeCell(cell, run.trace);
  const violations = run.violations;
  const reasons = [...judgement.problems, ...violations.map((v) => `${v.checker} at event ${v.eventIndex}: ${v.message}`)];
  return { cell, scenario, run, observed: judgement.observed, reasons, violations, status: reasons.length === 0 ? 'pass' : 'fail' };
}
