// @ts-nocheck
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const short = (seed: number, extra: Record<string, unknown> = {}) => resolveSimOptions({ seed, durationMs: 15_000, quiescenceMs: 60_000, ...extra }, 'test');
const ofKind = <K extends TraceEvent['kind']>(trace: TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
const helper = fileURLToPath(new URL('./_internals/hash-seed.ts', import.meta.url));

describe('simulate: determinism', () => {
  it('gives identical trace hashes for 200 seeds run twice', () => {
    for (let seed = 0; seed < 200; seed++) {
      const options = short(seed, { durationMs: 8_000 });
      expect(simulate({ options }).traceHash, `seed ${seed}`).toBe(simulate({ options }).traceHash);
    }
  });

  it('gives the same hash in this process, a child process and a worker thread', async () => {
    const here = simulate({ options: resolveSimOptions({ seed: 4242, durationMs: 30_000 }, 'hash-seed') }).traceHash;
    const child = execFileSync(process.execPath, ['--import', 'tsx', helper, '4242'], { encoding: 'utf8' }).trim();
    const worker = await new Promise<string>((resolve, reject) => {
      // Worker threads do not inherit tsx's loader: register it inside the worker, then load the script.
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./_internals/hash-seed.ts', import.meta.url).href)}); });`;
      const w = new Worker(boot, { eval: true, workerData: { seed: 4242 } });
      w.once('message', (m) => resolve(String(m)));
      w.once('error', reject);
    });
    expect(child).toBe(here);
    expect(worker).toBe(here);
  });

  it('matches the golden trace byte for byte (UPDATE_GOLDEN=1 regenerates it on purpose)', () => {
    const golden = fileURLToPath(new URL('../golden/seed-7-small.jsonl', import.meta.url));
    const result = simulate({ options: resolveSimOptions({ seed: 7, devices: 2, durationMs: 10_000, opsPerMinute: 30 }, 'golden') });
    const text = result.trace.map((e) => canonicalJson(e)).join('\n') + '\n';
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('simulate: the world', () => {
  it('converges after heal and quiescence for 50 seeds with heavy faults, in both stamp modes', () => {
    for (let seed = 0; seed < 50; seed++) {
      const options = short(seed, { crashesPerHour: 120, partitionsPerHour: 60, lossPercent: 10, tokenExpiriesPerHour: 60, stampMode: seed % 2 ? 'wall' : 'hlc' });
      const result = simulate({ options });
      expect(result.converged, `seed ${seed}`).toBe(true);
      const end = result.trace.at(-1)!;
      expect(end.kind).toBe('run-end');
    }
  });

  it('writes the trace in the documented order: run-start, phases, run-end; i is the index; t never goes back', () => {
    const { trace } = simulate({ options: short(3) });
    expect(trace[0]!.kind).toBe('run-start');
    expect(trace.at(-1)!.kind).toBe('run-end');
    expect(ofKind(trace, 'phase').map((p) => p.phase)).toEqual(['fault', 'heal', 'quiescence']);
    trace.forEach((e, i) => expect(e.i).toBe(i));
    for (let i = 1; i < trace.length; i++) expect(trace[i]!.t).toBeGreaterThanOrEqual(trace[i - 1]!.t);
  });

  it('reads every write back in the same instant', () => {
    const { trace } = simulate({ options: short(5) });
    trace.forEach((e, i) => {
      if (e.kind !== 'local-write' || !e.ok) return;
      const next = trace[i + 1]!;
      expect(next).toMatchObject({ kind: 'local-read', device: e.device, recordId: e.recordId, t: e.t });
    });
  });

  it('transmits nothing from an offline device with the default reconciler', () => {
    const { trace } = simulate({ options: short(9, { offlinePercent: 100, intermittentPercent: 0, modeChangesPerHour: 0 }) });
    const healAt = ofKind(trace, 'phase').find((p) => p.phase === 'heal')!.t;
    expect(ofKind(trace, 'msg-send').filter((m) => m.t < healAt)).toEqual([]);
    expect(ofKind(trace, 'local-write').length).toBeGreaterThan(0);
  });

  it('records a send from a reconciler that polls while offline, and drops it', () => {
    const leaky: ReconcilerModule = {
      name: 'leaky',
      create: (o) => {
        const r = defaultReconciler.create(o);
        const realSet = r.setConnectivity.bind(r);
        r.setConnectivity = (_mode, now) => realSet('online', now); // ignores the OS: believes it is online
        return r;
      },
      restore: (s, o, nowMs) => defaultReconciler.restore(s, o, nowMs),
    };
    const { trace } = simulate({ options: short(9, { offlinePercent: 100, intermittentPercent: 0, modeChangesPerHour: 0 }), reconciler: leaky });
    const offlineSends = ofKind(trace, 'msg-send').filter((m) => m.senderMode === 'offline');
    expect(offlineSends.length).toBeGreaterThan(0);
    const drops = new Map(ofKind(trace, 'msg-drop').map((d) => [d.msgId, d.reason]));
    for (const m of offlineSends) expect(drops.get(m.msgId)).toBe('offline');
  });

  it('injects loss and duplication at roughly the configured rates', () => {
    const { trace } = simulate({ options: resolveSimOptions({ seed: 1, durationMs: 600_000, lossPercent: 20, duplicatePercent: 10, offlinePercent: 0, intermittentPercent: 0, modeChangesPerHour: 0, partitionsPerHour: 0, serverOutagesPerHour: 0, crashesPerHour: 0 }, 'test') });
    const sends = ofKind(trace, 'msg-send').length;
    const lost = ofKind(trace, 'msg-drop').filter((d) => d.reason === 'loss').length;
    const dups = ofKind(trace, 'msg-duplicate').length;
    expect(sends).toBeGreaterThan(500);
    expect(lost / sends).toBeGreaterThan(0.14);
    expect(lost / sends).toBeLessThan(0.26);
    expect(dups / sends).toBeGreaterThan(0.05);
    expect(dups / sends).toBeLessThan(0.13);
  });

  it('crashes after a push is sent and before a pull is applied, and restarts from the durable snapshot', () => {
    const schedule: Schedule = {
      devices: ['a', 'b'],
      initialModes: { a: 'online', b: 'online' },
      clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
      events: [
        { atMs: 100, device: 'a', action: 'crash', point: 'after-push-sent' },
        { atMs: 200, device: 'a', action: 'create', ref: 'r1', fields: { notes: 'left knee after the walk' } },
        { atMs: 3_000, device: 'a', action: 'restart' },
        { atMs: 3_100, device: 'b', action: 'crash', point: 'before-pull-apply' },
        { atMs: 9_000, device: 'b', action: 'restart' },
      ],
    };
    const options = resolveSimOptions({ seed: 1, devices: 2, durationMs: 12_000, lossPercent: 0, duplicatePercent: 0, oneWayFailurePercent: 0, reorderPercent: 0 }, 'test');
    const { trace, converged } = simulate({ options, schedule });
    expect(ofKind(trace, 'crash').map((c) => [c.device, c.point])).toEqual([['a', 'after-push-sent'], ['b', 'before-pull-apply']]);
    const restartA = ofKind(trace, 'restart').find((r) => r.device === 'a')!;
    expect(restartA.versions.map((v) => v.fields['notes'])).toEqual(['left knee after the walk']);
    expect(restartA.pendingOps).toBe(1);
    expect(converged).toBe(true);
  });
});
