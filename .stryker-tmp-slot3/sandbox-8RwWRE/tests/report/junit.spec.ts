// @ts-nocheck
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitOfAudit, junitOfCheck, junitOfExplore, junitOfRun, renderJUnit } from '../../src/report/junit.ts';
import { cli } from '../cli/_internals/cli.ts';
import { junitProblems, parseXml } from './_internals/formats.ts';

const BROKEN = 'tests/fixtures/broken-reconcilers/last-arrival-wins.ts';

describe('JUnit XML', () => {
  it('the validator refuses what CI would: bad counts, unescaped text, a missing message', () => {
    expect(junitProblems('<?xml version="1.0" encoding="UTF-8"?><testsuites tests="1"><testsuite name="s" tests="2" failures="0" errors="0" skipped="0" time="0"><testcase name="a" classname="c" time="0"/></testsuite></testsuites>')).toContain('testsuite s: tests=2 but 1 testcases');
    expect(junitProblems('<?xml version="1.0" encoding="UTF-8"?><testsuites><a>x < y</a></testsuites>')[0]).toMatch(/not well-formed/);
    expect(junitProblems('<?xml version="1.0" encoding="UTF-8"?><testsuites tests="1"><testsuite name="s" tests="1" failures="1" errors="0" skipped="0" time="0"><testcase name="a" classname="c" time="0"><failure>x</failure></testcase></testsuite></testsuites>')).toEqual(['<failure> of a has no message']);
  });

  it('escapes markup, quotes and control characters in names and failure text', () => {
    const nasty = 'a <b> & "c"\u0001 ]]> \n end';
    const xml = renderJUnit([{ name: nasty, cases: [{ name: nasty, classname: 'x', failure: { message: nasty, type: 't', text: `${nasty}</failure>` } }, { name: 'skip', classname: 'x', skipped: 'n/a' }] }]);
    expect(junitProblems(xml)).toEqual([]);
    const suite = parseXml(xml).children[0]!;
    expect(suite.attrs['name']).toBe(nasty.replace('\u0001', '\uFFFD'));
    expect(suite.children[0]!.children[0]!.text).toBe(`${nasty.replace('\u0001', '\uFFFD')}</failure>`);
  });

  it('run: one case for the seed; a failure lists each violation and the command that reproduces it', () => {
    const v = { checker: 'lww-winner', message: 'lost b/o2', eventIndex: 7, t: 100 };
    const [suite] = junitOfRun({ seed: 4, reconciler: 'x', wallMs: 10, violations: [v], reproduce: 'npx sync-lab run --seed 4' });
    expect(suite!.cases).toEqual([{ name: 'seed 4', classname: 'sync-lab.run', timeS: 0.01, failure: { message: '1 violation(s): lww-winner', type: 'violation', text: 'lww-winner at event 7 (t=100 µs): lost b/o2\nreproduce: npx sync-lab run --seed 4' } }]);
  });

  it('check: one case per checker; a violated one fails with the check command, a not-judged one is skipped with its reason', () => {
    const v = { checker: 'lww-winner', message: 'lost b/o2', eventIndex: 7, t: 100 };
    const [suite] = junitOfCheck({ file: 'app.jsonl', judged: ['convergence', 'lww-winner'], notJudged: [{ checker: 'durability', reason: 'the trace logs no run-end' }], violations: [v] });
    expect(suite!.cases).toEqual([
      { name: 'convergence', classname: 'sync-lab.check' },
      { name: 'lww-winner', classname: 'sync-lab.check', failure: { message: '1 violation(s)', type: 'violation', text: 'lww-winner at event 7 (t=100 µs): lost b/o2\nreproduce: npx sync-lab check app.jsonl' } },
      { name: 'durability', classname: 'sync-lab.check', skipped: 'not judged: the trace logs no run-end' },
    ]);
    expect(junitProblems(renderJUnit([suite!]))).toEqual([]);
  });

  it('check --junit on a trace with a violation: exit 1, and the file validates with that checker failing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'junit-check-')), 'check.xml');
    const r = cli(['check', 'tests/golden/viz-clock-skew-wall.jsonl', '--junit', out]);
    expect(r.code, r.stderr).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(junitProblems(xml)).toEqual([]);
    const failing = parseXml(xml).children[0]!.children.filter((c) => c.children.some((f) => f.name === 'failure')).map((c) => c.attrs['name']);
    expect(failing).toEqual(['causal-lww']);
  });

  it('audit: one case per statement, cell and scenario; fail is a failure, not-applicable is skipped', () => {
    const suites = junitOfAudit({
      reconciler: 'default',
      statements: [{ id: 'NORM-001', text: 'local writes commit', status: 'pass', why: [] }, { id: 'NORM-002', text: 'x', status: 'fail', why: ['missing evidence'] }, { id: 'NORM-003', text: 'y', status: 'not-applicable', why: ['no backups'] }],
      matrix: [{ capability: 'edit', mode: 'offline', title: 't', status: 'pass', reasons: [], scenario: 'cells/edit-offline.yaml' }],
      scenarios: [{ name: 's', file: 'f.yaml', status: 'fail', messages: ['expected lww-winner'] }],
    }, 'audit-results');
    expect(junitProblems(renderJUnit(suites))).toEqual([]);
    expect(suites.map((s) => s.cases.length)).toEqual([3, 1, 1]);
    expect(suites[0]!.cases[1]!.failure?.text).toBe('missing evidence\nreproduce: npx sync-lab audit --reconciler default (report in audit-results/audit.md)');
    expect(suites[0]!.cases[2]!.skipped).toBe('not-applicable: no backups');
  });

  it('explore --junit: one case per seed run, the failing ones naming their rerun command; the file validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-junit-'));
    const r = cli(['explore', '--seeds', '6', '--workers', '1', '--no-shrink', '--reconciler', BROKEN, '--out', join(dir, 'out'), '--junit', join(dir, 'e.xml')]);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(dir, 'e.xml'), 'utf8');
    expect(junitProblems(xml)).toEqual([]);
    const cases = parseXml(xml).children[0]!.children;
    expect(cases.map((c) => c.attrs['name'])).toEqual(['seed 1', 'seed 2', 'seed 3', 'seed 4', 'seed 5', 'seed 6']);
    const failing = cases.filter((c) => c.children.length > 0);
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) expect(c.children[0]!.text).toContain(`rerun: npx sync-lab explore --from ${c.attrs['name']!.slice(5)} --seeds 1`);
  });

  it('run --junit refuses an output path that cannot be a file before running (exit 2, naming the flag)', () => {
    const r = cli(['run', '--seed', '1', '--junit', '/proc/nope.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--junit/);
  });
});
