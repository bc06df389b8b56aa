// @ts-nocheck
// `run <scenario>` and `replay <scenario>`: a scenario file runs directly and is judged against its own expectations.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/cli/scenario-run.ts';
import { cli } from './_internals/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-scenario-run-'));

describe('sync-lab run <scenario>', () => {
  it('runs every reviewer scenario and each passes against its expectations', async () => {
    const files = readdirSync('simulations/reviewer').filter((f) => /\.(json|ya?ml)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const outcome = await runScenarioFile(join('simulations/reviewer', f), {});
      expect(outcome.report.verdict, f).toMatchObject({ status: 'pass' });
      expect(outcome.exitCode).toBe(0);
    }
  });

  it('an expected finding that does not happen fails the verdict (the wall-mode scenario run with hlc stamps)', async () => {
    const outcome = await runScenarioFile('simulations/reviewer/clock-skew-wall.json', { stampMode: 'hlc' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report).toMatchObject({ stampMode: 'hlc', stampModeOverridden: true });
    expect(outcome.report.verdict.missing).toEqual(['causal-lww']);
    expect(outcome.text).toMatch(/FAIL: expected violation\(s\) that did not happen: causal-lww/);
  });

  it('an unexpected violation fails the verdict (a broken engine on a clean scenario)', async () => {
    const outcome = await runScenarioFile('simulations/reviewer/essential-offline.yaml', { reconciler: 'tests/fixtures/explore-broken/transmits-offline.ts' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report.verdict.unexpected).toContain('exposure-offline');
  });

  it('CLI: writes the trace and prints one JSON object; replay takes the same file', () => {
    const trace = join(dir, 't.jsonl');
    const run = cli(['run', 'simulations/reviewer/crash-mid-sync.json', '--trace', trace, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ scenario: 'crash-mid-sync', verdict: { status: 'pass' } });
    expect(readFileSync(trace, 'utf8').trim().split('\n')).toHaveLength(report.events);
    const replay = cli(['replay', 'simulations/reviewer/crash-mid-sync.json', '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).traceHash).toBe(report.traceHash);
  });

  it('CLI: world flags with a scenario, a bad --stamp-mode and a broken file are exit 2 with one line', () => {
    const seeded = cli(['run', 'simulations/reviewer/crash-mid-sync.json', '--seed', '3']);
    expect(seeded.code).toBe(2);
    expect(seeded.stderr).toMatch(/--seed: cannot be combined with a scenario file/);
    const mode = cli(['run', 'simulations/reviewer/crash-mid-sync.json', '--stamp-mode', 'lamport']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/--stamp-mode lamport: expected hlc or wall/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ndescription: y\noptions: {}\nschedule: { devices: [a], initialModes: { a: online }, clocks: { a: { offsetMs: 0, driftPpm: 0 } }, events: [] }\nexpectViolations: [nope]\n');
    const broken = cli(['run', bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/expectViolations/);
  });

  it('CLI: a replay file under simulations/regressions/ runs too, failing the engine it was recorded with', () => {
    const out = cli(['run', 'simulations/regressions/transmits-offline--exposure-offline.json']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/still violated/);
  });
});
