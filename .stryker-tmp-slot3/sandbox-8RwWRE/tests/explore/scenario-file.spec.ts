// @ts-nocheck
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runChecked } from '../../src/lab/run-checked.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { judgeScenario, loadScenario, loadScenarioDir, loadScenarios } from '../../src/explore/scenario-file.ts';

const REVIEWER_DIR = new URL('../../simulations/reviewer/', import.meta.url).pathname;

const yaml = (events: string, extra = '') => `name: tiny
description: one create
${extra}options: { seed: 1, durationMs: 2000 }
schedule:
  devices: [a]
  initialModes: { a: online }
  clocks: { a: { offsetMs: 0, driftPpm: 0 } }
  events:
${events}
`;

const CREATE = '    - { atMs: 0, device: a, action: create, ref: x, fields: { notes: "hello" } }';

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('scenario files', () => {
  it('loads every reviewer scenario, JSON and YAML, with the tags the audit selects by', () => {
    const scenarios = loadScenarioDir(REVIEWER_DIR);
    const names = scenarios.map((s) => s.name);
    for (const original of ['clock-skew-hlc', 'clock-skew-wall', 'crash-mid-sync', 'offline-conflict', 'token-expired-offline']) expect(names).toContain(original);
    for (const mode of ['offline', 'intermittent', 'online'] as const) {
      expect(scenarios.some((s) => s.workflows.includes('essential-workflows') && s.modes.includes(mode)), mode).toBe(true);
    }
    for (const workflow of ['conflicting-edits', 'reconnect-both', 'deterministic-reconciliation', 'clock-skew', 'crash-mid-sync', 'extended-failure'] as const) {
      expect(scenarios.some((s) => s.workflows.includes(workflow)), workflow).toBe(true);
    }
    expect(scenarios.some((s) => s.file.endsWith('.yaml'))).toBe(true);
  });

  it('runs every reviewer scenario with exactly the findings it expects', () => {
    for (const s of loadScenarioDir(REVIEWER_DIR)) {
      const run = runChecked({ options: s.options, schedule: s.schedule });
      expect([...new Set(run.violations.map((v) => v.checker))].sort(), s.name).toEqual([...s.expectViolations].sort());
      expect(run.converged, s.name).toBe(true);
    }
  });

  it('reads a YAML scenario', () => {
    const s = loadScenario(file('tiny.yaml', yaml('    - { atMs: 100, device: a, action: create, ref: x, fields: { notes: "hello" } }', 'modes: [online]\n')));
    expect(s).toMatchObject({ name: 'tiny', modes: ['online'], workflows: [], expectViolations: [] });
    expect(s.schedule.events).toHaveLength(1);
  });

  it('names the file and the field of a bad event', () => {
    const path = file('bad.yaml', yaml('    - { atMs: 100, device: a, action: edit, ref: x }'));
    const message = failure(() => loadScenario(path));
    expect(message).toContain(path);
    expect(message).toMatch(/field "schedule\.events\.0\.fields"/);
  });

  it('rejects an unknown action, a misspelt key, an unknown device and an unknown workflow', () => {
    expect(failure(() => loadScenario(file('a.yaml', yaml('    - { atMs: 1, device: a, action: teleport }'))))).toMatch(/field "schedule\.events\.0\.action"/);
    expect(failure(() => loadScenario(file('b.yaml', yaml(`${CREATE}\n    - { atMs: 1, device: a, action: read, ref: x, colour: red }`))))).toMatch(/field "schedule\.events\.1\.colour": unknown field/);
    expect(failure(() => loadScenario(file('c.yaml', yaml(`${CREATE}\n    - { atMs: 1, device: z, action: read, ref: x }`))))).toMatch(/field "schedule\.events\.1\.device": "z" is not one of the schedule's devices \(a\)/);
    expect(failure(() => loadScenario(file('d.yaml', yaml(CREATE, 'workflows: [vibes]\n'))))).toMatch(/field "workflows\.0"/);
  });

  it('reports unparseable text and bad options with the file named', () => {
    expect(failure(() => loadScenario(file('e.json', '{ nope')))).toMatch(/e\.json: not valid JSON/);
    expect(failure(() => loadScenario(file('f.yaml', 'name: [unclosed')))).toMatch(/f\.yaml: not valid YAML/);
    const badOption = yaml(CREATE).replace('durationMs: 2000', 'durationMs: 2000, lossPercnt: 3');
    expect(failure(() => loadScenario(file('g.yaml', badOption)))).toMatch(/field "options\.lossPercnt": unknown option/);
    expect(failure(() => loadScenario('/nonexistent/scenario.yaml'))).toMatch(/no such scenario file/);
  });

  it('refuses two scenarios with the same name in one folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    const text = yaml(CREATE);
    writeFileSync(join(dir, 'one.yaml'), text);
    writeFileSync(join(dir, 'two.yml'), text);
    expect(failure(() => loadScenarioDir(dir))).toMatch(/two\.yml: field "name": "tiny" is already used by/);
  });

  it('refuses an unknown checker in expectViolations and a device count that disagrees with the schedule', () => {
    expect(failure(() => loadScenario(file('h.yaml', yaml(CREATE, 'expectViolations: [convergance]\n'))))).toMatch(/field "expectViolations\.0": expected one of the checkers: .*convergence/);
    const twoDevices = yaml(CREATE).replace('durationMs: 2000', 'durationMs: 2000, devices: 2');
    expect(failure(() => loadScenario(file('i.yaml', twoDevices)))).toMatch(/field "options\.devices": 2; expected 1, the number of schedule\.devices/);
  });

  it('loads files and folders together (a single file is fine), in the order given, the same file once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    writeFileSync(join(dir, 'one.yaml'), yaml(CREATE).replace('name: tiny', 'name: one'));
    writeFileSync(join(dir, 'two.json'), JSON.stringify({ ...(parseYaml(yaml(CREATE)) as object), name: 'two' }));
    const single = file('solo.yaml', yaml(CREATE).replace('name: tiny', 'name: solo'));
    expect(loadScenarios([single]).map((s) => s.name)).toEqual(['solo']);
    expect(loadScenarios([single, dir]).map((s) => s.name)).toEqual(['solo', 'one', 'two']);
    expect(loadScenarios([dir, join(dir, 'one.yaml')]).map((s) => s.name)).toEqual(['one', 'two']);
    expect(failure(() => loadScenarios(['/nonexistent/x.yaml']))).toMatch(/no such scenario file or folder/);
    expect(failure(() => loadScenarios([mkdtempSync(join(tmpdir(), 'empty-'))]))).toMatch(/no scenario files/);
  });

  it('judges expectViolations exactly: an unexpected violation fails, and so does an expected one that did not happen', () => {
    expect(judgeScenario({ expectViolations: [] }, [], [])).toMatchObject({ status: 'pass', why: '' });
    expect(judgeScenario({ expectViolations: ['lww-winner'] }, [{ checker: 'lww-winner' }, { checker: 'lww-winner' }], [])).toMatchObject({ status: 'pass', found: ['lww-winner'] });
    expect(judgeScenario({ expectViolations: [] }, [{ checker: 'convergence' }], [])).toMatchObject({ status: 'fail', unexpected: ['convergence'], missing: [], why: 'unexpected violation(s): convergence' });
    expect(judgeScenario({ expectViolations: ['lww-winner'] }, [], [])).toMatchObject({ status: 'fail', unexpected: [], missing: ['lww-winner'], why: 'expected violation(s) that did not happen: lww-winner' });
    expect(judgeScenario({ expectViolations: ['lww-winner'] }, [{ checker: 'lww-winner' }, { checker: 'non-blocking' }], [])).toMatchObject({ status: 'fail', unexpected: ['non-blocking'] });
  });
});


describe('expectSkips (issue 11.3)', () => {
  const RESTART = '    - { atMs: 100, device: a, action: restart }';
  const run = (path: string) => {
    const scenario = loadScenario(path);
    const result = runChecked({ options: scenario.options, schedule: scenario.schedule });
    return judgeScenario(scenario, result.violations, result.trace);
  };

  it('a scenario fails on a skip it does not list, naming the event and the reason', () => {
    const verdict = run(file('s.yaml', yaml(`${CREATE}\n${RESTART}`)));
    expect(verdict.status).toBe('fail');
    expect(verdict.unexpectedSkips).toEqual(['a restart at 100 ms: the device is running: there is nothing to restart (lifecycle-rejected)']);
    expect(verdict.why).toContain('not listed under expectSkips: a restart at 100 ms');
  });

  it('passes when the skip is listed, by device and action, or with ref and atMs too', () => {
    expect(run(file('s.yaml', yaml(`${CREATE}\n${RESTART}`, 'expectSkips: [ { device: a, action: restart } ]\n')))).toMatchObject({ status: 'pass', skips: [expect.stringContaining('a restart at 100 ms')] });
    expect(run(file('s.yaml', yaml(`${CREATE}\n${RESTART}`, 'expectSkips: [ { device: a, action: restart, atMs: 100 } ]\n'))).status).toBe('pass');
    expect(run(file('s.yaml', yaml(`${CREATE}\n${RESTART}`, 'expectSkips: [ { device: a, action: restart, atMs: 99 } ]\n'))).status).toBe('fail');
  });

  it('fails when a listed skip did not happen', () => {
    const verdict = run(file('s.yaml', yaml(CREATE, 'expectSkips: [ { device: a, action: edit, ref: x } ]\n')));
    expect(verdict).toMatchObject({ status: 'fail', missingSkips: ['a edit x'] });
    expect(verdict.why).toBe('expected skip(s) that did not happen: a edit x');
  });

  it('refuses an expectSkips entry with an unknown device, action or field (exit 2 input)', () => {
    expect(failure(() => loadScenario(file('s.yaml', yaml(CREATE, 'expectSkips: [ { device: q, action: edit } ]\n'))))).toContain('field "expectSkips.0.device": "q"; expected one of the schedule\'s devices (a)');
    expect(failure(() => loadScenario(file('s.yaml', yaml(CREATE, 'expectSkips: [ { device: a, action: fly } ]\n'))))).toContain('expectSkips');
    expect(failure(() => loadScenario(file('s.yaml', yaml(CREATE, 'expectSkips: [ { device: a, action: edit, why: x } ]\n'))))).toContain('expectSkips');
  });

  it('every shipped reviewer scenario runs without a skip it does not declare', () => {
    for (const scenario of loadScenarioDir(REVIEWER_DIR)) {
      const result = runChecked({ options: scenario.options, schedule: scenario.schedule });
      const verdict = judgeScenario(scenario, result.violations, result.trace);
      expect(verdict.unexpectedSkips, scenario.name).toEqual([]);
      expect(verdict.missingSkips, scenario.name).toEqual([]);
    }
  });
});
