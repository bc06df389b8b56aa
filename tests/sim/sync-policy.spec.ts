// Sync policy in the options reaches engines that declare they honour it; others are refused, never
// silently ignored. `traceRefs` carries the schedule's names for records into the trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/run.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { unsupportedSyncPolicy } from '../../src/sim/engine-fit.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import defaultReconciler from '../../src/reconciler/index.ts';
import { cli } from '../cli/_internals/cli.ts';

const schedule: Schedule = {
  devices: ['a', 'b'],
  initialModes: { a: 'offline', b: 'online' },
  clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
  events: [
    ...[1, 2, 3, 4, 5].map((n) => ({ atMs: 100 * n, device: 'a', action: 'create' as const, ref: `day-${n}`, fields: { notes: `entry ${n}` } })),
    { atMs: 1000, device: 'a', action: 'connectivity', mode: 'online' },
  ],
};
const base = { seed: 5, devices: 2, durationMs: 10_000, lossPercent: 0, duplicatePercent: 0, oneWayFailurePercent: 0, reorderPercent: 0, opsPerMinute: 0 };

function pushSizes(options: Record<string, unknown>): number[] {
  const run = simulate({ options: resolveSimOptions({ ...base, ...options }, 'test'), schedule });
  return run.trace.flatMap((e) => (e.kind === 'msg-send' && e.type === 'push' ? [(e.payload as { ops: unknown[] }).ops.length] : []));
}

describe('sync policy in options', () => {
  it('five pending ops, batch of two: pushes of 2, 2 and 1 (the default engine pushes all five at once)', () => {
    expect(pushSizes({})).toEqual([5]);
    expect(pushSizes({ syncPolicy: { maxPushBatch: 2 } })).toEqual([2, 2, 1]);
  });

  it('is validated: unknown policy fields and a backoff ceiling below its start are refused with the field named', () => {
    expect(() => resolveSimOptions({ syncPolicy: { batch: 2 } }, 'f.yaml')).toThrow(/syncPolicy/);
    expect(() => resolveSimOptions({ syncPolicy: { backoffInitialMs: 500, backoffMaxMs: 100 } }, 'f.yaml')).toThrow(/syncPolicy.backoffMaxMs/);
  });

  it('an engine that does not declare capabilities.syncPolicy is refused (exit 2), not run with the policy ignored', () => {
    const options = resolveSimOptions({ syncPolicy: { pullIntervalMs: 1000 } }, 'test');
    expect(unsupportedSyncPolicy(options, defaultReconciler)).toBeNull();
    expect(unsupportedSyncPolicy(options, { name: 'other' })).toMatch(/does not declare capabilities.syncPolicy/);
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ name: 'policy', description: 'batch of two', options: { ...base, syncPolicy: { maxPushBatch: 2 } }, schedule }));
    expect(cli(['run', file]).code).toBe(0);
    const refused = cli(['run', file, '--reconciler', 'tests/fixtures/broken-reconcilers/volatile-outbox.ts']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/syncPolicy/);
  });

  it('traceRefs names each created record by its schedule ref; off by default', () => {
    const named = simulate({ options: resolveSimOptions({ ...base, traceRefs: true }, 'test'), schedule });
    const creates = named.trace.filter((e) => e.kind === 'local-write' && e.op === 'create');
    expect(creates.map((e) => (e.kind === 'local-write' ? e.ref : undefined))).toEqual(['day-1', 'day-2', 'day-3', 'day-4', 'day-5']);
    const plain = simulate({ options: resolveSimOptions(base, 'test'), schedule });
    expect(plain.trace.some((e) => e.kind === 'local-write' && 'ref' in e)).toBe(false);
  });
});
