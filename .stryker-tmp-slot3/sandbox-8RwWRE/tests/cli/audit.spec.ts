// @ts-nocheck
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/audit.ts';
import { cli } from './_internals/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/parity-broken/${name}.ts`, import.meta.url));
const out = () => mkdtempSync(join(tmpdir(), 'audit-cli-'));

describe('sync-lab audit', () => {
  it('--json on the default reconciler: every statement has evidence and passes, 27/27 cells, exit 0', () => {
    const dir = out();
    const { code, stdout, stderr } = cli(['audit', '--json', '--out', dir, '--swarm-seeds', '5']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.statements.length).toBeGreaterThanOrEqual(30);
    for (const s of report.statements) {
      expect(s.evidence.length, s.id).toBeGreaterThan(0);
      expect(s.status, `${s.id}: ${s.why.join('; ')}`).toBe('pass');
    }
    expect(report.summary).toMatchObject({ cells: 27, cellsPassing: 27, statementsWithEvidence: report.statements.length, statementsPassing: report.statements.length, ok: true });
    expect(report.matrix.map((m) => m.status)).toEqual(Array(27).fill('pass'));
    expect(report.modelCoverage).toMatchObject({ states: expect.any(Object), transitions: expect.any(Object) });
    expect(stderr).toMatch(/audit: 27 parity-matrix cells/);
    expect(JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'))).toEqual(report);
    expect(report.out).toBe(dir);
    expect(JSON.parse(readFileSync(join(dir, '.sync-lab-output'), 'utf8')).command).toBe('audit');
  }, 60_000);

  it('fails loudly (exit 1) on a reconciler that blocks a local save while offline, naming statements and cells', () => {
    const dir = out();
    const { code, stdout } = cli(['audit', '--out', dir, '--swarm-seeds', '0', '--reconciler', fixture('blocks-offline-save')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILING/);
    expect(stdout).toMatch(/FAIL OFF-2: .*non-blocking/);
    expect(stdout).toMatch(/FAIL cell create\/offline: local save blocked/);
    const report = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditReport;
    expect(report.matrix.find((m) => m.capability === 'edit' && m.mode === 'offline')?.status).toBe('fail');
    expect(report.matrix.find((m) => m.capability === 'edit' && m.mode === 'online')?.status).toBe('pass');
  }, 60_000);

  it('fails loudly (exit 1) on a reconciler that transmits while offline, naming EXP-1 and the offline cells', () => {
    const dir = out();
    const { code, stdout } = cli(['audit', '--out', dir, '--swarm-seeds', '0', '--reconciler', fixture('transmits-offline')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL EXP-1: .*exposure-offline/);
    expect(stdout).toMatch(/FAIL cell read\/offline: exposure: device a is offline and must transmit nothing/);
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toMatch(/## What fails and why/);
  }, 60_000);

  it('exits 2 on bad input, naming what was expected', () => {
    expect(cli(['audit', '--out', out(), '--swarm-seeds', 'many'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--swarm-seeds must be a whole number/) });
    expect(cli(['audit', '--out', out(), '--reconciler', '/nonexistent/engine.ts'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file/) });
    const scenarios = mkdtempSync(join(tmpdir(), 'audit-scenarios-'));
    writeFileSync(join(scenarios, 'broken.yaml'), 'name: broken\ndescription: x\noptions: {}\nschedule: { devices: [a], initialModes: {}, clocks: {}, events: [ { atMs: 1, device: a, action: fly } ] }\n');
    const target = out();
    const bad = cli(['audit', '--out', target, '--swarm-seeds', '0', '--scenarios', scenarios]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml: field "schedule\.events\.0\.action"/);
    // The failed audit's staging folder is gone and the target is as it was.
    expect(readdirSync(target)).toEqual([]);
    expect(readdirSync(dirname(target)).filter((name) => name.startsWith(`.${basename(target)}.`))).toEqual([]);
    // A folder sync-lab did not write is refused before anything runs.
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const foreign = cli(['audit', '--out', target]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/audit: --out ".*": the folder is not empty \(notes\.txt\) and has no \.sync-lab-output marker/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
  }, 60_000);

  it('--scenarios takes a single file (once an internal error): with --only-scenarios it runs just that one, judged exactly', () => {
    const dir = out();
    const scenario = JSON.parse(readFileSync('simulations/reviewer/crash-mid-sync.json', 'utf8'));
    // A finding the scenario claims to demonstrate that does not happen: the scenario must fail.
    const file = join(mkdtempSync(join(tmpdir(), 'audit-one-')), 'claims-a-finding.json');
    writeFileSync(file, JSON.stringify({ ...scenario, name: 'claims-a-finding', expectViolations: ['no-duplicates'] }));
    const { code, stdout, stderr } = cli(['audit', '--out', dir, '--swarm-seeds', '0', '--only-scenarios', '--scenarios', file]);
    expect(code, stderr).toBe(1);
    expect(stderr).not.toMatch(/internal error/);
    expect(stdout).toMatch(/scenarios: +0\/1/);
    expect(stderr).toMatch(/FAIL +claims-a-finding/);
    const report = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditReport;
    expect(report.scenarios.map((s) => s.name)).toEqual(['claims-a-finding']);
  }, 60_000);

  it('--scenarios adds to the built-in reviewer set (a clashing name is refused), takes comma lists, and --only-scenarios needs it', () => {
    const clash = join(mkdtempSync(join(tmpdir(), 'audit-clash-')), 'again.json');
    writeFileSync(clash, readFileSync('simulations/reviewer/crash-mid-sync.json', 'utf8'));
    const added = cli(['audit', '--out', out(), '--swarm-seeds', '0', '--scenarios', clash]);
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/again\.json: field "name": "crash-mid-sync" is already used by .*crash-mid-sync\.json/);
    const unique = join(mkdtempSync(join(tmpdir(), 'audit-unique-')), 'unique.json');
    writeFileSync(unique, JSON.stringify({ ...JSON.parse(readFileSync(clash, 'utf8')), name: 'unique-one' }));
    // The second path of the comma list is read as a path of its own (and does not exist).
    const listed = cli(['audit', '--out', out(), '--swarm-seeds', '0', '--scenarios', `${unique},/nonexistent/more.yaml`]);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(/^sync-lab: \/nonexistent\/more\.yaml: no such scenario file or folder\n$/);
    const only = cli(['audit', '--out', out(), '--only-scenarios']);
    expect(only).toMatchObject({ code: 2, stderr: expect.stringMatching(/--only-scenarios: expected --scenarios/) });
  }, 60_000);

  it('a scenario file with a string where a number belongs is exit 2 naming the field, before anything runs', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-typed-')), 'typed.yaml');
    writeFileSync(file, readFileSync('simulations/reviewer/conflict-delete-vs-edit.yaml', 'utf8').replace('{ atMs: 8000, device: a, action: delete', '{ atMs: "8000", device: a, action: delete'));
    const dir = out();
    const result = cli(['audit', '--out', dir, '--only-scenarios', '--scenarios', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`sync-lab: ${file}: field "schedule.events.3.atMs": Invalid input: expected number, received string\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

