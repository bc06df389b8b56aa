// remote-actions: every remote action the user asked for is accounted for, judged from the trace alone.
import { describe, expect, it } from 'vitest';
import { judgeability } from '../../src/check/judgeable.ts';
import { remoteActions } from '../../src/check/remote-actions.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';

type Loose = Record<string, unknown> & { t: number; kind: string };
const traceOf = (options: Record<string, unknown>, ...events: Loose[]): TraceEvent[] =>
  [{ t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options }, { t: 0, kind: 'connectivity', device: 'a', mode: 'online' }, ...events].map((e, i) => ({ ...e, i }) as unknown as TraceEvent);
const judge = (trace: TraceEvent[]) => remoteActions.check({ trace, serverState: {}, stampMode: 'hlc' });

const asked = (t: number, id: string, action = 'backup'): Loose => ({ t, kind: 'remote-action', device: 'a', actionId: id, action, state: 'requested' });
const state = (t: number, id: string, s: string, action = 'backup'): Loose => ({ t, kind: 'remote-action', device: 'a', actionId: id, action, state: s });
const status = (t: number, actions: { id: string; state: string; lastError?: string | null; kind?: string }[]): Loose => ({
  t,
  kind: 'status',
  device: 'a',
  status: { remoteActions: actions.map((a) => ({ id: a.id, kind: a.kind ?? 'backup', state: a.state, attempts: 1, lastError: a.lastError ?? null })) },
});
const send = (t: number, q: string, type = 'backup', payload: Record<string, unknown> = {}): Loose => ({ t, kind: 'msg-send', msgId: `s${q}`, from: 'a', to: 'server', type, requestId: q, bytes: 1, payload: { type, requestId: q, ...payload }, senderMode: 'online' });
const answer = (t: number, q: string, ok: boolean, type = 'backup', error = 'unavailable'): Loose => ({ t, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: ok ? { type, ok, backupId: 'b1' } : { type, ok, error }, senderMode: 'online' });
const deliver = (t: number, q: string): Loose => ({ t, kind: 'msg-deliver', msgId: `r${q}`, to: 'a' });

/** One backup asked for, sent, accepted, answered and shown done: what a correct engine does. */
const honest = [asked(1, 'a/x1'), status(1, [{ id: 'a/x1', state: 'in-flight' }]), state(1, 'a/x1', 'in-flight'), send(1, 'a/q1'), answer(2, 'a/q1', true), deliver(3, 'a/q1'), status(3, [{ id: 'a/x1', state: 'done' }]), state(3, 'a/x1', 'done')];

describe('remote-actions', () => {
  it('passes an action done after the server accepted it and its answer came back', () => {
    expect(judge(traceOf({}, ...honest))).toEqual([]);
  });

  it('flags an action reported done before any accepted answer reached the device', () => {
    const early = [asked(1, 'a/x1'), send(1, 'a/q1'), status(1, [{ id: 'a/x1', state: 'done' }]), state(1, 'a/x1', 'done')];
    expect(judge(traceOf({}, ...early))[0]?.message).toMatch(/reported done, but no accepted backup request/);
    // A refusal is not an acceptance.
    const refused = [asked(1, 'a/x1'), send(1, 'a/q1'), answer(2, 'a/q1', false), deliver(3, 'a/q1'), status(3, [{ id: 'a/x1', state: 'done' }]), state(3, 'a/x1', 'done')];
    expect(judge(traceOf({}, ...refused))[0]?.message).toMatch(/reported done/);
  });

  it('flags an action done and then pending again, and more accepted requests than actions asked', () => {
    const reopened = [...honest, state(4, 'a/x1', 'pending')];
    expect(judge(traceOf({}, ...reopened))[0]?.message).toMatch(/was done, then pending again/);
    const twice = [...honest, send(5, 'a/q2'), answer(6, 'a/q2', true), deliver(7, 'a/q2')];
    expect(judge(traceOf({}, ...twice))[0]?.message).toMatch(/accepted 2 backup request\(s\).*for 1 backup action/);
    // The first answer came after its request timed out: sending it again was right.
    const late = [asked(1, 'a/x1'), send(1, 'a/q1'), { t: 2, kind: 'request-fail', device: 'a', requestId: 'a/q1', reason: 'timeout' }, answer(2, 'a/q1', true), deliver(3, 'a/q1'), send(4, 'a/q2'), answer(5, 'a/q2', true), deliver(6, 'a/q2')];
    expect(judge(traceOf({}, ...late))).toEqual([]);
  });

  it('flags an unfinished action missing from the disclosed status, unless an accepted answer accounts for it', () => {
    const gone = [asked(1, 'a/x1'), status(1, [{ id: 'a/x1', state: 'pending' }]), state(1, 'a/x1', 'pending'), status(2, [])];
    expect(judge(traceOf({}, ...gone))[0]?.message).toMatch(/missing from the status the device discloses/);
    const doneUnseen = [asked(1, 'a/x1'), state(1, 'a/x1', 'in-flight'), send(1, 'a/q1'), answer(2, 'a/q1', true), deliver(3, 'a/q1'), { t: 3, kind: 'crash', device: 'a', point: 'idle' }, { t: 4, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, status(4, [])];
    expect(judge(traceOf({}, ...doneUnseen))).toEqual([]);
  });

  it('flags a disclosed action the user never asked for', () => {
    const invented = [asked(1, 'a/x1'), status(1, [{ id: 'a/x1', state: 'pending' }, { id: 'a/x9', state: 'pending' }])];
    expect(judge(traceOf({}, ...invented))[0]?.message).toMatch(/discloses a remote action .*a\/x9.* never asked for/);
    const odd = [asked(1, 'a/x1'), status(1, [{ id: 'a/x1', state: '' }])];
    expect(judge(traceOf({}, ...odd))[0]?.message).toMatch(/in state ""; expected pending, in-flight, done or failed/);
  });

  it('flags a failure without a disclosed reason, or before any attempt', () => {
    const silent = [asked(1, 'a/x1'), send(1, 'a/q1'), status(2, [{ id: 'a/x1', state: 'failed', lastError: null }]), state(2, 'a/x1', 'failed')];
    expect(judge(traceOf({}, ...silent))[0]?.message).toMatch(/failed without a disclosed reason/);
    const untried = [asked(1, 'a/x1'), status(2, [{ id: 'a/x1', state: 'failed', lastError: 'unavailable' }]), state(2, 'a/x1', 'failed')];
    expect(judge(traceOf({}, ...untried))[0]?.message).toMatch(/before any backup request was sent/);
    const disclosed = [asked(1, 'a/x1'), send(1, 'a/q1'), answer(2, 'a/q1', false, 'backup', 'bad-request'), deliver(2, 'a/q1'), status(2, [{ id: 'a/x1', state: 'failed', lastError: 'bad-request' }]), state(2, 'a/x1', 'failed')];
    expect(judge(traceOf({}, ...disclosed))).toEqual([]);
  });

  it('flags a backup given up for what a retry can fix; passes one the server refused for good, or after the account was deleted', () => {
    const failedAfter = (...answers: Loose[]): Loose[] => [asked(1, 'a/x1'), send(1, 'a/q1'), ...answers, status(3, [{ id: 'a/x1', state: 'failed', lastError: 'unavailable' }]), state(3, 'a/x1', 'failed')];
    // Lost answer (no answer at all), or refusals a retry can fix: given up too early.
    expect(judge(traceOf({}, ...failedAfter()))[0]?.message).toMatch(/backup action a\/x1 failed \(unavailable\) though the server never refused .* expected a backup to remain pending or retry/);
    for (const error of ['unavailable', 'token-expired']) {
      expect(judge(traceOf({}, ...failedAfter(answer(2, 'a/q1', false, 'backup', error), deliver(2, 'a/q1')))), error).toHaveLength(1);
    }
    // A refusal no retry can fix, or the account deleted: failing is the honest end.
    for (const error of ['bad-request', 'account-deleted']) {
      expect(judge(traceOf({}, ...failedAfter(answer(2, 'a/q1', false, 'backup', error), deliver(2, 'a/q1')))), error).toEqual([]);
    }
    // A refusal that never reached the device does not count; an admin action "may fail or retry".
    expect(judge(traceOf({}, ...failedAfter(answer(2, 'a/q1', false, 'backup', 'bad-request')))).length).toBe(1);
    const admin = [asked(1, 'a/x1', 'backup-admin'), send(1, 'a/q1', 'admin', { action: 'backup-admin' }), status(3, [{ id: 'a/x1', state: 'failed', lastError: 'transport', kind: 'backup-admin' }]), state(3, 'a/x1', 'failed', 'backup-admin')];
    expect(judge(traceOf({}, ...admin))).toEqual([]);
  });

  it('counts a retried deletion answered account-deleted as accepted only after the server accepted a deletion', () => {
    const del = (q: string, t: number, ok: boolean): Loose[] => [
      send(t, q, 'admin', { action: 'delete-account' }),
      { t: t + 1, kind: 'msg-send', msgId: `r${q}`, from: 'server', to: 'a', type: 'response', requestId: q, bytes: 1, payload: ok ? { type: 'admin', ok: true, action: 'delete-account' } : { type: 'admin', ok: false, error: 'account-deleted' }, senderMode: 'online' },
    ];
    const done = [status(9, [{ id: 'a/x1', state: 'done', kind: 'delete-account' }]), state(9, 'a/x1', 'done', 'delete-account')];
    // The first attempt landed but its answer was lost; the retry hears the account is gone.
    const retried = [asked(1, 'a/x1', 'delete-account'), ...del('a/q1', 2, true), { t: 3, kind: 'msg-drop', msgId: 'ra/q1', reason: 'loss' }, ...del('a/q2', 4, false), deliver(6, 'a/q2'), ...done];
    expect(judge(traceOf({}, ...retried))).toEqual([]);
    // No deletion ever accepted: account-deleted is no proof this action was done.
    const never = [asked(1, 'a/x1', 'delete-account'), ...del('a/q2', 4, false), deliver(6, 'a/q2'), ...done];
    expect(judge(traceOf({}, ...never))[0]?.message).toMatch(/delete-account action a\/x1 reported done/);
  });

  it('drain: with pendingDrainBoundMs, flags an action still unfinished that long after the heal; not judged before', () => {
    const stuck = [asked(1, 'a/x1'), state(1, 'a/x1', 'in-flight'), { t: 10_000_000, kind: 'phase', phase: 'heal' }, { t: 56_000_000, kind: 'phase', phase: 'quiescence' }];
    expect(judge(traceOf({ pendingDrainBoundMs: 45_000 }, ...stuck))[0]?.message).toMatch(/still in-flight 45000 ms after the heal/);
    expect(judge(traceOf({}, ...stuck))).toEqual([]);
    expect(judge(traceOf({ pendingDrainBoundMs: 50_000 }, ...stuck))).toEqual([]);
    expect(judge(traceOf({ pendingDrainBoundMs: 45_000 }, ...honest, { t: 10_000_000, kind: 'phase', phase: 'heal' }, { t: 56_000_000, kind: 'phase', phase: 'quiescence' }))).toEqual([]);
  });

  it('flags an action request sent while the device is offline', () => {
    const offline = [{ t: 1, kind: 'connectivity', device: 'a', mode: 'offline' }, asked(1, 'a/x1'), send(2, 'a/q1', 'admin', { action: 'backup-admin' })];
    expect(judge(traceOf({}, ...offline))[0]?.message).toMatch(/offline; expected its backup-admin action to wait/);
  });

  it('liveness: off without a bound; with one, flags an action not done in time on a calm link, not one disturbed', () => {
    const slow = [asked(1_000, 'a/x1'), status(1_000, [{ id: 'a/x1', state: 'pending' }]), state(1_000, 'a/x1', 'pending'), { t: 7_000_000, kind: 'phase', phase: 'heal' }];
    expect(judge(traceOf({}, ...slow))).toEqual([]);
    expect(judge(traceOf({ remoteActionWithinBoundMs: 5000 }, ...slow))[0]?.message).toMatch(/not done within 5000 ms/);
    const disturbed = [asked(1_000, 'a/x1'), { t: 2_000_000, kind: 'request-fail', device: 'a', requestId: 'a/q0', reason: 'timeout' }, { t: 7_000_000, kind: 'phase', phase: 'heal' }];
    expect(judge(traceOf({ remoteActionWithinBoundMs: 5000 }, ...disturbed))).toEqual([]);
    expect(judge(traceOf({ remoteActionWithinBoundMs: 5000 }, ...honest, { t: 7_000_000, kind: 'phase', phase: 'heal' }))).toEqual([]);
  });

  it('is judged on a trace that asked for no action; one with a backup request must log the actions and statuses', () => {
    const base = [send(1, 'a/q1', 'pull'), answer(2, 'a/q1', true, 'pull'), deliver(3, 'a/q1')];
    expect(judgeability(traceOf({}, ...base)).get('remote-actions')).toEqual({ judged: true });
    const unlogged = judgeability(traceOf({}, ...base, send(4, 'a/q2'))).get('remote-actions');
    expect(unlogged).toMatchObject({ judged: false, reason: expect.stringMatching(/`remote-action`, `status`/) });
  });
});

describe('remote-actions: a duplicate\'s refusal that arrives before the original\'s acceptance', () => {
  // The shrunk seed 1982 of the `all` profile (a false red of the default engine): backup request q2 is
  // accepted (answer m5), its duplicate reaches the server after a token expiry and is refused (m6);
  // m6 arrives first, so the device retries (q4, accepted), and m5 arrives late. Two backups are
  // stored, but the device sent again only after an answer told it the first had failed.
  const file = readReplayFile('tests/fixtures/replays/remote-actions-refusal-first-all-1982.json');
  it('is not an action applied twice', () => {
    const run = runChecked({ options: file.options, schedule: file.schedule });
    const backups = run.trace.filter((e) => e.kind === 'server-apply' && e.type === 'backup' && e.error === undefined);
    expect(backups.length, 'the two accepted backup requests').toBe(2);
    expect(run.violations).toEqual([]);
  });
});
