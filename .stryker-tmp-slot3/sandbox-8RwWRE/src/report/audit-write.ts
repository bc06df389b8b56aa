/**
 * The audit's write step: puts a judged audit on disk — traces/ (one JSONL trace per run, replaced
 * whole), cells/ (each parity cell's scenario), audit.json, audit.md and audit.html — every file
 * written atomically. Runs only after gathering and judging succeeded, so a run that fails part-way
 * leaves the previous audit in the folder as it was.
 */
// @ts-nocheck

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { renderAuditHtml } from './audit-html.ts';
import { renderAuditMarkdown } from './audit-markdown.ts';
import type { AuditReport, Gathered } from './audit-types.ts';

export function writeAudit(out: string, gathered: Gathered, report: AuditReport): void {
  rmSync(join(out, 'traces'), { recursive: true, force: true });
  rmSync(join(out, 'cells'), { recursive: true, force: true });
  mkdirSync(join(out, 'traces'), { recursive: true });
  for (const { run, trace } of gathered.records) {
    if (run.trace === null || trace === null) continue;
    writeTextAtomic(join(out, run.trace), trace.map((e) => canonicalJson(e)).join('\n') + '\n');
  }
  for (const { file, scenario } of gathered.cellScenarios) writeTextAtomic(join(out, file), `${JSON.stringify(scenario, null, 2)}\n`);
  writeTextAtomic(join(out, 'audit.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeTextAtomic(join(out, 'audit.md'), renderAuditMarkdown(report));
  writeTextAtomic(join(out, 'audit.html'), renderAuditHtml(report));
}
