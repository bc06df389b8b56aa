import { describe, expect, it } from 'vitest';
import { cloudBackups } from '../../src/check/cloud-backups.ts';
import { judgeability } from '../../src/check/judgeable.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import truncated from '../fixtures/explore-broken/backup-truncated.ts';
import otherDevice from '../fixtures/explore-broken/backup-of-other-device.ts';
import removesNone from '../fixtures/explore-broken/backup-admin-removes-none.ts';
import hashTieBreak from '../fixtures/engines/hash-tie-break.ts';
import { cleanRuns, firstCaught, trace } from './_internals/build.ts';

let n = 0;
/** A request sent, delivered and handled, and the server's answer: the events the checker reads. */
function exchange(t: number, device: string, request: Record<string, unknown>, response: Record<string, unknown>) {
  const msgId = `m${++n}`;
  const requestId = String(request['requestId']);
  return [
    { t, kind: 'msg-send', msgId, from: device, to: 'server', type: request['type'], requestId, bytes: 1, payload: { accountId: 'acct', deviceId: device, token: 't', ...request }, senderMode: 'online' },
    { t: t + 1, kind: 'msg-deliver', msgId, to: 'server' },
    { t: t + 1, kind: 'server-apply', requestId, device, type: request['type'], appended: [], deduplicated: [] },
    { t: t + 1, kind: 'msg-send', msgId: `r${n}`, from: 'server', to: device, type: 'response', requestId, bytes: 1, payload: { requestId, type: request['type'], ...response }, senderMode: 'online' },
  ];
}
const backup = (t: number, device: string, q: string, ciphertext: string, backupId: unknown, ok = true) =>
  exchange(t, device, { type: 'backup', requestId: q, ciphertext }, ok ? { ok: true, backupId } : { ok: false, error: 'unavailable', message: 'x' });
const removal = (t: number, device: string, q: string) => exchange(t, device, { type: 'admin', requestId: q, action: 'backup-admin' }, { ok: true, action: 'backup-admin' });
const end = (t: number) => ({ t, kind: 'run-end', replicas: {}, serverLog: [], converged: true, convergedAt: t });
const held = (backupId: string, deviceId: string, ciphertext: string) => ({ backupId, deviceId, ciphertext, ciphertextLength: ciphertext.length, receivedAtMs: 1, clientAddress: 'x' });
const state = (...backups: unknown[]) => ({ accounts: [{ accountId: 'acct', log: [], backups }], deletedAccounts: [], sessions: [] });
const check = (events: Record<string, unknown>[], serverState?: unknown) => cloudBackups.check({ trace: trace(...(events as never[])), serverState, stampMode: 'hlc' }).map((f) => f.message);

describe('cloud-backups', () => {
  it('passes backups held as sent, those before a removal gone, a refused one never held', () => {
    const events = [...backup(10, 'a', 'a/q1', 'QUFB', 'acct/b1'), ...removal(20, 'b', 'b/q1'), ...backup(30, 'b', 'b/q2', 'QkJC', 'acct/b2'), ...backup(40, 'a', 'a/q2', 'Q0ND', undefined, false), end(50)];
    expect(check(events, state(held('acct/b2', 'b', 'QkJC')))).toEqual([]);
    // Without the final state only the ids are judged.
    expect(check(events)).toEqual([]);
  });
  it('flags an accepted backup without a fresh, non-empty id', () => {
    expect(check([...backup(10, 'a', 'a/q1', 'QUFB', '')])).toEqual([expect.stringMatching(/accepted backup request a\/q1 of device a with backup id ""; expected a fresh/)]);
    expect(check([...backup(10, 'a', 'a/q1', 'QUFB', 'x'), ...backup(20, 'b', 'b/q1', 'QkJC', 'x')])).toEqual([expect.stringMatching(/backup id "x", already given to an earlier backup/)]);
  });
  it('flags a held backup with other bytes or another device, one never acknowledged, one a removal took, and an accepted one gone', () => {
    const two = [...backup(10, 'a', 'a/q1', 'QUFBQUFB', 'acct/b1'), ...backup(20, 'b', 'b/q1', 'QkJC', 'acct/b2'), end(50)];
    expect(check(two, state(held('acct/b1', 'a', 'QUFB'), held('acct/b2', 'b', 'QkJC')))).toEqual([expect.stringMatching(/backup acct\/b1 of device a is held with ciphertext "QUFB" where the request carried "QUFBQUFB", ciphertextLength 4; expected exactly the bytes/)]);
    expect(check(two, state(held('acct/b1', 'a', 'QUFBQUFB'), held('acct/b2', 'a', 'QUFBQUFB')))).toEqual([expect.stringMatching(/backup acct\/b2 of device b is held with ciphertext "QUFBQUFB" where the request carried "QkJC", device "a" where b sent it, ciphertextLength 8/)]);
    expect(check(two, state(held('acct/b1', 'a', 'QUFBQUFB'), held('acct/b2', 'b', 'QkJC'), 'Stryker was here'))).toEqual([expect.stringMatching(/holds a backup \("Stryker was here"\) it never acknowledged/)]);
    expect(check(two, state(held('acct/b2', 'b', 'QkJC')))).toEqual([expect.stringMatching(/backup acct\/b1 of device a, accepted at 0.000 s, is not held at the end/)]);
    expect(check(two, {})).toHaveLength(2);
    const removed = [...backup(10, 'a', 'a/q1', 'QUFB', 'acct/b1'), ...removal(20, 'b', 'b/q1'), end(50)];
    expect(check(removed, state(held('acct/b1', 'a', 'QUFB')))).toEqual([expect.stringMatching(/still holds backup acct\/b1 of device a, although the server accepted a backup admin action after it/)]);
  });
  it('keeps only the newest backups within the built-in retention', () => {
    const events = Array.from({ length: 10 }, (_, k) => backup(10 * (k + 1), 'a', `a/q${k}`, 'QUFB', `acct/b${k}`)).flat();
    expect(check([...events, end(500)], state(...Array.from({ length: 8 }, (_, k) => held(`acct/b${k + 2}`, 'a', 'QUFB'))))).toEqual([]);
    expect(check([...events, end(500)], state(...Array.from({ length: 8 }, (_, k) => held(`acct/b${k + 1}`, 'a', 'QUFB'))))).toEqual([expect.stringMatching(/backup acct\/b9 .* is not held at the end/)]);
  });
  it("is not judged on an engine's own protocol", () => {
    const own = trace({ t: 0, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'message', requestId: 'q', bytes: 1, payload: {}, senderMode: 'online' } as never).map((e, i) => (i === 0 ? { ...e, protocol: { name: 'sync-lab', metadata: [], kinds: true, storedVersions: true } } : e));
    expect(judgeability(own).get('cloud-backups')).toMatchObject({ judged: false, reason: expect.stringMatching(/backup retention/) });
    expect(cloudBackups.check({ trace: own, serverState: {}, stampMode: 'hlc' })).toEqual([]);
  });
  it('catches a server storing truncated backups, one storing another device\'s, one whose removal removes nothing', () => {
    const options = { backupsPerHour: 720, adminActionsPerHour: 720 };
    for (const broken of [truncated, otherDevice, removesNone]) expect(firstCaught('cloud-backups', broken as unknown as ReconcilerModule, options), broken.name).toBeDefined();
  });
  it('passes correct runs of the default engine and server', () => {
    expect(cleanRuns('cloud-backups', { backupsPerHour: 720, adminActionsPerHour: 720 })).toEqual([]);
    expect(firstCaught('cloud-backups', hashTieBreak as unknown as ReconcilerModule, { backupsPerHour: 720, adminActionsPerHour: 720 })).toBeUndefined();
  });
});
