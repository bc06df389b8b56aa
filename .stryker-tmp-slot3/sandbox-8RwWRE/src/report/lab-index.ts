/**
 * index.html of a lab run: one self-contained page (inline CSS, no scripts) that links everything the
 * run wrote: the audit report, a visualizer page and a trace per reviewer scenario, the exploration's
 * results and replay files. Links are relative to the results folder, so the folder can be moved or
 * attached to a review as it is. All text is escaped (scenario descriptions and messages are data).
 */
// @ts-nocheck

import { basename, dirname, relative } from 'node:path';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { escapeHtml as esc } from './audit-html.ts';

export interface LabIndexInput {
  ok: boolean;
  scenarios: readonly { name: string; description: string; status: 'pass' | 'fail'; expected: readonly string[]; observed: readonly string[]; trace: string; viz: string; events: number; converged: boolean }[];
  exploration: { seedsRun: number; seedsPerSecond: number; profile?: string; failures: readonly { seed: number; checker: string; replayFile?: string | null | undefined }[] };
  audit: { statements: number; statementsPassing: number; cells: number; cellsPassing: number; report: string };
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde2ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
.pass{color:#17693a;font-weight:600}.fail{color:#b3261e;font-weight:600}.muted{color:#5d6677}code{font-size:.92em}`;

function link(fromDir: string, target: string, text: string): string {
  const href = relative(fromDir, target).split('\\').join('/');
  return `<a href="${esc(encodeURI(href))}">${esc(text)}</a>`;
}

function verdict(ok: boolean, yes: string, no: string): string {
  return ok ? `<span class="pass">${esc(yes)}</span>` : `<span class="fail">${esc(no)}</span>`;
}

export function renderLabIndex(indexPath: string, lab: LabIndexInput): string {
  const dir = dirname(indexPath);
  const scenarioRows = lab.scenarios
    .map(
      (s) =>
        `<tr><td>${verdict(s.status === 'pass', 'as expected', 'UNEXPECTED')}</td><td><b>${esc(s.name)}</b><div class="muted">${esc(s.description)}</div></td>` +
        `<td>${s.observed.length ? esc(s.observed.join(', ')) : 'none'}${s.expected.length ? ` <span class="muted">(expected: ${esc(s.expected.join(', '))})</span>` : ''}</td>` +
        `<td>${s.events} events, ${s.converged ? 'converged' : 'NOT converged'}</td><td>${link(dir, s.viz, 'visualizer')} · ${link(dir, s.trace, 'trace')}</td></tr>`,
    )
    .join('\n');
  const failures = lab.exploration.failures.length
    ? `<ul>${lab.exploration.failures.map((f) => `<li>seed ${f.seed}: ${esc(f.checker)}${f.replayFile ? ` — ${link(dir, f.replayFile, basename(f.replayFile))}` : ''}</li>`).join('')}</ul>`
    : '<p>No seed violated any property.</p>';
  const a = lab.audit;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>sync-lab lab run</title><style>${CSS}</style></head><body>
<h1>sync-lab lab run: ${verdict(lab.ok, 'all checks hold', 'VIOLATIONS FOUND')}</h1>
<h2>Audit of the spec</h2>
<p>${a.statementsPassing}/${a.statements} normative statements and ${a.cellsPassing}/${a.cells} parity-matrix cells hold. ${link(dir, a.report, 'Open the audit report')}.</p>
<h2>Reviewer scenarios</h2>
<p class="muted">Each visualizer page is self-contained: it opens from disk with no server and no network.</p>
<table><thead><tr><th>result</th><th>scenario</th><th>findings</th><th>run</th><th>open</th></tr></thead><tbody>
${scenarioRows}
</tbody></table>
<h2>Swarm exploration</h2>
<p>${lab.exploration.seedsRun} seeds${lab.exploration.profile ? ` of the <code>${esc(lab.exploration.profile)}</code> profile` : ''}, ${lab.exploration.seedsPerSecond} seeds/s.</p>
${failures}
</body></html>
`;
}

export function writeLabIndex(indexPath: string, lab: LabIndexInput): void {
  writeTextAtomic(indexPath, renderLabIndex(indexPath, lab));
}
