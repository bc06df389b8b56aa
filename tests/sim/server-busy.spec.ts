// The serverBusyPercent fault in the transport: the built-in server sheds requests of every type as
// busy (`unavailable`, nothing stored or changed), drawn from its own stream only when the knob is on,
// shown in the trace (server-apply `busy`), and the default engine stays correct through it.
import { describe, expect, it, vi } from 'vitest';

/** Every RandomStream name made in this file's runs (the constructor's second argument). */
const streams = vi.hoisted(() => new Set<string>());
vi.mock('../../src/sim/random.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/sim/random.ts')>();
  class RecordingStream extends original.RandomStream {
    constructor(seed: number, name: string) {
      super(seed, name);
      streams.add(name);
    }
  }
  return { ...original, RandomStream: RecordingStream };
});

const { runChecked } = await import('../../src/lab/run-checked.ts');
const { resolveSimOptions } = await import('../../src/sim/options.ts');

const opts = (over: Record<string, unknown>) =>
  resolveSimOptions({ seed: 9, devices: 3, durationMs: 20_000, quiescenceMs: 60_000, opsPerMinute: 240, offlinePercent: 0, intermittentPercent: 0, backupsPerHour: 1440, adminActionsPerHour: 720, ...over }, 'test');

describe('serverBusyPercent', () => {
  it('sheds requests of every type as unavailable, marked busy in the trace, storing nothing; the default engine stays correct', () => {
    streams.clear();
    const run = runChecked({ options: opts({ serverBusyPercent: 40 }) });
    expect(streams.has('faults/server-busy')).toBe(true);
    const busy = run.trace.filter((e) => e.kind === 'server-apply' && e.busy === true);
    expect(new Set(busy.map((e) => (e.kind === 'server-apply' ? e.type : '')))).toEqual(new Set(['push', 'pull', 'backup', 'admin']));
    for (const e of busy) {
      if (e.kind !== 'server-apply') continue;
      expect(e.error).toBe('unavailable');
      expect(e.appended).toEqual([]);
      expect(e.deduplicated).toEqual([]);
      expect(e.partial).toBeUndefined();
      // Its answer, right after it, is an ordinary unavailable refusal.
      const answer = run.trace[e.i + 1]!;
      expect(answer).toMatchObject({ kind: 'msg-send', from: 'server', requestId: e.requestId, payload: { ok: false, error: 'unavailable' } });
    }
    // Faults end at the heal: nothing is shed in the liveness phase.
    const heal = run.trace.find((e) => e.kind === 'phase' && e.phase === 'heal');
    expect(heal).toBeDefined();
    expect(busy.every((e) => e.i < heal!.i)).toBe(true);
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });

  it('off, nothing is shed and its stream is never made (runs keep their old trace)', () => {
    streams.clear();
    const run = runChecked({ options: opts({}) });
    expect(streams.has('faults/server-busy')).toBe(false);
    expect(streams.size).toBeGreaterThan(0);
    expect(run.trace.some((e) => e.kind === 'server-apply' && e.busy !== undefined)).toBe(false);
    expect(run.trace[0]!.kind === 'run-start' && 'serverBusyPercent' in run.trace[0]!.options).toBe(false);
  });

  it('backupQuotaRefusalPercent refuses backups (only) for good, marked overQuota, from its own stream; the default engine fails them with the reason disclosed', () => {
    streams.clear();
    const run = runChecked({ options: opts({ backupQuotaRefusalPercent: 50 }) });
    expect(streams.has('faults/backup-quota')).toBe(true);
    const refused = run.trace.filter((e): e is Extract<typeof e, { kind: 'server-apply' }> => e.kind === 'server-apply' && e.overQuota === true);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toMatchObject({ type: 'backup', error: 'bad-request', appended: [] });
      expect(run.trace[e.i + 1]).toMatchObject({ kind: 'msg-send', from: 'server', requestId: e.requestId, payload: { ok: false, error: 'bad-request' } });
    }
    // The device discloses those backups failed, with the server's reason.
    const failed = run.trace.filter((e) => e.kind === 'remote-action' && e.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(run.violations).toEqual([]);
    streams.clear();
    runChecked({ options: opts({}) });
    expect(streams.has('faults/backup-quota')).toBe(false);
  });
});
