// The damaged-answer fault (damagedPulledOpPercent, src/sim/answer-damage.ts): one op of some pull
// answers reaches its device with its ciphertext damaged; the server's copy (and the answer the trace
// records it sending) stays intact, so a later pull brings the op whole. Off, nothing is drawn
// (trace-hash-pins holds every pinned hash).
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { simulate } from '../../src/sim/run.ts';
import { changeByte, truncate } from '../../src/sim/answer-damage.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { drawnForEngine, unsupportedServerFaults, withoutServerFaults } from '../../src/sim/engine-fit.ts';
import { notDrawnFor } from '../../src/explore/run-seed.ts';
import { loadProfile } from '../../src/explore/profile.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';
import ownSyncLabServer from '../fixtures/engines/own-sync-lab-server.ts';

const opts = (over: Record<string, unknown>) => resolveSimOptions({ seed: 3, devices: 3, durationMs: 15_000, quiescenceMs: 60_000, opsPerMinute: 240, offlinePercent: 0, intermittentPercent: 0, ...over }, 'test');
const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
const bytes = (b64: string) => [...Buffer.from(b64, 'base64')];

describe('the damage to a ciphertext', () => {
  const sealed = Buffer.from(Array.from({ length: 61 }, (_, n) => (n * 37) % 256)).toString('base64');
  it('changeByte: still base64 of the same length, and a decoded byte differs, wherever it lands', () => {
    for (let k = 0; k < 40; k++) {
      const at = k / 40;
      for (const shift of [1, 17, 63]) {
        const damaged = changeByte(sealed, at, shift)!;
        expect(damaged).toHaveLength(sealed.length);
        expect(damaged).toMatch(/^[A-Za-z0-9+/]+=*$/);
        expect(bytes(damaged)).toHaveLength(61);
        expect(bytes(damaged)).not.toEqual(bytes(sealed));
      }
    }
    expect(changeByte('A=', 0.5, 1)).toBeNull();
  });
  it('truncate: whole base64 quanta, half the bytes (the AEAD tag is gone)', () => {
    const cut = truncate(sealed);
    expect(cut.length % 4).toBe(0);
    expect(bytes(cut)).toEqual(bytes(sealed).slice(0, bytes(cut).length));
    expect(bytes(cut).length).toBeLessThan(61 / 2 + 3);
  });
});

describe('damagedPulledOpPercent', () => {
  it('off: no damage, and run-start does not list the knob', () => {
    const { trace } = simulate({ options: opts({}) });
    expect(of(trace, 'answer-damage')).toEqual([]);
    expect(JSON.stringify(trace[0])).not.toContain('damagedPulledOpPercent');
  });

  it('on: each damage names a delivered copy of a pull answer and a foreign op it carried; the server sent it intact', () => {
    const { trace } = simulate({ options: opts({ damagedPulledOpPercent: 40 }) });
    const damages = of(trace, 'answer-damage');
    expect(damages.length).toBeGreaterThan(3);
    expect(new Set(damages.map((d) => d.damage))).toEqual(new Set(['byte-changed', 'truncated']));
    const sends = new Map(of(trace, 'msg-send').map((s) => [s.msgId, s]));
    for (const d of damages) {
      const next = trace[trace.indexOf(d) + 1]!;
      expect(next).toMatchObject({ kind: 'msg-deliver', msgId: d.msgId, to: d.device });
      const sent = sends.get(d.msgId.split('.')[0]!)!;
      expect(sent.requestId).toBe(d.requestId);
      const op = (sent.payload as { ops: { opId: string; seq: number; deviceId: string; ciphertext: string }[] }).ops.find((o) => o.opId === d.opId)!;
      expect(op.seq).toBe(d.seq);
      expect(op.deviceId).not.toBe(d.device);
      // The recorded answer is the server's, whole: its ciphertext still decodes to a full sealed payload.
      expect(bytes(op.ciphertext).length).toBeGreaterThan(40);
    }
  });

  it('the default engine neither takes a damaged op nor loses it: no checker objects, and it ends holding every write', () => {
    for (const seed of [1, 2, 3, 4]) {
      const run = runChecked({ options: opts({ seed, damagedPulledOpPercent: 40 }) });
      const damages = of(run.trace, 'answer-damage');
      expect(damages.length).toBeGreaterThan(0);
      expect(run.violations).toEqual([]);
      expect(run.converged).toBe(true);
      // The damaged op is never shown by the merges of its damaged answer.
      for (const d of damages) {
        const at = run.trace.indexOf(d);
        const merges = [];
        for (let n = at + 2; n < run.trace.length && run.trace[n]!.kind === 'merge'; n++) merges.push(run.trace[n] as Extract<TraceEvent, { kind: 'merge' }>);
        expect(merges.filter((m) => m.version?.opId === d.opId)).toEqual([]);
      }
    }
  });

  it('is deterministic: same seed, same trace hash', () => {
    const a = simulate({ options: opts({ damagedPulledOpPercent: 30 }) });
    const b = simulate({ options: opts({ damagedPulledOpPercent: 30 }) });
    expect(a.traceHash).toBe(b.traceHash);
    expect(simulate({ options: opts({}) }).traceHash).not.toBe(a.traceHash);
  });

  it('an engine whose server speaks its own protocol: refused when asked, not drawn by a swarm, said so', () => {
    const options = opts({ damagedPulledOpPercent: 10 });
    const ledger = ledgerModule() as unknown as ReconcilerModule;
    expect(unsupportedServerFaults(options, ledger)).toMatch(/^field "damagedPulledOpPercent": .*speaks its own protocol \(ledger\).*expected 0/);
    expect(withoutServerFaults(options, ledger).damagedPulledOpPercent).toBe(0);
    expect(drawnForEngine(options, ledger).damagedPulledOpPercent).toBe(0);
    expect(unsupportedServerFaults(options, ownSyncLabServer)).toBeNull();
    expect(drawnForEngine(options, ownSyncLabServer).damagedPulledOpPercent).toBe(10);
    const profile = loadProfile('default');
    expect(notDrawnFor(profile, ledger).map((n) => n.option)).toContain('damagedPulledOpPercent');
    expect(notDrawnFor(profile, ownSyncLabServer).map((n) => n.option)).not.toContain('damagedPulledOpPercent');
  });

  it('an own server speaking sync-lab\'s protocol takes it, and the default client holds every checker', () => {
    const run = runChecked({ options: opts({ damagedPulledOpPercent: 40 }), reconciler: ownSyncLabServer });
    expect(of(run.trace, 'answer-damage').length).toBeGreaterThan(0);
    expect(run.violations).toEqual([]);
  });

  it('the default and all profiles draw it, in a modest range', () => {
    expect(loadProfile('default').ranges['damagedPulledOpPercent']).toEqual([0, 10]);
    expect(loadProfile('all').ranges['damagedPulledOpPercent']).toEqual([0, 20]);
  });
});
