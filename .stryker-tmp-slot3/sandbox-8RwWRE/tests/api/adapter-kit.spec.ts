/**
 * The adapter kit and engine options in the library API (src/api/adapter-kit.ts, src/api/sync-status.ts):
 * `withEngineOptions` binds as `--reconciler-options` does, `explore({ reconcilerOptions })` records
 * them, and the status tracker discloses what the built-in engine discloses for the same events.
 */
// @ts-nocheck

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore, runChecked, withEngineOptions, defaultReconciler, SyncStatusTracker, opBinding, encryptPayload, decryptPayload } from '../../src/api/index.ts';
import type { ReconcilerModule, ReconcilerOptions } from '../../src/api/index.ts';

const policyFromOptions: ReconcilerModule = {
  name: 'policy-from-options',
  parseOptions(value: unknown) {
    const batch = (value as { maxPushBatch?: unknown } | undefined)?.maxPushBatch;
    if (typeof batch !== 'number') throw new Error('field "maxPushBatch": expected a number');
    return { maxPushBatch: batch };
  },
  create: (o: ReconcilerOptions) => defaultReconciler.create({ ...o, policy: o.engineOptions as { maxPushBatch: number } }),
  restore: (s, o, now) => defaultReconciler.restore(s, { ...o, policy: o.engineOptions as { maxPushBatch: number } }, now),
};

describe('adapter kit', () => {
  it('withEngineOptions binds and checks options as the CLI does', () => {
    expect(() => withEngineOptions(policyFromOptions, {})).toThrow('withEngineOptions(policy-from-options): field "maxPushBatch": expected a number (the parseOptions of policy-from-options)');
    const run = runChecked({ options: { seed: 3 }, reconciler: withEngineOptions(policyFromOptions, { maxPushBatch: 1 }) });
    expect(run.violations).toEqual([]);
    // The option took effect: at most one op per push, where the default batch carries more.
    const opsPerPush = (r: typeof run) => r.trace.filter((e) => e.kind === 'msg-send' && e.type === 'push').map((e) => ((e as { payload: { ops?: unknown[] } }).payload.ops ?? []).length);
    expect(opsPerPush(run).length).toBeGreaterThan(0);
    expect(Math.max(...opsPerPush(run))).toBe(1);
    expect(Math.max(...opsPerPush(runChecked({ options: { seed: 3 } })))).toBeGreaterThan(1);
  });

  it('explore({ reconcilerOptions }) runs a module file with them and records them in the summary', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sync-lab-api-options-'));
    const summary = await explore({ seeds: 2, reconciler: 'tests/fixtures/engines/with-options.ts', reconcilerOptions: { maxPushBatch: 2 }, out });
    expect(summary).toMatchObject({ reconciler: 'with-options', reconcilerOptions: { maxPushBatch: 2 }, seedsRun: 2, failures: [] });
    expect(JSON.parse(readFileSync(join(out, 'explore-default-shard-0-of-1.json'), 'utf8')).reconcilerOptions).toEqual({ maxPushBatch: 2 });
    await expect(explore({ seeds: 1, reconciler: 'tests/fixtures/engines/with-options.ts', reconcilerOptions: { maxPushBatch: 'x' }, out: mkdtempSync(join(tmpdir(), 'sync-lab-api-options-')) })).rejects.toThrow(/explore: reconcilerOptions: field "maxPushBatch"/);
  });

  it('seals content bound to the op binding, as the built-in engine does', () => {
    const key = new Uint8Array(32).fill(1);
    let n = 0;
    const nonces = (length: number) => new Uint8Array(length).fill(++n);
    const op = { opId: 'd1/o1', recordId: 'd1/r1', deviceId: 'd1', stamp: '000000000001.0000.d1' };
    const sealed = encryptPayload(key, nonces, { kind: 'create', fields: { note: 'secret' } }, opBinding(op));
    expect(sealed).not.toContain('secret');
    expect(decryptPayload(key, sealed, opBinding(op))).toEqual({ kind: 'create', fields: { note: 'secret' } });
    expect(() => decryptPayload(key, sealed, opBinding({ ...op, stamp: '000000000002.0000.d1' }))).toThrow();
  });

  it('the status tracker: a success clears the last error and the backoff; token-expired holds until renewed', () => {
    const t = new SyncStatusTracker('offline');
    expect(t.status(0)).toEqual({ connectivity: 'offline', pendingOps: 0, inFlight: false, lastSyncOkAtMs: null, lastError: null, authExpired: false, retryAtMs: null, remoteActions: [] });
    t.setConnectivity('online');
    t.sent();
    expect(t.status(2).inFlight).toBe(true);
    t.failed('token-expired', 'expired', 10, 500);
    expect(t.status(2)).toMatchObject({ inFlight: false, authExpired: true, retryAtMs: 500, lastError: { code: 'token-expired', atMs: 10, message: 'expired' } });
    t.tokenRenewed();
    t.sent();
    t.succeeded(20);
    expect(t.status(0)).toMatchObject({ connectivity: 'online', authExpired: false, lastSyncOkAtMs: 20, lastError: null, retryAtMs: null });
  });
});
