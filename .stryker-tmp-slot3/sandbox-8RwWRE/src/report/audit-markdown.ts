/**
 * audit.md: the audit report for people reading it in a repository or a CI summary. Failures first,
 * then every statement with its evidence, the parity matrix as observed, scenarios, model coverage.
 * Text from traces and files is escaped so it cannot break the tables or inject markup.
 */
// @ts-nocheck

import type { AuditReport, EvidenceResult, StatementResult } from './audit-types.ts';
import { MODES } from '../spec/matrix.ts';

/** Escapes text for a Markdown table cell or line: no markup, no pipes, no line breaks. */
export function mdText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

const mark = (status: string): string => (status === 'pass' ? 'PASS' : status === 'missing' ? 'MISSING' : status === 'n/a' ? 'N/A' : 'FAIL');
const na = (n: number): string => (n > 0 ? `, ${n} not applicable` : '');

function link(trace: string | null, label = 'trace'): string {
  return trace ? `[${label}](${encodeURI(trace)})` : '—';
}

function evidenceLine(e: EvidenceResult): string {
  const runs = e.runs.length > 0 ? ` — ${e.runs.slice(0, 6).map((r) => `${mdText(r.id)} (seed ${r.seed}, ${link(r.trace)})`).join(', ')}${e.runs.length > 6 ? `, … ${e.runs.length - 6} more` : ''}` : '';
  return `  - **${mark(e.status)}** ${mdText(e.description)}: ${mdText(e.detail)}${runs}`;
}

function statementBlock(s: StatementResult): string[] {
  const lines = [`### ${s.id} — ${mark(s.status)}`, '', `*${mdText(s.section)}.* ${mdText(s.text)}`, ''];
  for (const e of s.evidence) lines.push(evidenceLine(e));
  for (const e of s.evidence) for (const f of e.failures) lines.push(`    - ${mdText(f.run)} (seed ${f.seed}, ${link(f.trace)}): ${mdText(f.message)}`);
  lines.push('');
  return lines;
}

export function renderAuditMarkdown(report: AuditReport): string {
  const { summary } = report;
  const lines: string[] = [
    `# sync-lab audit: ${mdText(report.spec.title)} (${mdText(report.spec.version)})`,
    '',
    `Reconciler: ${mdText(report.reconciler)}${report.reconcilerOptions !== undefined ? ` with options ${mdText(JSON.stringify(report.reconcilerOptions))}` : ''} · result: **${summary.ok ? 'every applicable statement and cell holds' : 'FAILING'}**`,
    '',
    `- statements: ${summary.statementsPassing}/${summary.statements} pass${na(summary.statementsNotApplicable)} (${summary.statementsWithEvidence} with all their evidence present)`,
    `- parity matrix: ${summary.cellsPassing}/${summary.cells} cells as the matrix states${na(summary.cellsNotApplicable)}`,
    `- reviewer scenarios: ${summary.scenariosPassing}/${summary.scenarios} as expected${na(summary.scenariosNotApplicable)}`,
    `- model coverage: ${report.modelCoverage ? `states ${report.modelCoverage.states.covered}/${report.modelCoverage.states.total}, transitions ${report.modelCoverage.transitions.covered}/${report.modelCoverage.transitions.total}, paths ${report.modelCoverage.pathsPassing}/${report.modelCoverage.paths} passing` : `MISSING (${mdText(report.modelError ?? 'not run')})`}`,
    `- runs: ${summary.runs} (traces in \`traces/\`, one JSON object per line)`,
    '',
  ];
  const failing = report.statements.filter((s) => s.status === 'fail');
  const failingCells = report.matrix.filter((m) => m.status === 'fail');
  if (failing.length > 0 || failingCells.length > 0) {
    lines.push('## What fails and why', '');
    for (const s of failing) for (const why of s.why) lines.push(`- **${s.id}**: ${mdText(why)}`);
    for (const m of failingCells) lines.push(`- **cell ${m.capability}/${m.mode}** (expected: ${mdText(m.expected)}; seed ${m.seed}, ${link(m.trace)}): ${mdText(m.reasons[0] ?? 'failed')}`);
    lines.push('');
  }

  lines.push('## Parity matrix (observed)', '', `| Capability | ${MODES.map((m) => m).join(' | ')} | Exposure / sync note |`, '| --- | --- | --- | --- | --- |');
  const rows = [...new Set(report.matrix.map((m) => m.capability))];
  for (const capability of rows) {
    const cells = MODES.map((mode) => report.matrix.find((m) => m.capability === capability && m.mode === mode)!);
    const first = cells[0]!;
    lines.push(`| ${mdText(first.title)} | ${cells.map((c) => `**${mark(c.status)}** ${mdText(c.expected)}: ${mdText(c.observed)} (seed ${c.seed}, ${link(c.trace)}, ${link(c.scenario, 'scenario')})`).join(' | ')} | ${mdText(first.exposureNote)} |`);
  }
  lines.push('');

  lines.push('## Statements', '');
  for (const s of report.statements) lines.push(...statementBlock(s));

  lines.push('## Reviewer scenarios', '', '| Scenario | Modes | Workflows | Expected findings | Found | Skipped schedule events | Result | Trace |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of report.scenarios) {
    lines.push(`| ${mdText(s.name)} | ${mdText(s.modes.join(', ') || '—')} | ${mdText(s.workflows.join(', ') || '—')} | ${mdText(s.expected.join(', ') || 'none')} | ${mdText(s.found.join(', ') || 'none')} | ${s.skips.length === 0 ? 'none' : s.skips.map((line) => mdText(line)).join('<br>')} | ${mark(s.status)} | ${link(s.trace)} (seed ${s.seed}) |`);
  }
  lines.push('');

  if (report.modelCoverage) {
    lines.push('## Model coverage', '', '| Machine | States | Transitions |', '| --- | --- | --- |');
    for (const [machine, c] of Object.entries(report.modelCoverage.perMachine)) {
      lines.push(`| ${mdText(machine)} | ${c.states.covered}/${c.states.total} | ${c.transitions.covered}/${c.transitions.total} |`);
    }
    lines.push('');
  }
  lines.push('Every trace is canonical JSON lines in the sync-lab trace format (the visualizer reads them). Cell scenarios are built in `src/lab/parity/cell-scenarios.ts` (seed 2700 + the cell index) and written to `cells/` as scenario files; reviewer scenarios are the files in `simulations/reviewer/`.', '');
  return `${lines.join('\n')}`;
}
