// @ts-nocheck
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/report/audit.ts';
import { missingCapability, needsOf } from '../../src/lab/capabilities.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { moduleProblems } from '../../src/io/reconciler-loader.ts';
import hlcOnly from '../fixtures/engines/hlc-only-no-remote.ts';
import ledgerNoSessions from '../fixtures/engines/ledger-no-sessions.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';

describe('declared capabilities in the audit', () => {
  it('marks what an engine without wall mode and remote actions cannot run "not applicable", judges the rest, and holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-caps-'));
    const report = await runAudit({ out: dir, reconciler: hlcOnly, swarmSeeds: 3, log: () => undefined });
    const naCells = report.matrix.filter((m) => m.status === 'n/a');
    expect(naCells.map((m) => m.capability).sort()).toEqual(expect.arrayContaining(['admin', 'backup']));
    expect(naCells.every((m) => m.capability === 'backup' || m.capability === 'admin')).toBe(true);
    expect(naCells[0]!.reasons[0]).toContain('does not support the');
    const naScenarios = report.scenarios.filter((s) => s.status === 'n/a');
    expect(naScenarios.map((s) => s.name)).toContain('clock-skew-wall');
    expect(naScenarios.find((s) => s.name === 'clock-skew-wall')!.messages[0]).toContain('stamp mode wall');
    // Nothing failed, nothing not applicable was counted as passing, and the rest was judged.
    expect(report.statements.filter((s) => s.status === 'fail').map((s) => `${s.id}: ${s.why[0]}`)).toEqual([]);
    expect(report.summary.ok).toBe(true);
    expect(report.summary.cellsNotApplicable).toBe(naCells.length);
    expect(report.summary.cellsPassing).toBe(27 - naCells.length);
    expect(report.summary.statementsNotApplicable).toBeGreaterThan(0);
    expect(report.summary.statementsPassing + report.summary.statementsNotApplicable).toBe(report.summary.statements);
    expect(report.summary.statementsPassing).toBeGreaterThan(20);
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toMatch(/cells as the matrix states, \d+ not applicable/);
  }, 120_000);
  it('says which capability a run needs and which one is missing', () => {
    const options = resolveSimOptions({ seed: 1, stampMode: 'wall' }, 'test');
    expect(needsOf(options)).toEqual({ stampMode: 'wall', remoteActions: ['backup'], tokenExpiry: false });
    expect(missingCapability(hlcOnly, needsOf(options))).toBe('not applicable: reconciler hlc-only-no-remote does not support stamp mode wall (it declares hlc) or the backup remote action (it declares none)');
    expect(missingCapability({ name: 'all' }, needsOf(options))).toBeNull();
  });
  it('a server without sessions makes the expired-token cells not applicable, with the reason, instead of failing them', async () => {
    const report = await runAudit({ out: mkdtempSync(join(tmpdir(), 'audit-no-sessions-')), reconciler: ledgerNoSessions, swarmSeeds: 1, log: () => undefined });
    const expired = report.matrix.filter((m) => m.capability === 'expired-token');
    expect(expired.map((m) => m.status)).toEqual(['n/a', 'n/a', 'n/a']);
    expect(expired[0]!.reasons[0]).toBe('not applicable: reconciler ledger-no-sessions does not support a token expiry (its own server ledger has no sessions: no issueToken/expireTokensOf)');
    expect(report.matrix.filter((m) => m.status === 'n/a')).toHaveLength(3);
    expect(report.matrix.filter((m) => m.status === 'fail').map((m) => `${m.capability}/${m.mode}: ${m.reasons[0]}`)).toEqual([]);
    expect(report.scenarios.filter((s) => s.status === 'fail').map((s) => `${s.name}: ${s.messages[0]}`)).toEqual([]);
  }, 240_000);
  it('a token expiry needs sessions of the server: the built-in one and an own server with issueToken have them', () => {
    const options = resolveSimOptions({ seed: 1 }, 'test');
    const schedule = { devices: ['a'], events: [{ atMs: 1, device: 'a', action: 'token-expire' as const }] } as unknown as Parameters<typeof needsOf>[1];
    const needs = needsOf(options, schedule);
    expect(needs.tokenExpiry).toBe(true);
    expect(missingCapability(ledgerNoSessions, needs)).toMatch(/no sessions: no issueToken\/expireTokensOf/);
    expect(missingCapability(ledgerModule() as unknown as ReconcilerModule, needs)).toBeNull();
    expect(missingCapability({ name: 'default' }, needs)).toBeNull();
    expect(missingCapability(ledgerNoSessions, { ...needs, tokenExpiry: false })).toBeNull();
  });
  it('refuses a malformed capabilities declaration when the module loads', () => {
    const base = { name: 'x', create: () => undefined, restore: () => undefined };
    expect(moduleProblems({ default: { ...base, capabilities: { stampModes: ['sundial'] } } })[0]).toContain('capabilities.stampModes');
    expect(moduleProblems({ default: { ...base, capabilities: { remoteActions: 'backup' } } })[0]).toContain('capabilities.remoteActions');
    expect(moduleProblems({ default: { ...base, capabilities: { stampModes: ['hlc'], remoteActions: [] } } })).toEqual([]);
  });
});
