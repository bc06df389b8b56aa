// status-fields: inFlight, retryAtMs and clockLeadRefused of the disclosed status against the trace.
import { describe, expect, it } from 'vitest';
import { statusFields } from '../../src/check/status-fields.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const judge = (options: Record<string, unknown>, ...events: Loose[]) => {
  const trace = [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
  return statusFields.check({ trace, serverState: {}, stampMode: 'hlc' }).map((v) => v.message);
};
const PACED = { retryMinDelayMs: 250 };
const online: Loose = { t: 0, kind: 'connectivity', device: 'a', mode: 'online' };
const base = { connectivity: 'online', pendingOps: 0, inFlight: false, lastSyncOkAtMs: null, lastError: null, authExpired: false, retryAtMs: null, remoteActions: [] };
const status = (t: number, fields: Record<string, unknown> = {}): Loose => ({ t, kind: 'status', device: 'a', status: { ...base, ...fields } });
const send = (t: number, q: string): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type: 'pull', requestId: q, bytes: 1, payload: {}, senderMode: 'online' });
const answer = (t: number, q: string, payload: Record<string, unknown>): Loose[] => [
  { t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: { type: 'pull', ...payload }, senderMode: 'online' },
  { t: t + 1, kind: 'msg-deliver', msgId: `r${q}`, to: 'a' },
];
const timeout = (t: number, q: string): Loose => ({ t, kind: 'request-fail', device: 'a', requestId: q, reason: 'timeout' });
const stamp = (wallMs: number, counter = 0, device = 'b') => `${String(wallMs).padStart(15, '0')}.${String(counter).padStart(8, '0')}.${device}`;
const lead = (count: unknown, lastRemoteWallMs: unknown = 9_000_000, atMs: unknown = 1000) => ({ clockLeadRefused: { count, lastRemoteWallMs, atMs } });

describe('status-fields: inFlight', () => {
  it('holds for a status that follows the requests, read in the instant of the send and of the answer', () => {
    expect(judge({}, online, status(1), send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [] }), status(51), status(100))).toEqual([]);
    // The status read before the send in the same instant is judged only at the instant's end.
    expect(judge({}, online, status(10), send(10, 'a/q1'), status(10, { inFlight: true }), timeout(2_000_010, 'a/q1'), status(2_000_010))).toEqual([]);
  });

  it('flags inFlight false while a request is outstanding, and true with none', () => {
    expect(judge({}, online, status(1), send(10, 'a/q1'), status(10, { pendingOps: 1 }))).toEqual([expect.stringMatching(/discloses inFlight false, but request a\/q1 it sent at 0\.000 s is still outstanding/)]);
    expect(judge({}, online, status(1), send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [] }))).toEqual([expect.stringMatching(/discloses inFlight true, but it has no request outstanding/)]);
    expect(judge({}, online, status(1, { inFlight: 'maybe' }))[0]).toMatch(/discloses inFlight "maybe"; expected true or false/);
  });

  it('ends an outstanding request at its failure, a crash or going offline, and not at a late answer', () => {
    expect(judge({}, online, send(10, 'a/q1'), status(10, { inFlight: true }), { t: 20, kind: 'crash', device: 'a', point: 'idle' }, { t: 30, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, status(30))).toEqual([]);
    expect(judge({}, online, send(10, 'a/q1'), status(10, { inFlight: true }), { t: 20, kind: 'connectivity', device: 'a', mode: 'offline' }, status(20, { connectivity: 'offline' }))).toEqual([]);
    // An answer to a request that already failed ends nothing: the one sent since is still outstanding.
    const late = [send(10, 'a/q1'), timeout(2_000_010, 'a/q1'), send(2_500_000, 'a/q2'), status(2_500_000, { inFlight: true }), ...answer(2_600_000, 'a/q1', { ok: true, ops: [] })];
    expect(judge({}, online, ...late)).toEqual([]);
    // A crashed device discloses nothing until it runs again.
    expect(judge({}, online, send(10, 'a/q1'), status(10, { inFlight: true }), { t: 20, kind: 'crash', device: 'a', point: 'idle' }, { t: 40, kind: 'clock', device: 'a', offsetMs: 5, jump: true })).toEqual([]);
  });
});

describe('status-fields: retryAtMs', () => {
  it('must be a time or null', () => {
    const { retryAtMs: _, ...without } = base;
    expect(judge({}, online, { t: 1, kind: 'status', device: 'a', status: without })[0]).toMatch(/discloses retryAtMs undefined; expected a device-clock time in ms, or null/);
    expect(judge({}, online, status(1, { retryAtMs: 1234 }))).toEqual([]);
  });

  it('is not null while the device backs off a transient failure with ops pending (only with retryMinDelayMs)', () => {
    const failed = [online, send(10, 'a/q1'), status(10, { inFlight: true, pendingOps: 1 }), timeout(2_000_010, 'a/q1')];
    expect(judge(PACED, ...failed, status(2_000_010, { pendingOps: 1 }))[0]).toMatch(/discloses retryAtMs null with 1 op\(s\) pending, but its request failed at 2\.000 s \(timeout\)/);
    expect(judge(PACED, ...failed, status(2_000_010, { pendingOps: 1, retryAtMs: 2500 }))).toEqual([]);
    expect(judge({}, ...failed, status(2_000_010, { pendingOps: 1 }))).toEqual([]);
    // Nothing pending: nothing to retry, so no backoff is demanded.
    expect(judge(PACED, ...failed, status(2_000_010))).toEqual([]);
    // An unavailable refusal is a transient failure too; a token refusal (waiting for a token) is not.
    expect(judge(PACED, online, send(10, 'a/q1'), status(10, { inFlight: true, pendingOps: 1 }), ...answer(50, 'a/q1', { ok: false, error: 'unavailable' }), status(51, { pendingOps: 1 }))).toHaveLength(1);
    expect(judge(PACED, online, send(10, 'a/q1'), status(10, { inFlight: true, pendingOps: 1 }), ...answer(50, 'a/q1', { ok: false, error: 'token-expired' }), status(51, { pendingOps: 1 }))).toEqual([]);
  });

  it('is not demanded once the device sent again or had a reason of its own', () => {
    const failed = [online, send(10, 'a/q1'), status(10, { inFlight: true, pendingOps: 1 }), timeout(2_000_010, 'a/q1'), status(2_000_010, { pendingOps: 1, retryAtMs: 2500 })];
    expect(judge(PACED, ...failed, { t: 2_100_000, kind: 'targeted', device: 'a', action: 'sync-now', state: 'fired', detail: '' }, status(2_100_000, { pendingOps: 1 }))).toEqual([]);
    expect(judge(PACED, ...failed, { t: 2_100_000, kind: 'token', device: 'a', state: 'renewed' }, status(2_100_000, { pendingOps: 1 }))).toEqual([]);
    expect(judge(PACED, ...failed, send(2_600_000, 'a/q2'), status(2_600_000, { pendingOps: 1, inFlight: true }))).toEqual([]);
  });
});

describe('status-fields: retryAtMs honoured', () => {
  const EPOCH = { clockEpochMs: 1_000_000, driftPpmMax: 0 };
  const clock: Loose = { t: 0, kind: 'clock', device: 'a', offsetMs: 0, jump: false };
  // Failure at 2 s true time (device reads 1_002_000), retry disclosed for device time 1_002_500.
  const failed = [online, clock, send(10, 'a/q1'), status(10, { inFlight: true, pendingOps: 1 }), timeout(2_000_000, 'a/q1'), status(2_000_000, { pendingOps: 1, retryAtMs: 1_002_500 })];
  it('flags a request sent before the disclosed retry time, and holds for one sent at it', () => {
    expect(judge(EPOCH, ...failed, send(2_100_000, 'a/q2'))[0]).toMatch(/sent pull a\/q2 while its clock read at most 1002103 ms, before the retry time it disclosed at 2\.000 s \(retryAtMs 1002500\)/);
    expect(judge(EPOCH, ...failed, send(2_500_000, 'a/q2'), status(2_500_000, { pendingOps: 1, inFlight: true, retryAtMs: 1_002_500 }))).toEqual([]);
  });

  it('allows a coarse clock its step: its sample was read rounded down', () => {
    const coarse = failed.map((e) => (e.kind === 'clock' ? { ...e, stepMs: 1000 } : e));
    expect(judge(EPOCH, ...coarse, send(2_000_000, 'a/q2'), status(2_000_000, { pendingOps: 1, inFlight: true, retryAtMs: 1_002_500 }))).toEqual([]);
    expect(judge(EPOCH, ...coarse.map((e) => (e.kind === 'status' && e.t === 2_000_000 ? status(2_000_000, { pendingOps: 1, retryAtMs: 1_004_500 }) : e)), send(2_100_000, 'a/q2'))[0]).toMatch(/before the retry time it disclosed/);
  });

  it('lets the device send sooner after a reason of its own, and does not judge a device whose clock was never sampled', () => {
    const retried = status(2_100_000, { pendingOps: 1, inFlight: true });
    const after = (e: Loose) => judge(EPOCH, ...failed, e, send(2_100_000, 'a/q2'), retried);
    expect(after({ t: 2_050_000, kind: 'targeted', device: 'a', action: 'sync-now', state: 'fired', detail: '' })).toEqual([]);
    expect(after({ t: 2_050_000, kind: 'local-write', device: 'a', op: 'create', recordId: 'r1', ok: false, error: 'x', wallMs: 1 })).toEqual([]);
    expect(after({ t: 2_050_000, kind: 'remote-action', device: 'a', actionId: 'x1', action: 'backup', state: 'requested' })).toEqual([]);
    expect(after({ t: 2_050_000, kind: 'clock', device: 'a', offsetMs: -5000, jump: true })).toEqual([]);
    expect(judge(EPOCH, ...failed.filter((e) => e.kind !== 'clock'), send(2_100_000, 'a/q2'), retried)).toEqual([]);
  });
});

describe('status-fields: clockLeadRefused', () => {
  const pulled = [online, send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [{ stamp: stamp(9_000_000) }, { stamp: stamp(9_500_000) }] })];
  it('holds for refusals of stamps the device was handed, counted up', () => {
    expect(judge({}, ...pulled, status(51, lead(1)), status(60, lead(2, 9_500_000)))).toEqual([]);
  });

  it('flags a malformed disclosure, a count that drops, a refusal that disappears and a stamp never handed', () => {
    expect(judge({}, ...pulled, status(51, lead(0)))[0]).toMatch(/expected \{ count: a whole number >= 1/);
    expect(judge({}, ...pulled, status(51, { clockLeadRefused: {} }))[0]).toMatch(/discloses clockLeadRefused \{\}/);
    expect(judge({}, ...pulled, status(51, lead(2)), status(60, lead(1, 9_500_000)))[0]).toMatch(/discloses 1 clock-lead refusal\(s\), after disclosing 2 earlier in this life/);
    expect(judge({}, ...pulled, status(51, lead(1)), status(60))[0]).toMatch(/no longer discloses clockLeadRefused/);
    expect(judge({}, ...pulled, status(51, lead(1, 8_000_000)))[0]).toMatch(/a refused stamp of wall time 8000000 ms .* no pull answer it was handed carried a stamp of that wall time/);
  });

  it('asks for a refusal the writes show: a later write of the same life stamped below a stamp the device took', () => {
    const took = [online, send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [{ stamp: stamp(9_000_000), deviceId: 'b' }] }), status(51)];
    const write = (t: number, wallMs: number, counter = 0): Loose => ({ t, kind: 'local-write', device: 'a', op: 'create', recordId: 'r1', ok: true, version: { id: 'r1', stamp: stamp(wallMs, counter, 'a'), deleted: false, fields: {}, opId: 'a:1' }, wallMs, base: null });
    expect(judge({}, ...took, write(100, 1000))[0]).toMatch(/committed a:1 stamped 000000000001000\.00000000\.a, at wall 1000 ms, below the wall 9000000 ms of another device's stamp, which it took in a pull answer at 0\.000 s: its clock did not follow that stamp, so it refused it; expected status\(\)\.clockLeadRefused to disclose the refusal/);
    expect(judge({}, ...took.slice(0, -1), status(51, lead(1)), write(100, 1000))).toEqual([]);
    // Followed (the write is stamped just above the stamp it took), its own stamps, a restart in between, or wall mode: nothing owed.
    expect(judge({}, ...took, write(100, 9_000_000, 1))).toEqual([]);
    const own = [online, send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [{ stamp: stamp(9_000_000), deviceId: 'a' }] }), status(51)];
    expect(judge({}, ...own, write(100, 1000))).toEqual([]);
    expect(judge({}, ...took, { t: 60, kind: 'crash', device: 'a', point: 'idle' }, { t: 70, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, write(100, 1000))).toEqual([]);
    // A crash and restart in the write's instant: judged on the last status of the write's life, not on the new life's (whose count starts again).
    const crashNow = [{ t: 100, kind: 'crash', device: 'a', point: 'now' }, { t: 100, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, status(100)];
    expect(judge({}, ...took.slice(0, -1), status(51, lead(1)), write(100, 1000), status(100, lead(1)), ...crashNow)).toEqual([]);
    expect(judge({}, ...took, write(100, 1000), status(100), ...crashNow)[0]).toMatch(/committed a:1 stamped \S+, at wall 1000 ms, below the wall 9000000 ms/);
    const wall = [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'wall', reconciler: 'test', options: {} }, ...took, write(100, 1000)].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
    expect(statusFields.check({ trace: wall, serverState: {}, stampMode: 'wall' })).toEqual([]);
  });

  it('asks for it too when the write is in the stamp\'s own millisecond but ranked below it (a clock that took the millisecond and forgot the counter)', () => {
    const took = [online, send(10, 'a/q1'), status(10, { inFlight: true }), ...answer(50, 'a/q1', { ok: true, ops: [{ stamp: stamp(9_000_000, 2), deviceId: 'b' }, { stamp: stamp(8_000_000, 7), deviceId: 'b' }] }), status(51)];
    const write = (counter: number): Loose => ({ t: 100, kind: 'local-write', device: 'a', op: 'create', recordId: 'r1', ok: true, version: { id: 'r1', stamp: stamp(9_000_000, counter, 'a'), deleted: false, fields: {}, opId: 'a:1' }, wallMs: 9_000_000, base: null });
    expect(judge({}, ...took, write(0))).toEqual([expect.stringMatching(/committed a:1 stamped 000000009000000\.00000000\.a, below another device's stamp 000000009000000\.00000002\.b in the stamp order, which it took in a pull answer at 0\.000 s: its clock did not follow that stamp/)]);
    expect(judge({}, ...took, write(1))).toHaveLength(1);
    // Followed: one counter above the stamp it took (the top one, not the later op with the higher counter), or disclosed.
    expect(judge({}, ...took, write(3))).toEqual([]);
    expect(judge({}, ...took.slice(0, -1), status(51, lead(1)), write(0))).toEqual([]);
  });

  it('lets a restart start the count again', () => {
    expect(judge({}, ...pulled, status(51, lead(2)), { t: 60, kind: 'crash', device: 'a', point: 'idle' }, { t: 70, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, status(70), status(80, lead(1, 9_500_000)))).toEqual([]);
  });
});

describe('status-fields: authExpired', () => {
  const renewed = (t: number): Loose => ({ t, kind: 'token', device: 'a', state: 'renewed' });
  const expiredAnswer = (t: number, q: string) => answer(t, q, { ok: false, error: 'token-expired' });

  it('flags authExpired true before any refusal of the session the device holds (at boot)', () => {
    expect(judge({}, online, status(1, { authExpired: true }))).toEqual([expect.stringMatching(/discloses authExpired true, but no request it sent with its current session token \(handed at boot\) was refused token-expired/)]);
  });

  it('holds once a request sent with the current token was refused token-expired, until the renewal clears it', () => {
    expect(judge({}, online, send(10, 'a/q1'), status(10, { inFlight: true }), ...expiredAnswer(50, 'a/q1'), status(51, { authExpired: true }))).toEqual([]);
    // After the renewal the new session is fresh: saying it expired needs a refusal of a request sent with it.
    const afterRenewal = [send(10, 'a/q1'), status(10, { inFlight: true }), ...expiredAnswer(50, 'a/q1'), status(51, { authExpired: true }), renewed(60), status(60, { authExpired: true })];
    expect(judge({}, online, ...afterRenewal)).toEqual([expect.stringMatching(/discloses authExpired true, but .* \(handed at its last renewal\)/)]);
    expect(judge({}, online, ...afterRenewal.slice(0, -1), status(60), send(70, 'a/q2'), status(70, { inFlight: true }), ...expiredAnswer(80, 'a/q2'), status(81, { authExpired: true }))).toEqual([]);
  });

  it('flags the refusal of a request sent with an earlier token taken as the new session ending (renewed while it was on the wire)', () => {
    expect(judge({}, online, send(10, 'a/q1'), status(10, { inFlight: true }), renewed(20), status(20, { inFlight: true }), ...expiredAnswer(50, 'a/q1'), status(51, { authExpired: true }))).toEqual([
      expect.stringMatching(/discloses authExpired true, .*a refusal of a request sent with an earlier token says nothing of the current one/),
    ]);
  });

  it('a renewal while the device is down is its session only once the restart hands it over (not after a sign-out or revoke ended it)', () => {
    const crash: Loose = { t: 60, kind: 'crash', device: 'a', point: 'now' };
    const restart: Loose = { t: 90, kind: 'restart', device: 'a', versions: [], pendingOps: 0 };
    const refusedThenDown = [send(10, 'a/q1'), status(10, { inFlight: true }), ...expiredAnswer(50, 'a/q1'), status(51, { authExpired: true }), crash, renewed(70)];
    // Revoked before the restart: the simulator hands no token; the restored device still holds the refused one.
    expect(judge({}, online, ...refusedThenDown, { t: 80, kind: 'token', device: 'a', state: 'expired', scope: 'session' }, restart, status(90, { authExpired: true }))).toEqual([]);
    // Not revoked: the restart hands the renewed session over, so expired is no longer true.
    expect(judge({}, online, ...refusedThenDown, restart, status(90, { authExpired: true }))).toEqual([expect.stringMatching(/discloses authExpired true/)]);
  });

  it('does not judge an engine with its own protocol (its refusal codes are opaque)', () => {
    const trace = [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options: {}, protocol: { name: 'own', metadata: [], kinds: true, storedVersions: false } }, online, status(1, { authExpired: true })].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
    expect(statusFields.check({ trace, serverState: {}, stampMode: 'hlc' })).toEqual([]);
  });
});
