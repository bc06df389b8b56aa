/**
 * audit.html: the audit report as one self-contained page (inline CSS, no scripts, no external
 * resources). Every piece of text is escaped: trace content and file names are untrusted.
 */
// @ts-nocheck

import { MODES } from '../spec/matrix.ts';
import type { AuditReport, EvidenceResult } from './audit-types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const esc = escapeHtml;

function badge(status: string): string {
  const label = status === 'pass' ? 'PASS' : status === 'missing' ? 'MISSING' : status === 'n/a' ? 'N/A' : 'FAIL';
  return `<span class="badge ${status === 'pass' ? 'pass' : 'fail'}">${label}</span>`;
}

/** Links only to the relative files the audit wrote (traces/, cells/); anything else is shown as text. */
function traceLink(trace: string | null): string {
  if (!trace) return '—';
  if (!/^(traces\/[A-Za-z0-9._-]+\.jsonl|cells\/[A-Za-z0-9._-]+\.json)$/.test(trace)) return esc(trace);
  return `<a href="${esc(trace)}">${esc(trace)}</a>`;
}

function evidenceItem(e: EvidenceResult): string {
  const runs = e.runs.length
    ? `<div class="runs">${e.runs
        .slice(0, 8)
        .map((r) => `${esc(r.id)} (seed ${r.seed}, ${traceLink(r.trace)})`)
        .join(' · ')}${e.runs.length > 8 ? ` · … ${e.runs.length - 8} more` : ''}</div>`
    : '';
  const failures = e.failures.length ? `<ul class="failures">${e.failures.map((f) => `<li>${esc(f.run)} (seed ${f.seed}, ${traceLink(f.trace)}): ${esc(f.message)}</li>`).join('')}</ul>` : '';
  return `<li>${badge(e.status)} <b>${esc(e.description)}</b>: ${esc(e.detail)}${runs}${failures}</li>`;
}

export function renderAuditHtml(report: AuditReport): string {
  const { summary } = report;
  const failing = report.statements.filter((s) => s.status === 'fail');
  const failingCells = report.matrix.filter((m) => m.status === 'fail');
  const parts: string[] = [];
  parts.push(`<h1>sync-lab audit</h1><p>${esc(report.spec.title)} (${esc(report.spec.version)}) · reconciler <code>${esc(report.reconciler)}</code> · ${badge(summary.ok ? 'pass' : 'fail')}</p>`);
  parts.push(
    `<ul class="summary"><li>statements: ${summary.statementsPassing}/${summary.statements} pass${summary.statementsNotApplicable ? `, ${summary.statementsNotApplicable} not applicable` : ''} (${summary.statementsWithEvidence} with all evidence present)</li><li>parity matrix: ${summary.cellsPassing}/${summary.cells} cells${summary.cellsNotApplicable ? `, ${summary.cellsNotApplicable} not applicable` : ''}</li><li>reviewer scenarios: ${summary.scenariosPassing}/${summary.scenarios}${summary.scenariosNotApplicable ? `, ${summary.scenariosNotApplicable} not applicable` : ''}</li><li>model coverage: ${
      report.modelCoverage
        ? `states ${report.modelCoverage.states.covered}/${report.modelCoverage.states.total}, transitions ${report.modelCoverage.transitions.covered}/${report.modelCoverage.transitions.total}, paths ${report.modelCoverage.pathsPassing}/${report.modelCoverage.paths}`
        : `MISSING (${esc(report.modelError ?? 'not run')})`
    }</li><li>runs: ${summary.runs}</li></ul>`,
  );
  if (failing.length || failingCells.length) {
    parts.push('<h2>What fails and why</h2><ul class="failures">');
    for (const s of failing) for (const why of s.why) parts.push(`<li><b>${esc(s.id)}</b>: ${esc(why)}</li>`);
    for (const m of failingCells) parts.push(`<li><b>cell ${esc(m.capability)}/${esc(m.mode)}</b> (expected: ${esc(m.expected)}; seed ${m.seed}, ${traceLink(m.trace)}): ${esc(m.reasons[0] ?? 'failed')}</li>`);
    parts.push('</ul>');
  }
  parts.push(`<h2>Parity matrix (observed)</h2><table><thead><tr><th>Capability</th>${MODES.map((m) => `<th>${esc(m)}</th>`).join('')}<th>Exposure / sync note</th></tr></thead><tbody>`);
  for (const capability of [...new Set(report.matrix.map((m) => m.capability))]) {
    const cells = MODES.map((mode) => report.matrix.find((m) => m.capability === capability && m.mode === mode)!);
    parts.push(
      `<tr><th>${esc(cells[0]!.title)}</th>${cells
        .map((c) => `<td class="${c.status}">${badge(c.status)} <i>${esc(c.expected)}</i><br>${esc(c.observed)}<br><small>seed ${c.seed} · ${traceLink(c.trace)} · ${traceLink(c.scenario)}</small>${c.reasons.length ? `<ul class="failures">${c.reasons.slice(0, 3).map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}</td>`)
        .join('')}<td>${esc(cells[0]!.exposureNote)}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  parts.push('<h2>Statements</h2>');
  for (const s of report.statements) {
    parts.push(`<section class="statement"><h3 id="${esc(s.id)}">${esc(s.id)} ${badge(s.status)}</h3><p><i>${esc(s.section)}.</i> ${esc(s.text)}</p><ul>${s.evidence.map(evidenceItem).join('')}</ul></section>`);
  }
  parts.push('<h2>Reviewer scenarios</h2><table><thead><tr><th>Scenario</th><th>Modes</th><th>Workflows</th><th>Expected findings</th><th>Found</th><th>Skipped schedule events</th><th>Result</th><th>Trace</th></tr></thead><tbody>');
  for (const s of report.scenarios) {
    parts.push(
      `<tr><td><b>${esc(s.name)}</b><br><small>${esc(s.description)}</small></td><td>${esc(s.modes.join(', ') || '—')}</td><td>${esc(s.workflows.join(', ') || '—')}</td><td>${esc(s.expected.join(', ') || 'none')}</td><td>${esc(s.found.join(', ') || 'none')}</td><td>${s.skips.length === 0 ? 'none' : s.skips.map((line) => esc(line)).join('<br>')}</td><td>${badge(s.status)}</td><td>${traceLink(s.trace)}<br><small>seed ${s.seed}</small></td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  if (report.modelCoverage) {
    parts.push('<h2>Model coverage</h2><table><thead><tr><th>Machine</th><th>States</th><th>Transitions</th><th>Not covered</th></tr></thead><tbody>');
    for (const [machine, c] of Object.entries(report.modelCoverage.perMachine)) {
      parts.push(`<tr><td>${esc(machine)}</td><td>${c.states.covered}/${c.states.total}</td><td>${c.transitions.covered}/${c.transitions.total}</td><td>${esc([...c.states.missing, ...c.transitions.missing].join('; ') || '—')}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  const css = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #ccc;padding:6px;vertical-align:top;text-align:left}td.fail{background:#fff0f0}.badge{font-weight:bold;padding:1px 6px;border-radius:3px;font-size:12px}.badge.pass{background:#dcf5dc;color:#135e13}.badge.fail{background:#fbdada;color:#8a1010}.failures{color:#8a1010}.runs{color:#555;font-size:12px}section.statement{border-top:1px solid #eee}code{background:#f4f4f4;padding:0 3px}`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>sync-lab audit</title><style>${css}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
