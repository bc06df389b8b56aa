/**
 * JUnit XML for CI (`--junit <file.xml>` on run, explore and audit): the common shape every CI reads
 * (GitHub Actions reporters, GitLab, Jenkins): <testsuites> of <testsuite name tests failures errors
 * skipped time> of <testcase name classname time>, a failing case carrying <failure message type>
 * with the details and the command that reproduces it as its text.
 */
// @ts-nocheck

import { writeTextAtomic } from '../io/write-atomic.ts';

export interface JUnitCase {
  name: string;
  classname: string;
  /** Seconds (0 when not measured). */
  timeS?: number;
  failure?: { message: string; type: string; text: string };
  /** Why the case did not run (e.g. a check not applicable to this engine). */
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  timeS?: number;
}

/** XML 1.0 cannot carry most control characters even escaped: they become U+FFFD, never dropped silently. */
function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const seconds = (s: number | undefined): string => (s ?? 0).toFixed(3);

export function renderJUnit(suites: readonly JUnitSuite[]): string {
  const count = (pick: (c: JUnitCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const totalTime = suites.reduce((t, s) => t + (s.timeS ?? 0), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sync-lab" tests="${total}" failures="${count((c) => c.failure !== undefined)}" errors="0" skipped="${count((c) => c.skipped !== undefined)}" time="${seconds(totalTime)}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cases.filter((c) => c.failure !== undefined).length;
    const skipped = suite.cases.filter((c) => c.skipped !== undefined).length;
    out.push(`  <testsuite name="${attr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(suite.timeS)}">`);
    for (const c of suite.cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${seconds(c.timeS)}"`;
      if (c.failure) {
        out.push(`${open}>`, `      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${xmlText(c.failure.text)}</failure>`, '    </testcase>');
      } else if (c.skipped !== undefined) {
        out.push(`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** Written whole (temporary file + rename). */
export function writeJUnit(path: string, suites: readonly JUnitSuite[]): void {
  writeTextAtomic(path, renderJUnit(suites));
}

/** A failure's text: each violation on its own line, then the command that reproduces it. */
export function failureText(violations: readonly { checker: string; message: string; eventIndex: number; t: number }[], reproduce: string): string {
  return [...violations.map((v) => `${v.checker} at event ${v.eventIndex} (t=${v.t} µs): ${v.message}`), `reproduce: ${reproduce}`].join('\n');
}

type ViolationLike = { checker: string; message: string; eventIndex: number; t: number };

/** `run`: one case, the seed. */
export function junitOfRun(r: { seed: number; reconciler: string; wallMs: number; violations: readonly ViolationLike[]; reproduce: string }): JUnitSuite[] {
  const failure = r.violations.length === 0 ? undefined : { message: `${r.violations.length} violation(s): ${[...new Set(r.violations.map((v) => v.checker))].join(', ')}`, type: 'violation', text: failureText(r.violations, r.reproduce) };
  return [{ name: `sync-lab run (${r.reconciler})`, timeS: r.wallMs / 1000, cases: [{ name: `seed ${r.seed}`, classname: 'sync-lab.run', timeS: r.wallMs / 1000, ...(failure ? { failure } : {}) }] }];
}

/** `check`: one case per checker; a checker the trace cannot feed is a skipped case with the reason (never a pass). */
export function junitOfCheck(r: { file: string; judged: readonly string[]; notJudged: readonly { checker: string; reason: string }[]; violations: readonly ViolationLike[] }): JUnitSuite[] {
  const reproduce = `npx sync-lab check ${r.file}`;
  const cases = [
    ...r.judged.map((checker): JUnitCase => {
      const found = r.violations.filter((v) => v.checker === checker);
      const failure = found.length === 0 ? undefined : { message: `${found.length} violation(s)`, type: 'violation', text: failureText(found, reproduce) };
      return { name: checker, classname: 'sync-lab.check', ...(failure ? { failure } : {}) };
    }),
    ...r.notJudged.map((n): JUnitCase => ({ name: n.checker, classname: 'sync-lab.check', skipped: `not judged: ${n.reason}` })),
  ];
  return [{ name: `sync-lab check ${r.file}`, cases }];
}

/** `explore`: one case per seed run; a failing seed lists its violations and the replay command of its shrunk schedule. */
export function junitOfExplore(
  s: { profile: string; reconciler: string; shard: string; wallMs: number; failures: readonly { seed: number; checker: string; message: string; command: string | null }[] },
  seedsRun: readonly number[],
  rerun: (seed: number) => string,
): JUnitSuite[] {
  const bySeed = new Map<number, (typeof s.failures)[number][]>();
  for (const f of s.failures) bySeed.set(f.seed, [...(bySeed.get(f.seed) ?? []), f]);
  const cases = seedsRun.map((seed): JUnitCase => {
    const failures = bySeed.get(seed);
    if (!failures) return { name: `seed ${seed}`, classname: `sync-lab.explore.${s.profile}` };
    const text = [...failures.map((f) => `${f.checker}: ${f.message}${f.command ? `\nreplay (shrunk): ${f.command}` : ''}`), `rerun: ${rerun(seed)}`].join('\n');
    return { name: `seed ${seed}`, classname: `sync-lab.explore.${s.profile}`, failure: { message: failures.map((f) => f.checker).join(', '), type: 'violation', text } };
  });
  return [{ name: `sync-lab explore ${s.profile} (${s.reconciler}, shard ${s.shard})`, timeS: s.wallMs / 1000, cases }];
}

/** `audit`: one case per statement, per parity-matrix cell and per scenario. */
export function junitOfAudit(report: {
  reconciler: string;
  statements: readonly { id: string; text: string; status: string; why: readonly string[] }[];
  matrix: readonly { capability: string; mode: string; title: string; status: string; reasons: readonly string[]; scenario: string }[];
  scenarios: readonly { name: string; file: string; status: string; messages: readonly string[] }[];
}, out: string): JUnitSuite[] {
  const outcome = (status: string, message: string, lines: readonly string[], reproduce: string): Pick<JUnitCase, 'failure' | 'skipped'> => {
    if (status === 'pass') return {};
    if (status === 'fail') return { failure: { message, type: 'audit', text: [...lines, `reproduce: ${reproduce}`].join('\n') } };
    return { skipped: `${status}${lines[0] ? `: ${lines[0]}` : ''}` };
  };
  const audit = `npx sync-lab audit --reconciler ${report.reconciler} (report in ${out}/audit.md)`;
  return [
    { name: 'sync-lab audit: statements', cases: report.statements.map((s) => ({ name: `${s.id}: ${s.text.slice(0, 120)}`, classname: 'sync-lab.audit.statement', ...outcome(s.status, s.why[0] ?? s.status, s.why, audit) })) },
    { name: 'sync-lab audit: parity matrix', cases: report.matrix.map((m) => ({ name: `${m.capability} / ${m.mode}`, classname: 'sync-lab.audit.cell', ...outcome(m.status, m.reasons[0] ?? m.status, m.reasons, `npx sync-lab audit --only-scenarios --scenarios ${out}/${m.scenario}`) })) },
    { name: 'sync-lab audit: scenarios', cases: report.scenarios.map((s) => ({ name: s.name, classname: 'sync-lab.audit.scenario', ...outcome(s.status, s.messages[0] ?? s.status, s.messages, `npx sync-lab audit --only-scenarios --scenarios ${s.file}`) })) },
  ];
}
