import { describe, expect, it } from 'vitest';
import { accountDeletion } from '../../src/check/account-deletion.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import servesDeleted from '../fixtures/explore-broken/server-serves-deleted-account.ts';
import keepsSessions from '../fixtures/explore-broken/server-keeps-deleted-sessions.ts';
import syncsDeleted from '../fixtures/explore-broken/syncs-deleted-account.ts';
import reportedFailed from '../fixtures/explore-broken/deletion-reported-failed.ts';
import { cleanRuns, firstCaught } from './_internals/build.ts';

/** The deletion epilogue on every run, with the default profile's bounds. */
const EPILOGUE = { accountDeletionPercent: 100, backupsPerHour: 720, adminActionsPerHour: 720, remoteActionWithinBoundMs: 5000, requestsAfterDeletionBound: 2 };

let n = 0;
function exchange(t: number, device: string, request: Record<string, unknown>, response: Record<string, unknown>, delivered = true) {
  const msgId = `m${++n}`;
  const requestId = String(request['requestId']);
  return [
    { t, kind: 'msg-send', msgId, from: device, to: 'server', type: request['type'], requestId, bytes: 1, payload: { accountId: 'acct', deviceId: device, token: 't', ...request }, senderMode: 'online' },
    { t: t + 1, kind: 'msg-send', msgId: `r${n}`, from: 'server', to: device, type: 'response', requestId, bytes: 1, payload: { requestId, type: request['type'], ...response }, senderMode: 'online' },
    ...(delivered ? [{ t: t + 2, kind: 'msg-deliver', msgId: `r${n}`, to: device }] : []),
  ];
}
const start = (options: Record<string, unknown> = {}) => ({ t: 0, kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'x', options });
const deletion = (t: number, device: string, q: string, delivered = true) => exchange(t, device, { type: 'admin', requestId: q, action: 'delete-account' }, { ok: true, action: 'delete-account' }, delivered);
const refused = (t: number, device: string, q: string, type = 'pull') => exchange(t, device, { type, requestId: q, ...(type === 'admin' ? { action: 'delete-account' } : {}) }, { ok: false, error: 'account-deleted', message: 'x' });
const status = (t: number, device: string, ...actions: [string, string, string][]) => ({ t, kind: 'status', device, status: { remoteActions: actions.map(([id, kind, state]) => ({ id, kind, state, attempts: 1, lastError: null })) } });
const end = (t: number, serverLog: unknown[] = []) => ({ t, kind: 'run-end', replicas: {}, serverLog, converged: true, convergedAt: t });
/** `events` begin with their own run-start (its options hold the bounds). */
const check = (events: Record<string, unknown>[], serverState?: unknown) => accountDeletion.check({ trace: events.map((e, i) => ({ ...e, i })) as never, serverState, stampMode: 'hlc' }).map((f) => f.message);
const gone = { accounts: [], deletedAccounts: ['acct'], sessions: [] };

describe('account-deletion', () => {
  it('passes a deletion the server keeps: later requests refused, nothing held, the deleting device done', () => {
    const events = [start(), status(5, 'a', ['a/x1', 'delete-account', 'in-flight']), ...deletion(10, 'a', 'a/q1'), status(15, 'a', ['a/x1', 'delete-account', 'done']), ...refused(20, 'b', 'b/q1'), end(30)];
    expect(check(events, gone)).toEqual([]);
  });
  it('flags a later request answered ok, a log or account or session left, a deletion reported failed', () => {
    expect(check([start(), ...deletion(10, 'a', 'a/q1'), ...exchange(20, 'b', { type: 'pull', requestId: 'b/q1' }, { ok: true }), end(30)])).toEqual([expect.stringMatching(/then answered request b\/q1 of device b ok/)]);
    expect(check([start(), ...deletion(10, 'a', 'a/q1'), end(30, [{ seq: 1, opId: 'a/o1', recordId: 'r', stamp: 's' }])])).toEqual([expect.stringMatching(/its log still holds 1 op/)]);
    expect(check([start(), ...deletion(10, 'a', 'a/q1'), end(30)], { accounts: [{ accountId: 'acct', log: [], backups: [] }], sessions: [{ accountId: 'acct', deviceId: 'a' }] })).toEqual([
      expect.stringMatching(/still holds an entry of it/),
      expect.stringMatching(/still holds 1 session/),
    ]);
    // The first attempt landed, its answer lost; the retry is answered account-deleted: done, not failed.
    const retried = [start(), ...deletion(10, 'a', 'a/q1', false), ...refused(600, 'a', 'a/q2', 'admin'), { t: 700, kind: 'remote-action', device: 'a', actionId: 'a/x1', action: 'delete-account', state: 'failed' }, end(800)];
    expect(check(retried, gone)).toEqual([expect.stringMatching(/its delete-account action a\/x1 was answered as accepted .* then reported failed/)]);
  });
  it('does not blame the server for an answer it gave while shedding load (server-apply busy), and still flags the same answer unmarked', () => {
    const busyAnswer = (t: number, device: string, q: string, busy: boolean) => {
      const [send, answer, deliver] = exchange(t, device, { type: 'backup', requestId: q }, { ok: false, error: 'unavailable', message: 'server: busy' });
      const apply = { t: t + 1, kind: 'server-apply', requestId: q, device, type: 'backup', appended: [], deduplicated: [], error: 'unavailable', ...(busy ? { busy: true } : {}) };
      return [send!, apply, answer!, deliver!];
    };
    const shed = [start(), ...deletion(10, 'a', 'a/q1'), ...busyAnswer(20, 'b', 'b/q1', true), ...refused(30, 'b', 'b/q2'), end(40)];
    expect(check(shed, gone)).toEqual([]);
    const unmarked = [start(), ...deletion(10, 'a', 'a/q1'), ...busyAnswer(20, 'b', 'b/q1', false), end(40)];
    expect(check(unmarked, gone)).toEqual([expect.stringMatching(/then answered request b\/q1 of device b with error "unavailable"/)]);
  });
  it('flags an action left unfinished after the device was told, and a request storm (bounds from run-start)', () => {
    const owed = [start({ remoteActionWithinBoundMs: 1 }), status(5, 'b', ['b/x1', 'backup', 'pending']), ...deletion(10, 'a', 'a/q1'), ...refused(20, 'b', 'b/q1'), end(5000)];
    expect(check(owed, gone)).toEqual([expect.stringMatching(/backup action b\/x1 was unfinished when the device was told .* still pending/)]);
    const storm = [start({ requestsAfterDeletionBound: 1 }), ...deletion(10, 'a', 'a/q1'), ...refused(20, 'b', 'b/q1'), ...refused(30, 'b', 'b/q2'), ...refused(40, 'b', 'b/q3'), end(50)];
    expect(check(storm, gone)).toEqual([expect.stringMatching(/device b was told its account is deleted and then sent 2 requests/)]);
    // Unset: no storm bound.
    expect(check([start(), ...storm.slice(1)], gone)).toEqual([]);
  });
  it('the default engine and built-in server pass the epilogue; the broken ones are caught', () => {
    expect(cleanRuns('account-deletion', EPILOGUE, [1, 2, 3, 4])).toEqual([]);
    for (const broken of [servesDeleted, keepsSessions, syncsDeleted, reportedFailed]) {
      expect(firstCaught('account-deletion', broken as unknown as ReconcilerModule, EPILOGUE, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), broken.name).toBeDefined();
    }
  });
});
