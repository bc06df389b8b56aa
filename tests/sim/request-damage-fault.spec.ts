// The damaged-request fault (damagedRequestPercent, src/sim/request-damage-fault.ts): damaged copies go
// to the server beside the real requests, which travel untouched; each copy's fate is in the trace and
// its answer reaches no device. Off, nothing is drawn (trace-hash-pins holds every pinned hash).
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { simulate } from '../../src/sim/run.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { unsupportedServerFaults, withoutServerFaults, drawnForEngine } from '../../src/sim/engine-fit.ts';
import { EXTRA_FIELD, remoteActionDamagesFor } from '../../src/sim/request-damage.ts';
import { notDrawnFor } from '../../src/explore/run-seed.ts';
import { loadProfile } from '../../src/explore/profile.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';
import ownSyncLabServer from '../fixtures/engines/own-sync-lab-server.ts';

const opts = (over: Record<string, unknown>) => resolveSimOptions({ seed: 5, devices: 3, durationMs: 15_000, quiescenceMs: 60_000, opsPerMinute: 240, offlinePercent: 0, intermittentPercent: 0, ...over }, 'test');
const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);

describe('damagedRequestPercent', () => {
  it('off: no copy, no event, and run-start does not list the knob', () => {
    const { trace } = simulate({ options: opts({}) });
    expect(of(trace, 'request-damage')).toEqual([]);
    expect(of(trace, 'damaged-apply')).toEqual([]);
    expect(JSON.stringify(trace[0])).not.toContain('damagedRequestPercent');
  });

  it('a quarter of damaged pushes hit push ownership (its own stream), the default server refusing each', () => {
    const damages = [1, 2, 3].flatMap((seed) => of(runChecked({ options: opts({ seed, damagedRequestPercent: 40 }) }).trace, 'request-damage'));
    const pushes = damages.filter((d) => d.type === 'push' && d.path.startsWith('ops['));
    const owned = pushes.filter((d) => d.damage === 'foreign-device' || d.damage === 'no-device-prefix');
    expect(owned.length).toBeGreaterThan(pushes.length / 8);
    expect(new Set(owned.map((d) => d.damage))).toEqual(new Set(['foreign-device', 'no-device-prefix']));
  });

  it('on: every copy is recorded with its damage, then its fate; the default engine and server hold every checker', () => {
    const run = runChecked({ options: opts({ damagedRequestPercent: 40 }) });
    const damages = of(run.trace, 'request-damage');
    const applied = of(run.trace, 'damaged-apply');
    expect(damages.length).toBeGreaterThan(10);
    expect(applied.map((e) => e.copyId).sort()).toEqual(damages.map((e) => e.copyId).sort());
    for (const d of damages) {
      const fate = applied.find((a) => a.copyId === d.copyId)!;
      expect(fate.i).toBeGreaterThan(d.i);
      expect(fate.requestId).toBe(d.requestId);
      expect(fate.answer).toBe('not-delivered');
      if (fate.outcome === 'handled' && d.expect === 'refuse') {
        expect(fate.response).toMatchObject({ ok: false });
        expect(fate.appended).toEqual([]);
      }
    }
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });

  it('the real requests travel untouched and no answer goes to a copy: every message is a real one', () => {
    const { trace } = simulate({ options: opts({ damagedRequestPercent: 60 }) });
    const sends = of(trace, 'msg-send');
    for (const s of sends) expect(JSON.stringify(s.payload)).not.toContain(EXTRA_FIELD);
    const copies = new Set(of(trace, 'request-damage').map((e) => e.copyId));
    for (const e of trace) if ('msgId' in e) expect(copies.has(e.msgId as string)).toBe(false);
    // Each request the server answered is answered once per copy of it the network delivered, never for a damaged copy.
    const applies = of(trace, 'server-apply').length;
    expect(sends.filter((s) => s.from === 'server')).toHaveLength(applies);
  });

  it('copies reach the server both before and after their real request', () => {
    const { trace } = simulate({ options: opts({ damagedRequestPercent: 60, lossPercent: 0, duplicatePercent: 0 }) });
    let before = 0;
    let after = 0;
    for (const fate of of(trace, 'damaged-apply')) {
      if (fate.outcome !== 'handled') continue;
      const real = trace.find((e) => e.kind === 'server-apply' && e.requestId === fate.requestId);
      if (real === undefined) continue;
      if (real.i > fate.i) before++;
      else after++;
    }
    expect(before).toBeGreaterThan(2);
    expect(after).toBeGreaterThan(2);
  });

  it('same seed, same copies', () => {
    const a = simulate({ options: opts({ damagedRequestPercent: 30 }) });
    const b = simulate({ options: opts({ damagedRequestPercent: 30 }) });
    expect(a.traceHash).toBe(b.traceHash);
  });

  it('an engine whose own server speaks another protocol is refused (exit 2 at the edge) and not drawn in a swarm; one declaring sync-lab takes it', () => {
    const ledger = ledgerModule() as unknown as ReconcilerModule;
    const options = opts({ damagedRequestPercent: 10 });
    expect(unsupportedServerFaults(options, ledger)).toMatch(/^field "damagedRequestPercent": .*speaks its own protocol \(ledger\)/);
    expect(withoutServerFaults(options, ledger).damagedRequestPercent).toBe(0);
    expect(drawnForEngine(options, ledger).damagedRequestPercent).toBe(0);
    const own = ownSyncLabServer as unknown as ReconcilerModule;
    expect(unsupportedServerFaults(options, own)).toBeNull();
    expect(drawnForEngine(options, own).damagedRequestPercent).toBe(10);
    const profile = loadProfile('default');
    expect(notDrawnFor(profile, ledger).map((n) => n.option)).toContain('damagedRequestPercent');
    expect(notDrawnFor(profile, own).map((n) => n.option)).not.toContain('damagedRequestPercent');
  });

  it("a correct engine's own server speaking sync-lab refuses every copy too", () => {
    const run = runChecked({ options: opts({ damagedRequestPercent: 40 }), reconciler: ownSyncLabServer });
    expect(of(run.trace, 'request-damage').length).toBeGreaterThan(10);
    expect(run.violations).toEqual([]);
  });
});

describe('damagedRemoteActionPercent', () => {
  const remote = (over: Record<string, unknown>) => opts({ backupsPerHour: 1_200, adminActionsPerHour: 1_200, ...over });

  it('off: no copy, and run-start does not list the knob', () => {
    const { trace } = simulate({ options: remote({}) });
    expect(of(trace, 'request-damage')).toEqual([]);
    expect(JSON.stringify(trace[0])).not.toContain('damagedRemoteActionPercent');
  });

  it('on: copies of backup and admin requests only, each damage from their own list; the default engine and server hold every checker', () => {
    const run = runChecked({ options: remote({ damagedRemoteActionPercent: 80 }) });
    const damages = of(run.trace, 'request-damage');
    expect(damages.length).toBeGreaterThan(3);
    expect(new Set(damages.map((d) => d.type))).toEqual(new Set(['backup', 'admin']));
    const allowed = new Set(['backup', 'admin'].flatMap((type) => remoteActionDamagesFor({ type }).map((e) => `${type} ${e.path} ${e.damage}`)));
    for (const d of damages) expect(allowed).toContain(`${d.type} ${d.path} ${d.damage}`);
    expect(of(run.trace, 'damaged-apply').filter((a) => a.outcome === 'handled').every((a) => (a.response as { ok?: unknown } | undefined)?.ok === false)).toBe(true);
    expect(run.violations).toEqual([]);
  });

  it("its own stream: damagedRequestPercent's copies are the same with it on or off", () => {
    // No request reaches the server any differently (copies' answers go nowhere), so the devices send the same
    // requests and the main draw makes the same copies; the knob only adds copies of requests it left undamaged.
    const copies = (over: Record<string, unknown>) => of(simulate({ options: remote({ damagedRequestPercent: 30, ...over }) }).trace, 'request-damage').map((d) => `${d.copyId} ${d.path} ${d.damage}`);
    const without = copies({});
    const withIt = copies({ damagedRemoteActionPercent: 80 });
    expect(without.length).toBeGreaterThan(5);
    expect(withIt.filter((c) => without.includes(c))).toEqual(without);
    expect(withIt.length).toBeGreaterThan(without.length);
  });

  it('refused for an engine whose own server speaks its own protocol, and not drawn for it', () => {
    const ledger = ledgerModule() as unknown as ReconcilerModule;
    const options = remote({ damagedRemoteActionPercent: 10 });
    expect(unsupportedServerFaults(options, ledger)).toMatch(/^field "damagedRemoteActionPercent": .*speaks its own protocol \(ledger\)/);
    expect(withoutServerFaults(options, ledger).damagedRemoteActionPercent).toBe(0);
    expect(notDrawnFor(loadProfile('default'), ledger).map((n) => n.option)).toContain('damagedRemoteActionPercent');
    expect(drawnForEngine(options, ownSyncLabServer as unknown as ReconcilerModule).damagedRemoteActionPercent).toBe(10);
  });
});

