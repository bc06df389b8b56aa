// @ts-nocheck
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/run-explore.ts';
import { replayFile } from '../../src/cli/replay.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { cli } from './_internals/cli.ts';

// One real replay file, written by explore for a reconciler that leaks notes in clear text.
let dir = '';
let recorded = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sync-lab-replay-'));
  const summary = await runExplore({
    seeds: 5,
    from: 1,
    profile: 'default',
    workers: 1,
    shard: { index: 0, count: 1 },
    reconciler: 'tests/fixtures/explore-broken/leaks-plaintext.ts',
    out: dir,
    shrink: true,
    shrinkLimit: 1,
  });
  recorded = summary.failures.find((f) => f.replayFile)!.replayFile!;
});

describe('sync-lab replay', () => {
  it('reproduces the recording exactly and writes the trace on request', async () => {
    const tracePath = join(dir, 'trace.jsonl');
    const outcome = await replayFile(recorded, tracePath);
    expect(outcome).toMatchObject({ reproduced: true, hashMatches: true, checker: readReplayFile(recorded).checker });
    expect(outcome.checker).toMatch(/^exposure-/);
    expect(outcome.traceHash).toBe(readReplayFile(recorded).traceHash);
    const lines = readFileSync(tracePath, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(() => lines.map((l) => JSON.parse(l))).not.toThrow();
  });

  it('reads the same file written as YAML', async () => {
    const yamlPath = join(dir, 'replay.yaml');
    writeFileSync(yamlPath, stringify(JSON.parse(readFileSync(recorded, 'utf8'))));
    const outcome = await replayFile(yamlPath);
    expect(outcome).toMatchObject({ reproduced: true, hashMatches: true });
  });

  it('says the violation is gone when the engine is fixed (default reconciler), and reports the hash change', async () => {
    const fixed = { ...JSON.parse(readFileSync(recorded, 'utf8')), reconciler: 'default' };
    const fixedPath = join(dir, 'fixed.json');
    writeFileSync(fixedPath, JSON.stringify(fixed));
    const outcome = await replayFile(fixedPath);
    expect(outcome.reproduced).toBe(false);
    expect(outcome.hashMatches).toBe(false);
    expect(outcome.recordedTraceHash).toBe(fixed.traceHash);
  });

  it('a file recorded with a v1 trace hash (bare hex) is compared as v1, says so once, and is still judged', async () => {
    const tracePath = join(dir, 'v1-trace.jsonl');
    await replayFile(recorded, tracePath);
    // The v1 hash of this run: sha256 of its canonical JSONL text, exactly what files written before v2 carry.
    const v1 = createHash('sha256').update(readFileSync(tracePath)).digest('hex');
    const oldPath = join(dir, 'old-v1.json');
    writeFileSync(oldPath, JSON.stringify({ ...JSON.parse(readFileSync(recorded, 'utf8')), traceHash: v1 }));
    const outcome = await replayFile(oldPath);
    expect(outcome).toMatchObject({ reproduced: true, violated: true, hashMatches: true, recordedHashVersion: 'v1', recordedTraceHash: v1 });
    expect(outcome.traceHash).toMatch(/^v2:/);
    const text = cli(['replay', oldPath]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout.match(/recorded with trace hash v1/g)).toHaveLength(1);
    expect(text.stdout).toMatch(/recomputed as v1 for this run: the same trace; re-record the file with its command/);
    expect(text.stdout).toMatch(/still violated/);

    const otherPath = join(dir, 'old-v1-other.json');
    writeFileSync(otherPath, JSON.stringify({ ...JSON.parse(readFileSync(recorded, 'utf8')), traceHash: 'f'.repeat(64) }));
    const other = await replayFile(otherPath);
    expect(other).toMatchObject({ reproduced: true, hashMatches: false, recordedHashVersion: 'v1' });
    expect(cli(['replay', otherPath]).stdout).toMatch(/a DIFFERENT trace: engine or simulator changed/);
  });

  it('--reconciler replays the recorded schedule against another engine and says so (CLI)', () => {
    const fixed = cli(['replay', recorded, '--reconciler', 'default']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('(reconciler default)');
    expect(fixed.stdout).toMatch(/ran another reconciler/);
    const json = cli(['replay', recorded, '--reconciler', 'tests/fixtures/explore-broken/leaks-plaintext.ts', '--json']);
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ reconciler: 'tests/fixtures/explore-broken/leaks-plaintext.ts', reproduced: true, hashMatches: true });
    const missing = cli(['replay', recorded, '--reconciler', 'tests/fixtures/no-such-engine.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-engine/);
  });

  it('exits 1 while the violation happens, 0 once it is gone, 2 on a bad file (CLI)', () => {
    const still = cli(['replay', recorded]);
    expect(still.code, still.stderr).toBe(1);
    expect(still.stdout).toMatch(/matches the recording/);
    expect(still.stdout).toContain(`${readReplayFile(recorded).checker} still violated`);
    const gone = cli(['replay', join(dir, 'fixed.json')]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toMatch(/DIFFERS from the recorded/);
    expect(gone.stdout).toMatch(/no longer violated/);
    const badYaml = join(dir, 'bad.yaml');
    writeFileSync(badYaml, 'version: 1\nseed: [unclosed\n');
    const bad = cli(['replay', badYaml]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: not valid YAML/);
  });

  it('judges every checker: a recorded checker that holds does not hide another violation (exit 1, listed)', () => {
    const recording = JSON.parse(readFileSync('simulations/regressions/transmits-offline--exposure-offline.json', 'utf8'));
    const relabelled = join(dir, 'relabelled.json');
    writeFileSync(relabelled, JSON.stringify({ ...recording, checker: 'convergence' }));
    const text = cli(['replay', relabelled]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/convergence no longer violated/);
    expect(text.stdout).toMatch(/\d+ other violation\(s\):\n  - exposure-offline at event \d+/);
    expect(text.stdout).toMatch(/VIOLATED \(exit 1\)/);
    const json = cli(['replay', relabelled, '--json']);
    expect(json.code).toBe(1);
    const outcome = JSON.parse(json.stdout);
    expect(outcome).toMatchObject({ checker: 'convergence', reproduced: false, violated: true });
    expect(outcome.otherViolations.map((v: { checker: string }) => v.checker)).toContain('exposure-offline');
  });

  it('refuses a misspelt checker, a bad connectivity mode and a clock jump of -10^14 ms before running (exit 2, one line, no report)', () => {
    const recording = JSON.parse(readFileSync(recorded, 'utf8'));
    const cases: [string, (f: any) => void, RegExp][] = [
      ['misspelt.json', (f) => (f.checker = 'exposure-contnet'), /field "checker": expected one of the checkers: .*exposure-content/],
      ['mode.json', (f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'connectivity', mode: 'sideways' }), /field "schedule\.events\.\d+\.mode": Invalid option/],
      ['jump.json', (f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'clock-jump', deltaMs: -1e14 }), /field "schedule\.events\.\d+\.deltaMs": Too small: expected number to be >=-31536000000/],
    ];
    for (const [name, edit, expected] of cases) {
      const file = structuredClone(recording);
      edit(file);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(file));
      const result = cli(['replay', path]);
      expect(result.code, `${name}: ${result.stderr}`).toBe(2);
      expect(result.stdout, name).toBe('');
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(result.stderr, name).toMatch(expected);
      expect(result.stderr, name).toContain(path);
    }
  });
});

