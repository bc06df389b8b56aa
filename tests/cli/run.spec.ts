import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun, resolveRunOptions } from '../../src/cli/run.ts';
import { UsageError } from '../../src/io/usage-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-run-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', ...args], { cwd: process.cwd(), encoding: 'utf8' });

describe('sync-lab run', () => {
  it('--json prints exactly one JSON object with the summary fields, and exits 0 on a correct run', () => {
    const out = cli('--seed', '42', '--json');
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const field of ['seed', 'traceHash', 'events', 'simulatedMs', 'wallMs', 'converged', 'violations']) expect(report).toHaveProperty(field);
    expect(report['seed']).toBe(42);
    expect(report['violations']).toEqual([]);
  }, 30_000);

  it('gives the same trace hash twice, and the determinism check agrees', async () => {
    const a = await executeRun({ seed: '42', json: true });
    const b = await executeRun({ seed: '42', json: true, checkDeterminism: true });
    expect(b.report.traceHash).toBe(a.report.traceHash);
    expect(b.report.deterministic).toBe(true);
  });

  it('exits 2 naming the file and the field for an unknown or ill-typed option', () => {
    const unknown = join(dir, 'unknown.yaml');
    writeFileSync(unknown, 'seed: 3\nlossPrecent: 5\n');
    const out = cli('--options', unknown);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(unknown);
    expect(out.stderr).toContain('lossPrecent');
    const typed = join(dir, 'typed.json');
    writeFileSync(typed, JSON.stringify({ latencyMaxMs: 'fast' }));
    expect(() => resolveRunOptions({ options: typed })).toThrow(UsageError);
    expect(() => resolveRunOptions({ options: typed })).toThrow(/typed\.json.*latencyMaxMs/);
    expect(() => resolveRunOptions({ seed: 'twelve' })).toThrow(/--seed: expected a number/);
    expect(() => resolveRunOptions({ stampMode: 'lamport' })).toThrow(/stampMode/);
  }, 30_000);

  it('flags override the options file', () => {
    const file = join(dir, 'opts.json');
    writeFileSync(file, JSON.stringify({ seed: 5, devices: 4, lossPercent: 10 }));
    expect(resolveRunOptions({ options: file, seed: '9', latencyMs: '20' })).toMatchObject({ seed: 9, devices: 4, lossPercent: 10, latencyMinMs: 20, latencyMaxMs: 20 });
  });

  it('exits 1 for a broken reconciler and prints each violation with the command that reproduces it', () => {
    const out = cli('--seed', '3', '--reconciler', 'tests/fixtures/broken-reconcilers/user-agent-header.ts');
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('exposure-metadata at event');
    expect(out.stdout).toContain('reproduce: npx sync-lab run --seed 3 --reconciler tests/fixtures/broken-reconcilers/user-agent-header.ts');
  }, 30_000);

  it('wall stamps with skewed clocks are reported as causal-lww violations', async () => {
    const outcome = await executeRun({ seed: '2', stampMode: 'wall', clockOffsetMaxMs: '30000', durationMs: '60000', json: true });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report.violations.map((v) => v.checker)).toContain('causal-lww');
  });

  it('writes the trace atomically and leaves nothing behind when it cannot', async () => {
    const path = join(dir, 'out', 'trace.jsonl');
    const outcome = await executeRun({ seed: '2', durationMs: '20000', trace: path });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(outcome.report.events);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'run-start', seed: 2 });
    const blocked = join(dir, 'opts.json', 'trace.jsonl'); // a file where a folder should be
    await expect(executeRun({ seed: '2', durationMs: '20000', trace: blocked })).rejects.toThrow(UsageError);
    expect(existsSync(blocked)).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual(['trace.jsonl']);
  });
});

describe('run with an engine that brings its own server', () => {
  it('names the checkers its protocol keeps from judging, never "all properties hold"', async () => {
    const outcome = await executeRun({ seed: '2', reconciler: 'tests/fixtures/own-protocol/ledger.ts' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report.notJudged?.map((n) => n.checker)).toEqual(['redownload', 'backoff-reset', 'retry-pacing', 'retry-growth', 'sync-state-disclosure', 'remote-actions', 'server-tokens', 'cloud-backups', 'account-deletion', 'damaged-requests']);
    expect(outcome.text).toContain('NOT judged: sync-state-disclosure: the engine speaks its own protocol (ledger)');
    expect(outcome.text).toContain('every judged property holds (10 not judged)');
    expect(outcome.text).not.toContain('all properties hold');
    expect((await executeRun({ seed: '2' })).report).not.toHaveProperty('notJudged');
  });

  it('runs an engine that declares no backup with backups off and says so, instead of an engine-error at its refusal', async () => {
    // Seed 5 draws a backup: before, the engine refused it and the run was an engine-error (exit 1).
    const outcome = await executeRun({ seed: '5', reconciler: 'tests/fixtures/engines/hlc-only-no-remote.ts' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report.notRun).toEqual(['backupsPerHour 0 (the default is 2): engine hlc-only-no-remote declares its remote actions (none) and backup is not one of them']);
    expect(outcome.text).toContain('NOT run: backupsPerHour 0');
    expect((await executeRun({ seed: '5' })).report).not.toHaveProperty('notRun');
  });

  it('refuses backups asked for explicitly of an engine that declares none (exit 2, naming the field)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sync-lab-run-')), 'options.json');
    writeFileSync(file, JSON.stringify({ backupsPerHour: 3 }));
    await expect(executeRun({ options: file, reconciler: 'tests/fixtures/engines/hlc-only-no-remote.ts' })).rejects.toThrow(/field "backupsPerHour": engine hlc-only-no-remote declares its remote actions \(none\)/);
    writeFileSync(file, JSON.stringify({ backupsPerHour: 0 }));
    expect((await executeRun({ options: file, reconciler: 'tests/fixtures/engines/hlc-only-no-remote.ts' })).report).not.toHaveProperty('notRun');
  });

  it('refuses admin actions asked of an engine that declares none (exit 2, naming the field)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sync-lab-run-')), 'options.json');
    writeFileSync(file, JSON.stringify({ backupsPerHour: 0, adminActionsPerHour: 60 }));
    await expect(executeRun({ options: file, reconciler: 'tests/fixtures/engines/hlc-only-no-remote.ts' })).rejects.toThrow(/field "adminActionsPerHour": engine hlc-only-no-remote declares its remote actions \(none\) and admin is not one of them/);
  });

  it('refuses a partial-push fault its own server cannot take (exit 2, naming the field)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sync-lab-own-server-')), 'partial.yaml');
    writeFileSync(file, 'seed: 2\npartialApplyPercent: 10\n');
    await expect(executeRun({ options: file, reconciler: 'tests/fixtures/own-protocol/ledger.ts' })).rejects.toThrow(/field "partialApplyPercent": engine ledger brings its own server/);
  });

  it.each([
    ['damaged copies', 'damagedRequestPercent'],
    ['damaged pull answers', 'damagedPulledOpPercent'],
  ])("refuses %s for a server that speaks its own protocol (exit 2), runs them for one declaring sync-lab's", async (_what, knob) => {
    const file = join(mkdtempSync(join(tmpdir(), 'sync-lab-own-server-')), `${knob}.yaml`);
    writeFileSync(file, `seed: 2\n${knob}: 10\n`);
    await expect(executeRun({ options: file, reconciler: 'tests/fixtures/own-protocol/ledger.ts' })).rejects.toThrow(new RegExp(`field "${knob}": engine ledger's server speaks its own protocol \\(ledger\\)`));
    const outcome = await executeRun({ options: file, reconciler: 'tests/fixtures/engines/own-sync-lab-server.ts' });
    expect(outcome.exitCode).toBe(0);
  });
});
