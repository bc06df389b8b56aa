/** Builders for small hand-made traces and simulated runs the checker tests share. */
// @ts-nocheck

import { encodeStamp } from '../../../src/core/stamp.ts';
import { runChecked } from '../../../src/lab/run-checked.ts';
import type { CheckedRun } from '../../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../../src/sim/options.ts';
import type { SimOptionsInput } from '../../../src/sim/options.ts';
import type { ReconcilerModule } from '../../../src/reconciler/types.ts';
import type { JsonFields, RunEndEvent, TraceEvent, TraceVersion } from '../../../src/trace/events.ts';

type Loose = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'i'> : never) : never;

export const stamp = (wallMs: number, device: string, counter = 0): string => encodeStamp({ wallMs, counter, deviceId: device });

export function version(id: string, opId: string, s: string, fields: JsonFields = { notes: `note of ${opId}` }, deleted = false): TraceVersion {
  return { id, opId, stamp: s, fields: deleted ? {} : fields, deleted };
}

/** Numbers the events; prepends run-start. */
export function trace(...events: Loose[]): TraceEvent[] {
  const start: Loose = { t: 0, kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'test', options: {} };
  return [start, ...events].map((e, i) => ({ ...e, i }) as TraceEvent);
}

/** `base`: the op id the device showed when it wrote (causality); omitted, the write carries none, as in older traces. */
export function write(t: number, device: string, v: TraceVersion, op: 'create' | 'edit' | 'delete' = 'edit', base?: string | null): Loose[] {
  return [
    { t, kind: 'local-write', device, op, recordId: v.id, ok: true, version: v, wallMs: t / 1000, ...(base === undefined ? {} : { base }) },
    { t, kind: 'local-read', device, recordId: v.id, version: v.deleted ? null : v, ok: true },
  ];
}

export function merge(t: number, device: string, opId: string, after: TraceVersion | null, applied = true): Loose {
  return { t, kind: 'merge', device, recordId: after?.id ?? '?', opId, applied, version: after };
}

export function conflict(t: number, device: string, recordId: string, winner: string, loser: string, outcome: 'remote-won' | 'local-kept' = 'remote-won'): Loose {
  return { t, kind: 'conflict', device, recordId, winner, loser, rule: 'lww-hlc', outcome };
}

export function end(t: number, replicas: Record<string, TraceVersion[]>, logged: TraceVersion[], converged = true): Omit<RunEndEvent, 'i'> {
  return {
    t,
    kind: 'run-end',
    replicas,
    serverLog: logged.map((v, n) => ({ seq: n + 1, opId: v.opId, recordId: v.id, stamp: v.stamp, ciphertextLength: 100 })),
    converged,
    convergedAt: converged ? t : null,
  };
}

/** Options that make every fault frequent, so a broken reconciler shows within a short run. */
export const HARSH: SimOptionsInput = { crashesPerHour: 120, tokenExpiriesPerHour: 120, tokenRenewDelayMs: 10_000, offlinePercent: 40 };

export function simulateChecked(seed: number, reconciler?: ReconcilerModule, extra: SimOptionsInput = {}): CheckedRun {
  return runChecked({ options: resolveSimOptions({ seed, ...extra }, 'test'), ...(reconciler ? { reconciler } : {}) });
}

/** The violations of one checker in the first of `seeds` where it finds any. */
export function firstCaught(checker: string, reconciler: ReconcilerModule, extra: SimOptionsInput = {}, seeds = [1, 2, 3, 4, 5, 6]) {
  for (const seed of seeds) {
    const found = simulateChecked(seed, reconciler, extra).violations.filter((v) => v.checker === checker);
    if (found.length > 0) return { seed, found };
  }
  return undefined;
}

export function cleanRuns(checker: string, extra: SimOptionsInput = {}, seeds = [1, 2, 3]): string[] {
  return seeds.flatMap((seed) => simulateChecked(seed, undefined, extra).violations.filter((v) => v.checker === checker).map((v) => `seed ${seed}: ${v.message}`));
}
