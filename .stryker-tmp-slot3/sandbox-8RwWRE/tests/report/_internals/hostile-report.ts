// @ts-nocheck
// A small hand-built audit report with hostile text in every field a renderer prints.
import type { AuditReport } from '../../../src/report/audit.ts';

export const HOSTILE = '<script>alert("x")</script> | *bold* [link](javascript:alert(1))\nsecond line & more';

export function hostileReport(): AuditReport {
  const cell = (mode: 'offline' | 'intermittent' | 'online', status: 'pass' | 'fail') => ({
    capability: 'create' as const,
    mode,
    title: `Create ${HOSTILE}`,
    expected: 'Available',
    expectedOutcome: 'available',
    exposureNote: HOSTILE,
    observed: `observed ${HOSTILE}`,
    status,
    reasons: status === 'fail' ? [`reason ${HOSTILE}`] : [],
    seed: 7,
    trace: mode === 'online' ? 'javascript:alert(1)' : `traces/cell-create-${mode}.jsonl`,
    scenario: `cells/create-${mode}.json`,
  });
  return {
    version: 1,
    spec: { title: 'Spec', version: '2026-03-18' },
    reconciler: `evil ${HOSTILE}`,
    out: 'x',
    statements: [
      {
        id: 'OFF-2',
        section: 'Offline',
        text: HOSTILE,
        status: 'fail',
        why: [`why ${HOSTILE}`],
        evidence: [
          {
            ref: 'checker:non-blocking',
            kind: 'checker',
            description: 'checker non-blocking',
            status: 'fail',
            detail: HOSTILE,
            runs: [{ id: `run ${HOSTILE}`, seed: 3, trace: 'traces/a.jsonl' }],
            runsConsidered: 1,
            failures: [{ run: 'cell:create/offline', seed: 3, trace: 'traces/a.jsonl', message: HOSTILE }],
          },
        ],
      },
    ],
    matrix: [cell('offline', 'fail'), cell('intermittent', 'pass'), cell('online', 'pass')],
    scenarios: [{ name: 'n', description: HOSTILE, file: 'f', modes: ['offline'], workflows: [], expected: [], found: [HOSTILE], status: 'fail', messages: [HOSTILE], skips: [HOSTILE], seed: 1, trace: 'traces/s.jsonl' }],
    modelCoverage: null,
    modelError: HOSTILE,
    runs: [],
    summary: { statements: 1, statementsWithEvidence: 1, statementsPassing: 0, statementsNotApplicable: 0, cells: 3, cellsPassing: 2, cellsNotApplicable: 0, scenarios: 1, scenariosPassing: 0, scenariosNotApplicable: 0, runs: 0, ok: false },
  };
}
