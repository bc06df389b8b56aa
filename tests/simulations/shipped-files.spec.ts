// Every file the project ships under simulations/ is exercised through the command path that uses
// it: each profile runs `sync-lab explore` (a few seeds, real CLI), each reviewer scenario runs and
// matches its expectations exactly, each parity-matrix cell runs and passes (its scenario also
// passes the strict schedule schema), and each regression file replays with its recorded finding
// (and runs clean on the default reconciler). A shipped file that cannot be loaded, or a profile that cannot produce valid options,
// fails the suite.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFile } from '../../src/cli/replay.ts';
import { PARITY_MATRIX, cellId } from '../../src/spec/matrix.ts';
import { judgeScenario, loadScenarios } from '../../src/explore/scenario-file.ts';
import { builtInProfiles, loadProfile } from '../../src/explore/profile.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { runCell } from '../../src/lab/parity/run-cell.ts';
import { findScheduleProblem } from '../../src/sim/schedule.ts';
import { cli } from '../cli/_internals/cli.ts';

const dataFiles = (dir: string) => readdirSync(dir).filter((f) => /\.(json|ya?ml)$/i.test(f)).sort();
const PROFILES = readdirSync('simulations/profiles').filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
const SCENARIO_FOLDERS = ['simulations/reviewer', 'simulations/parity'].filter((dir) => dataFiles(dir).length > 0);
const SCENARIOS = loadScenarios(SCENARIO_FOLDERS);
const REGRESSIONS = dataFiles('simulations/regressions');

describe('shipped files', () => {
  it('finds every shipped file (the lists below are not empty by accident)', () => {
    expect(PROFILES).toEqual(builtInProfiles());
    expect(PROFILES.length).toBeGreaterThanOrEqual(7);
    expect(SCENARIOS.length).toBe(SCENARIO_FOLDERS.reduce((n, dir) => n + dataFiles(dir).length, 0));
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(13);
    expect(REGRESSIONS.length).toBeGreaterThanOrEqual(7);
  });

  it.each(PROFILES)('profile %s runs through `sync-lab explore` with the default reconciler, no violations', (profile) => {
    const out = mkdtempSync(join(tmpdir(), `shipped-${profile}-`));
    const result = cli(['explore', '--profile', profile, '--seeds', '3', '--workers', '1', '--json', '--no-shrink', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { profile: string; seedsRun: number; failures: unknown[]; notConverged: number };
    expect(summary).toMatchObject({ profile, seedsRun: 3, failures: [], notConverged: 0 });
  }, 60_000);

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('scenario %s runs with exactly the violations and skips it expects', (_, scenario) => {
    const run = runChecked({ options: scenario.options, schedule: scenario.schedule });
    const verdict = judgeScenario(scenario, run.violations, run.trace);
    expect(verdict.why).toBe('');
    expect(verdict.status).toBe('pass');
    expect(run.converged).toBe(true);
  });

  it.each(PARITY_MATRIX.map((cell) => [cellId(cell), cell] as const))('parity cell %s passes on the default reconciler, its schedule strict-valid', (_, cell) => {
    const result = runCell(cell);
    expect(findScheduleProblem(result.scenario.schedule, result.scenario.options)).toBeUndefined();
    expect(result.reasons).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it.each(REGRESSIONS)('regression %s replays: its recorded violation with the recorded trace hash; every checker holds on the default reconciler', async (file) => {
    const outcome = await replayFile(join('simulations/regressions', file));
    expect(outcome).toMatchObject({ reproduced: true, violated: true, hashMatches: true });
    expect(outcome.violations.filter((v) => v.checker === outcome.checker).length).toBeGreaterThan(0);
    const fixed = await replayFile(join('simulations/regressions', file), undefined, 'default');
    // What the default profile declares expected in the file's stamp mode (wall: causal-lww) is no failure there.
    const mode = readReplayFile(join('simulations/regressions', file)).options.stampMode;
    const expectedHere = new Set(loadProfile('default').expectedFindings.filter((x) => x.stampMode === mode).map((x) => x.checker));
    expect(fixed.violations.filter((v) => !expectedHere.has(v.checker))).toEqual([]);
    expect(fixed.reproduced).toBe(false);
  });
});
