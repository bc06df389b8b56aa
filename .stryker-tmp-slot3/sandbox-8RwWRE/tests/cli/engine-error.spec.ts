// @ts-nocheck
// A --reconciler whose engine fails is a finding about that engine in every command (exit 1, with what
// reproduces it), and a module that is not a ReconcilerModule is bad input (exit 2, one line): never
// an internal error of the lab (exit 3, a stack trace).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './_internals/cli.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'sync-lab-engine-error-'));
const fixture = (name: string) => `tests/fixtures/broken-reconcilers/${name}.ts`;
const noStack = (text: string) => expect(text).not.toMatch(/internal error|\n\s+at /);

describe('engine errors through the CLI', () => {
  it('run: an engine that throws mid-run is an engine-error violation with the command that reproduces it (exit 1)', () => {
    const r = cli(['run', '--seed', '1', '--reconciler', fixture('receive-throws-mid-run')]);
    expect(r.code, r.stderr).toBe(1);
    noStack(r.stderr);
    expect(r.stdout).toContain('- engine-error at event');
    expect(r.stdout).toContain('the engine failed in receive: threw TypeError');
    expect(r.stdout).toContain(`reproduce: npx sync-lab run --seed 1 --reconciler ${fixture('receive-throws-mid-run')}`);
  });

  it('run --json: create() returning {} is reported with every missing method (exit 1)', () => {
    const r = cli(['run', '--seed', '2', '--json', '--reconciler', fixture('create-returns-empty')]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ checker: 'engine-error', devices: ['a'] });
    expect(report.violations[0].message).toContain('failed in create: returned an object without the Reconciler method(s) create, read, list, edit, delete, versions, poll, receive, fail, nextWakeMs, setConnectivity, setToken, requestBackup, requestAdmin, status, conflicts, save');
  });

  it('run, explore, audit: a module that is not a ReconcilerModule is refused at load with one line (exit 2)', () => {
    const module = 'tests/fixtures/broken-modules/missing-restore.ts';
    for (const args of [['run'], ['explore', '--seeds', '4', '--workers', '2', '--out', join(tmp(), 'x')], ['audit', '--out', join(tmp(), 'a'), '--swarm-seeds', '0']]) {
      const r = cli([...args, '--reconciler', module]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('missing-restore.ts: expected a ReconcilerModule');
      expect(r.stderr).toContain('`restore(snapshot, options)` must be a function');
    }
  });

  it('explore (worker threads too) shrinks an engine error to a replay file, and replay reproduces it (exit 1)', () => {
    const out = tmp();
    const r = cli(['explore', '--seeds', '16', '--workers', '2', '--out', out, '--json', '--reconciler', fixture('poll-returns-garbage')]);
    expect(r.code, r.stderr).toBe(1);
    noStack(r.stderr);
    const summary = JSON.parse(r.stdout);
    expect(summary.seedsRun).toBe(16);
    expect(new Set(summary.failures.map((f: { checker: string }) => f.checker))).toEqual(new Set(['engine-error']));
    const shrunk = summary.failures.find((f: { replayFile: string | null }) => f.replayFile);
    expect(existsSync(shrunk.replayFile)).toBe(true);
    expect(JSON.parse(readFileSync(shrunk.replayFile, 'utf8'))).toMatchObject({ checker: 'engine-error' });
    expect(shrunk.shrunkEvents).toBeLessThan(shrunk.originalEvents);
    const replay = cli(['replay', shrunk.replayFile]);
    expect(replay.code, replay.stderr).toBe(1);
    expect(replay.stdout).toContain('engine-error still violated');
    expect(replay.stdout).toContain('failed in poll: returned a string');
  });

  it('audit: an engine whose create() throws fails the audit with the engine error in the report (exit 1)', () => {
    const out = tmp();
    const r = cli(['audit', '--out', out, '--swarm-seeds', '1', '--reconciler', fixture('create-throws')]);
    expect(r.code, r.stderr).toBe(1);
    noStack(r.stderr);
    const report = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(report.summary.ok).toBe(false);
    expect(report.scenarios.every((s: { found: string[] }) => s.found.includes('engine-error'))).toBe(true);
    expect(readFileSync(join(out, 'audit.md'), 'utf8')).toContain('the engine failed in create: threw Error: cannot open the local database');
  });
});
