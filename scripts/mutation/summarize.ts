/**
 * npx tsx scripts/mutation/summarize.ts [report.json ...]: merges Stryker JSON reports (default: every
 * reports/mutation/files/*.json of npm run mutation:per-file, else reports/mutation/mutation.json) and
 * prints, as Markdown, the score per file and over all, and every surviving mutant (Survived or
 * NoCoverage) with the reason scripts/mutation/survivor-reasons.json gives it. A survivor no reason
 * matches is listed as "unexplained" and the exit is 1: the list is complete or it says it is not.
 * A report whose recorded source differs from the file in the tree today is stale (its lines and
 * verdicts belong to other code): the summary names it and the exit is 1. A file no longer in the
 * tree (moved out of the mutation scope) is left out and named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTED, UNDETECTED, loadReasons, reasonOf, treePath } from './reasons.ts';
import type { Mutant, Report } from './reasons.ts';


const FILES_DIR = 'reports/mutation/files';
const args = process.argv.slice(2);
const reportPaths =
  args.length > 0 ? args : existsSync(FILES_DIR) ? readdirSync(FILES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(FILES_DIR, f)) : ['reports/mutation/mutation.json'];
const reasons = loadReasons();

const files = new Map<string, Mutant[]>();
const leftOut: string[] = [];
const stale: string[] = [];
for (const path of reportPaths) {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  for (const [name, { source, mutants }] of Object.entries(report.files)) {
    const file = treePath(name);
    if (!existsSync(file)) {
      leftOut.push(`${file} (${path})`);
      continue;
    }
    if (source !== undefined && source !== readFileSync(file, 'utf8')) stale.push(`${file} (${path})`);
    files.set(file, mutants);
  }
}

const rows: string[] = [];
const survivors: string[] = [];
const total = { all: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0, equivalent: 0, masked: 0, gap: 0, unexplained: 0 };
for (const [file, mutants] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const t = { all: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0, equivalent: 0, masked: 0, gap: 0, unexplained: 0 };
  for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    if (!DETECTED.has(m.status) && !UNDETECTED.has(m.status)) {
      t.invalid++; // CompileError, RuntimeError, Ignored: not a valid mutant (Stryker's own score leaves them out too)
      continue;
    }
    t.all++;
    if (m.status === 'Killed') t.killed++;
    if (m.status === 'Timeout') t.timeout++;
    if (m.status === 'Survived') t.survived++;
    if (m.status === 'NoCoverage') t.noCoverage++;
    if (!UNDETECTED.has(m.status)) continue;
    const reason = reasonOf(reasons, file, m);
    t[reason?.verdict ?? 'unexplained']++;
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 70);
    survivors.push(`| ${file}:${m.location.start.line} | ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''} | \`${replacement}\` | ${reason ? `${reason.verdict}: ${reason.why}` : 'UNEXPLAINED'} |`);
  }
  for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += t[k];
  rows.push(scoreRow(file, t));
}
rows.push(scoreRow('**all**', total));

function scoreRow(name: string, t: typeof total): string {
  const detected = t.killed + t.timeout;
  const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
  return `| ${name} | ${t.all} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.equivalent} | ${t.masked} | ${t.gap} | ${t.unexplained} | ${pct(detected, t.all)} | ${pct(detected, t.all - t.equivalent)} | ${pct(detected, t.all - t.equivalent - t.masked)} |`;
}

process.stdout.write(
  [
    `Reports: ${reportPaths.join(', ')}`,
    '',
    ...(leftOut.length > 0 ? [`Left out (no longer in the source tree, so outside the mutation scope): ${leftOut.join(', ')}`, ''] : []),
    ...(stale.length > 0 ? [`STALE (the report was made on other source than the tree's; re-measure): ${stale.join(', ')}`, ''] : []),
    '| file | mutants | killed | timeout | survived | no coverage | equivalent | masked | gap | unexplained | score (all) | score (all but equivalent) | score (all but equivalent and masked) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| where | mutator | replacement | why it survives |',
    '| --- | --- | --- | --- |',
    ...survivors,
    '',
  ].join('\n'),
);
if (stale.length > 0) {
  process.stderr.write(`mutation summary: ${stale.length} report(s) made on other source than today's tree: ${stale.join(', ')}\n`);
  process.exitCode = 1;
}
if (total.unexplained > 0) {
  process.stderr.write(`mutation summary: ${total.unexplained} survivor(s) without a reason in scripts/mutation/survivor-reasons.json\n`);
  process.exitCode = 1;
}
