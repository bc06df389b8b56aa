/** The judge step alone: statements decided from gathered runs, with no simulation and no files. */
// @ts-nocheck

import { describe, expect, it } from 'vitest';
import { STATEMENTS } from '../../src/spec/statements.ts';
import { judgeAudit } from '../../src/report/audit-judge.ts';
import type { Gathered, RunRecord } from '../../src/report/audit-types.ts';

const run = (id: string, violations: RunRecord['violations']): RunRecord => ({
  run: { id, kind: 'swarm', seed: 1, traceHash: 'h', trace: `traces/${id}.jsonl`, status: violations.length ? 'fail' : 'pass', findings: violations.map((v) => v.checker) },
  trace: [],
  violations,
});

const gathered = (records: RunRecord[]): Gathered => ({
  records,
  matrix: [],
  scenarioResults: [],
  model: null,
  modelError: 'not in this test',
  determinism: { compared: [], mismatches: [] },
  cellScenarios: [],
});

/** A statement whose evidence includes the given checker. */
function statementUsing(checker: string): string {
  const found = STATEMENTS.find((s) => s.evidence.some((e) => e.kind === 'checker' && e.checker === checker));
  if (!found) throw new Error(`no statement uses ${checker}`);
  return found.id;
}

describe('judgeAudit', () => {
  it('fails a statement whose checker objected on a run, naming the run and the message', () => {
    const id = statementUsing('convergence');
    const report = judgeAudit(gathered([run('swarm:1', []), run('swarm:2', [{ checker: 'convergence', message: 'at event 9: never converged' }])]), { reconciler: 'r', out: 'o' });
    const statement = report.statements.find((s) => s.id === id)!;
    expect(statement.status).toBe('fail');
    const evidence = statement.evidence.find((e) => e.ref === 'checker:convergence')!;
    expect(evidence).toMatchObject({ status: 'fail', runsConsidered: 2, failures: [{ run: 'swarm:2', message: 'at event 9: never converged' }] });
    expect(report.summary.ok).toBe(false);
  });

  it('counts missing evidence as missing, never as a pass, and sums up', () => {
    const report = judgeAudit(gathered([run('swarm:1', [])]), { reconciler: 'r', out: 'o' });
    expect(report.statements).toHaveLength(STATEMENTS.length);
    expect(report.modelCoverage).toBeNull();
    const modelEvidence = report.statements.flatMap((s) => s.evidence).filter((e) => e.kind === 'model-paths');
    expect(modelEvidence.length).toBeGreaterThan(0);
    expect(modelEvidence.every((e) => e.status === 'missing' && e.detail.includes('not in this test'))).toBe(true);
    expect(report.summary).toMatchObject({ statements: STATEMENTS.length, cells: 0, runs: 1, ok: false });
    expect(report.summary.statementsWithEvidence).toBeLessThan(STATEMENTS.length);
  });
});
