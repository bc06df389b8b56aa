// Re-running the gap survivors at more seeds: which lines are run again, and how the larger run's
// verdicts enter the first measurement's reports (only survivors change, and say why).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapRanges, mergeRerun } from '../../../scripts/mutation/rerun-gaps.ts';
import type { Mutant, Reason, Report } from '../../../scripts/mutation/reasons.ts';

const mutant = (line: number, status: string, mutatorName = 'ConditionalExpression', replacement = 'true'): Mutant => ({ mutatorName, replacement, status, location: { start: { line, column: 4 } } });
const reportOf = (...mutants: Mutant[]): Report => ({ files: { '/sandbox/src/reconciler/x.ts': { mutants } } });
const REASONS: Reason[] = [
  { file: 'src/reconciler/x.ts', lines: [10, 10], verdict: 'gap', why: 'rare placement' },
  { file: 'src/reconciler/x.ts', lines: [20, 20], verdict: 'equivalent', why: 'same behaviour' },
  { file: 'src/reconciler/x.ts', lines: [30, 30], verdict: 'masked', why: 'restored elsewhere' },
];

describe('gapRanges', () => {
  it('runs again the lines of gap, masked and unexplained survivors, not equivalent or killed ones', () => {
    const report = reportOf(mutant(10, 'Survived'), mutant(10, 'Killed', 'BooleanLiteral'), mutant(20, 'Survived'), mutant(30, 'NoCoverage'), mutant(40, 'NoCoverage'), mutant(50, 'Killed'));
    expect(gapRanges([report], REASONS)).toEqual(['src/reconciler/x.ts:10-10', 'src/reconciler/x.ts:30-30', 'src/reconciler/x.ts:40-40']);
  });
});

describe('mergeRerun', () => {
  it('marks a survivor the larger run detected, says so, and leaves every other mutant as it was', () => {
    const first = reportOf(mutant(10, 'Survived'), mutant(10, 'Killed', 'BooleanLiteral'), mutant(40, 'NoCoverage'), mutant(50, 'Survived'));
    const rerun: Report = { files: { 'src/reconciler/x.ts': { mutants: [mutant(10, 'Killed'), mutant(10, 'Killed', 'BooleanLiteral'), mutant(40, 'Survived')] } } };
    const { report, rerun: count, detected } = mergeRerun(first, rerun, 1000);
    const statuses = report.files['/sandbox/src/reconciler/x.ts']!.mutants.map((m) => m.status);
    expect(statuses).toEqual(['Killed', 'Killed', 'NoCoverage', 'Survived']);
    expect(report.files['/sandbox/src/reconciler/x.ts']!.mutants[0]!.statusReason).toBe('detected when run again at 1000 seeds (Survived in the first measurement)');
    expect([count, detected]).toEqual([2, 1]);
    // The first report is not changed in place.
    expect(first.files['/sandbox/src/reconciler/x.ts']!.mutants[0]!.status).toBe('Survived');
  });

  it('matches a mutant by line, column, mutator and replacement, not by line alone', () => {
    const first = reportOf(mutant(10, 'Survived', 'StringLiteral', '""'));
    const rerun: Report = { files: { 'src/reconciler/x.ts': { mutants: [mutant(10, 'Killed', 'ConditionalExpression', 'true')] } } };
    expect(mergeRerun(first, rerun, 1000).detected).toBe(0);
  });
});

describe('npm run mutation:gaps', () => {
  const run = (...args: string[]) => spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/mutation/rerun-gaps.ts'), ...args], { cwd: mkdtempSync(join(tmpdir(), 'sync-lab-gaps-')), encoding: 'utf8' });
  it('refuses a bad seed count and a run with no report (exit 2, saying what was expected), before running anything', () => {
    const bad = run('--seeds', '0');
    expect([bad.status, bad.stderr]).toEqual([2, 'mutation:gaps: --seeds: expected a whole number of seeds >= 1, got "0"\n']);
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no report: run npm run mutation:per-file first/);
  });
});
