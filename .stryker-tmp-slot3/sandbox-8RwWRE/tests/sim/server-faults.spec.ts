// @ts-nocheck
// Server faults in the transport: partial application of a push and slow acknowledgements. Off by
// default (hashes hold, see trace-hash-pins); on, they show in the trace, and the default reconciler
// still keeps every guarantee.
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';

const opts = (over: Record<string, unknown>) => resolveSimOptions({ seed: 9, devices: 3, durationMs: 15_000, quiescenceMs: 60_000, opsPerMinute: 240, offlinePercent: 0, intermittentPercent: 0, ...over }, 'test');

describe('server faults', () => {
  it('partialApplyPercent: pushes applied in part are in the trace (stored of sent, the answer), and the default engine stays correct', () => {
    const run = runChecked({ options: opts({ partialApplyPercent: 60 }) });
    const partial = run.trace.filter((e) => e.kind === 'server-apply' && e.partial);
    expect(partial.length).toBeGreaterThan(3);
    for (const e of partial) {
      if (e.kind !== 'server-apply' || !e.partial) continue;
      expect(e.partial.stored).toBeLessThan(e.partial.of);
      expect(e.appended.length + e.deduplicated.length).toBe(e.partial.stored);
      expect(e.error !== undefined).toBe(e.partial.answer === 'fail');
    }
    expect(new Set(partial.map((e) => (e.kind === 'server-apply' ? e.partial!.answer : '')))).toEqual(new Set(['ack-stored', 'fail']));
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });

  it('slowAckPercent: some push answers arrive after the request timed out, and the default engine stays correct', () => {
    const run = runChecked({ options: opts({ slowAckPercent: 50 }) });
    const failed = new Set(run.trace.flatMap((e) => (e.kind === 'request-fail' && e.reason === 'timeout' ? [e.requestId] : [])));
    const lateAcks = run.trace.filter((e) => e.kind === 'msg-send' && e.from === 'server' && failed.has(e.requestId));
    expect(lateAcks.length).toBeGreaterThan(0);
    expect(run.violations).toEqual([]);
  });

  it('serverRestartsPerHour: a restart loses what is on the wire and resets the waiting devices at once, keeps the log, and the default engine recovers', () => {
    const run = runChecked({ options: opts({ serverRestartsPerHour: 1200, lossPercent: 0 }) });
    const restarts = run.trace.filter((e) => e.kind === 'server' && e.state === 'restart');
    expect(restarts.length).toBeGreaterThan(2);
    const restartAt = new Set(restarts.map((e) => e.t));
    const lost = run.trace.filter((e) => e.kind === 'msg-drop' && e.reason === 'server-restart');
    const resets = run.trace.filter((e) => e.kind === 'request-fail' && e.reason === 'connection-reset');
    expect(lost.length).toBeGreaterThan(0);
    expect(resets.length).toBeGreaterThan(0);
    for (const e of [...lost, ...resets]) expect(restartAt.has(e.t)).toBe(true);
    // A lost copy is never delivered afterwards, and nothing the server stored is gone: every op it appended is in its final log.
    const lostIds = new Set(lost.map((e) => (e.kind === 'msg-drop' ? e.msgId : '')));
    expect(run.trace.some((e) => e.kind === 'msg-deliver' && lostIds.has(e.msgId))).toBe(false);
    const appended = run.trace.flatMap((e) => (e.kind === 'server-apply' ? e.appended : []));
    const end = run.trace.at(-1)!;
    const logged = new Set(end.kind === 'run-end' ? end.serverLog.map((o) => o.opId) : []);
    expect(appended.filter((id) => !logged.has(id))).toEqual([]);
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });

  it('off, nothing is partial', () => {
    const run = runChecked({ options: opts({}) });
    expect(run.trace.some((e) => e.kind === 'server-apply' && e.partial)).toBe(false);
  });
});
