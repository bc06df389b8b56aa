// @ts-nocheck
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runAudit } from '../../src/report/audit.ts';
import type { ModelEvidenceSource } from '../../src/report/audit.ts';
import transmitsOffline from '../fixtures/parity-broken/transmits-offline.ts';

const out = () => mkdtempSync(join(tmpdir(), 'audit-'));
const noModels: ModelEvidenceSource = () => Promise.reject(new Error('models/evidence.ts: not available in this test'));
const emptyModels: ModelEvidenceSource = () =>
  Promise.resolve({ coverage: { states: { covered: 1, total: 1, missing: [] }, transitions: { covered: 1, total: 1, missing: [] } }, perMachine: {}, paths: [] });

describe('runAudit', () => {
  it('on the default reconciler: every statement has evidence and passes, 27/27 cells, files and traces written', async () => {
    const dir = out();
    mkdirSync(join(dir, 'traces'), { recursive: true });
    writeFileSync(join(dir, 'traces', 'stale.jsonl'), '{}\n');
    const lines: string[] = [];
    const report = await runAudit({ out: dir, swarmSeeds: 4, log: (l) => lines.push(l) });
    expect(report.statements.filter((s) => s.status !== 'pass').map((s) => `${s.id}: ${s.why.join('; ')}`)).toEqual([]);
    expect(report.summary).toMatchObject({ statements: report.statements.length, statementsWithEvidence: report.statements.length, statementsPassing: report.statements.length, cells: 27, cellsPassing: 27, ok: true });
    expect(report.modelCoverage?.paths).toBeGreaterThan(0);
    expect(report.modelCoverage?.states.covered).toBe(report.modelCoverage?.states.total);
    expect(lines.some((l) => l.includes('parity-matrix cells'))).toBe(true);

    const json = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as typeof report;
    expect(json.summary).toEqual(report.summary);
    expect(json.matrix[0]).toMatchObject({ capability: 'create', mode: 'offline', expected: 'Available', status: 'pass' });
    expect(json.statements[0]).toMatchObject({ id: 'SYNC-0', status: 'pass' });
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toContain('27/27 cells');
    expect(readFileSync(join(dir, 'audit.html'), 'utf8')).toContain('<!doctype html>');

    expect(existsSync(join(dir, 'traces', 'stale.jsonl'))).toBe(false);
    for (const run of report.runs) {
      if (run.trace === null) continue;
      const first = JSON.parse(readFileSync(join(dir, run.trace), 'utf8').split('\n')[0]!) as { kind: string; seed: number };
      expect(first, run.id).toMatchObject({ kind: 'run-start', seed: run.seed });
    }
    for (const cell of report.matrix) expect(cell.observed).not.toBe(cell.expected);

    // Each cell's scenario is written as a reviewer-scenario file that replays to the same trace.
    const cell = report.matrix.find((m) => m.capability === 'propagation' && m.mode === 'offline')!;
    const scenario = loadScenario(join(dir, cell.scenario));
    const again = runChecked({ options: scenario.options, schedule: scenario.schedule });
    expect(again.traceHash).toBe(report.runs.find((r) => r.id === 'cell:propagation/offline')!.traceHash);
  }, 60_000);

  it('shows missing model evidence as missing and failing, never as a pass', async () => {
    const report = await runAudit({ out: out(), swarmSeeds: 0, modelEvidence: noModels });
    expect(report.modelCoverage).toBeNull();
    expect(report.modelError).toMatch(/not available/);
    const norm019 = report.statements.find((s) => s.id === 'NORM-019')!;
    expect(norm019.status).toBe('fail');
    expect(norm019.evidence.filter((e) => e.status === 'missing').map((e) => e.kind)).toEqual(['model-paths', 'model-coverage']);
    expect(report.summary.statementsWithEvidence).toBeLessThan(report.summary.statements);
    expect(report.summary.ok).toBe(false);
  }, 60_000);

  it('fails the offline statements and cells of a reconciler that transmits while offline, and says why', async () => {
    const dir = out();
    const report = await runAudit({ out: dir, reconciler: transmitsOffline, swarmSeeds: 0, modelEvidence: emptyModels });
    expect(report.summary.ok).toBe(false);
    const exp1 = report.statements.find((s) => s.id === 'EXP-1')!;
    expect(exp1.status).toBe('fail');
    expect(exp1.why.join('\n')).toMatch(/exposure-offline/);
    const cell = report.matrix.find((m) => m.capability === 'create' && m.mode === 'offline')!;
    expect(cell.status).toBe('fail');
    expect(cell.reasons[0]).toMatch(/must transmit nothing/);
    const md = readFileSync(join(dir, 'audit.md'), 'utf8');
    expect(md).toMatch(/\*\*EXP-1\*\*/);
    expect(md).toMatch(/\*\*cell create\/offline\*\*/);
  }, 60_000);

  it('writes nothing until every run is done: an audit interrupted part-way leaves the previous folder as it was', async () => {
    const dir = out();
    mkdirSync(join(dir, 'traces'), { recursive: true });
    writeFileSync(join(dir, 'traces', 'previous.jsonl'), '{}\n');
    writeFileSync(join(dir, 'audit.json'), '{"previous":true}\n');
    const interrupt = (line: string) => {
      if (line.startsWith('audit: determinism')) throw new Error('interrupted');
    };
    await expect(runAudit({ out: dir, swarmSeeds: 0, modelEvidence: emptyModels, log: interrupt })).rejects.toThrow('interrupted');
    expect(readFileSync(join(dir, 'traces', 'previous.jsonl'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(dir, 'audit.json'), 'utf8')).toBe('{"previous":true}\n');
    expect(existsSync(join(dir, 'cells'))).toBe(false);
  }, 60_000);
});

