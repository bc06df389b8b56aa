// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import defaultExport from '../../src/reconciler/index.ts';
import { RecordNotFoundError } from '../../src/reconciler/types.ts';
import type { PushRequest, SyncResponse } from '../../src/core/wire.ts';
import { compareStamps } from '../../src/core/stamp.ts';
import { World, deviceOptions } from './_internals/world.ts';

const entry = { date: '2026-03-17', painLevel: 4, locations: ['knee'], medications: [], notes: 'sore' };

describe('reconciler module', () => {
  it('is exported by name and as the default export', () => {
    expect(defaultReconciler.name).toBe('default');
    expect(defaultExport).toBe(defaultReconciler);
  });
});

describe('local CRUD', () => {
  it('commits synchronously, queues one op per write, and reads back at once', () => {
    const w = new World(['a'], { online: false });
    const a = w.device('a');
    const v = a.create(entry, 1000);
    expect(v.id).toBe('a/r1');
    expect(a.read(v.id)).toEqual(v);
    expect(a.status().pendingOps).toBe(1);
    const e = a.edit(v.id, { ...entry, painLevel: 7 }, 2000);
    expect(a.read(v.id)?.fields['painLevel']).toBe(7);
    expect(compareStamps(e.stamp, v.stamp)).toBeGreaterThan(0);
    const d = a.delete(v.id, 3000);
    expect(d.deleted).toBe(true);
    expect(a.read(v.id)).toBeUndefined();
    expect(a.list()).toEqual([]);
    expect(a.versions()).toEqual([d]);
    expect(a.status().pendingOps).toBe(3);
  });

  it('throws RecordNotFoundError for edit/delete of missing or deleted records', () => {
    const a = new World(['a']).device('a');
    expect(() => a.edit('a/r9', entry, 1)).toThrow(RecordNotFoundError);
    const v = a.create(entry, 1);
    a.delete(v.id, 2);
    expect(() => a.edit(v.id, entry, 3)).toThrow(RecordNotFoundError);
    expect(() => a.delete(v.id, 3)).toThrow(RecordNotFoundError);
    expect(a.status().pendingOps).toBe(2);
  });

  it('copies fields so later mutation by the caller changes nothing, and rejects non-field values', () => {
    const a = new World(['a']).device('a');
    const fields = { ...entry, locations: ['knee'] };
    const v = a.create(fields, 1);
    fields.locations.push('hip');
    expect(a.read(v.id)?.fields['locations']).toEqual(['knee']);
    expect(() => a.create({ bad: { nested: 1 } } as never, 2)).toThrow(/field "bad"/);
    expect(a.status().pendingOps).toBe(1);
  });

  it('lists visible records sorted by id', () => {
    const a = new World(['a']).device('a');
    for (let i = 0; i < 12; i++) a.create({ n: i }, i);
    expect(a.list().map((v) => v.id)).toEqual([...a.list().map((v) => v.id)].sort());
    expect(a.list()).toHaveLength(12);
  });
});

describe('poll and receive', () => {
  it('transmits nothing while offline, whatever is queued', () => {
    const w = new World(['a'], { online: false });
    const a = w.device('a');
    a.create(entry, 1);
    a.requestBackup(1);
    a.requestAdmin('backup-admin', 1);
    for (const t of [0, 10, 1e6, 1e9]) expect(a.poll(t)).toBeUndefined();
    expect(a.nextWakeMs(5)).toBeNull();
  });

  it('pushes oldest first in batches of maxPushBatch, one request in flight at a time', () => {
    const w = new World(['a'], { policy: { maxPushBatch: 2 } });
    const a = w.device('a');
    const ids = [1, 2, 3].map((i) => a.create({ n: i }, i).id);
    const first = a.poll(10) as PushRequest;
    expect(first.type).toBe('push');
    expect(first.ops.map((o) => o.recordId)).toEqual(ids.slice(0, 2));
    expect(a.poll(10)).toBeUndefined();
    expect(a.status().inFlight).toBe(true);
    a.receive(w.deliver('a', first, 10), 10);
    const second = a.poll(11) as PushRequest;
    expect(second.ops.map((o) => o.recordId)).toEqual(ids.slice(2));
    expect(second.requestId).not.toBe(first.requestId);
  });

  it('sends only ciphertext and documented fields', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 1);
    const req = a.poll(2) as PushRequest;
    expect(Object.keys(req).sort()).toEqual(['accountId', 'deviceId', 'ops', 'requestId', 'token', 'type']);
    expect(Object.keys(req.ops[0] ?? {}).sort()).toEqual(['ciphertext', 'deviceId', 'opId', 'recordId', 'stamp']);
    expect(JSON.stringify(req)).not.toContain('sore');
    expect(JSON.stringify(req)).not.toContain('knee');
  });

  it('ignores duplicate, stale and foreign responses', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 1);
    const req = a.poll(2) as PushRequest;
    const res = w.deliver('a', req, 2);
    a.receive({ ...res, requestId: 'a/q999' } as SyncResponse, 3);
    expect(a.status().inFlight).toBe(true);
    a.receive(res, 3);
    expect(a.status().pendingOps).toBe(0);
    a.create({ n: 2 }, 4);
    a.receive(res, 5); // duplicate of an answered response
    expect(a.status().pendingOps).toBe(1);
  });

  it('removes exactly the acked ops on a partial ack and never resends them', () => {
    const w = new World(['a'], { server: { maxPushBatch: 2 }, policy: { maxPushBatch: 5 } });
    const a = w.device('a');
    for (let i = 0; i < 5; i++) a.create({ n: i }, i);
    const first = a.poll(10) as PushRequest;
    expect(first.ops).toHaveLength(5);
    const res = w.deliver('a', first, 10);
    expect(res.ok && res.type === 'push' && res.acked).toEqual(first.ops.slice(0, 2).map((o) => o.opId));
    a.receive(res, 10);
    expect(a.status().pendingOps).toBe(3);
    const second = a.poll(11) as PushRequest;
    expect(second.ops.map((o) => o.opId)).toEqual(first.ops.slice(2).map((o) => o.opId));
  });

  it('pulls after a push round, merges remote ops and advances the cursor', () => {
    const w = new World(['a', 'b']);
    const v = w.device('a').create(entry, 100);
    w.sync('a', 200);
    expect(w.device('b').read(v.id)).toBeUndefined();
    w.sync('b', 300);
    expect(w.device('b').read(v.id)).toEqual(v);
    expect(w.device('b').conflicts()).toEqual([]);
  });

  it('pulls again every pullIntervalMs and follows `more`', () => {
    const w = new World(['a', 'b'], { policy: { pullLimit: 2, pullIntervalMs: 1000 } });
    for (let i = 0; i < 5; i++) w.device('a').create({ n: i }, i);
    w.sync('a', 10);
    const b = w.device('b');
    expect(w.sync('b', 20)).toBe(3); // 3 pulls of up to 2 ops, following `more`
    expect(b.list()).toHaveLength(5);
    expect(b.poll(500)).toBeUndefined();
    expect(b.nextWakeMs(500)).toBe(1020);
    expect(b.poll(1020)?.type).toBe('pull');
  });

  it('never overwrites a pending local op that is newer than a pulled op', () => {
    const w = new World(['a', 'b']);
    const v = w.device('a').create(entry, 100);
    w.sync('a', 100);
    w.sync('b', 100);
    const b = w.device('b');
    const older = w.device('a').edit(v.id, { ...entry, painLevel: 1 }, 1000);
    w.sync('a', 1000);
    // b starts a pull, then the user edits while it is in flight: the pulled op is older than b's pending op.
    const pull = b.poll(6000);
    expect(pull?.type).toBe('pull');
    const mine = b.edit(v.id, { ...entry, painLevel: 9 }, 6000);
    expect(compareStamps(mine.stamp, older.stamp)).toBeGreaterThan(0);
    b.receive(w.deliver('b', pull as never, 6000), 6001);
    expect(b.status().pendingOps).toBe(1);
    expect(b.read(v.id)).toEqual(mine);
    expect(b.conflicts()).toEqual([
      { recordId: v.id, winner: mine.stamp, loser: older.stamp, rule: 'lww-hlc', outcome: 'local-kept', atMs: 6001 },
    ]);
    w.settle(10_000);
    expect(w.device('a').read(v.id)).toEqual(mine);
    expect(w.device('a').conflicts().map((c) => c.outcome)).toEqual(['remote-won']);
  });

  it('logs only concurrent writes: a sequential update by a writer who had seen the value replaces it silently', () => {
    const w = new World(['a', 'b']);
    const a = w.device('a');
    const v = a.create(entry, 100);
    w.settle(100);
    const b = w.device('b');
    b.edit(v.id, { ...entry, painLevel: 2 }, 1000); // b had seen v: an update
    w.settle(1000);
    expect(a.read(v.id)?.fields['painLevel']).toBe(2);
    expect(a.conflicts()).toEqual([]);
    // Now both edit without seeing each other: a true conflict, logged on both sides (remote-won on one, local-kept on the other).
    const mine = a.edit(v.id, { ...entry, painLevel: 5 }, 2000);
    const theirs = b.edit(v.id, { ...entry, painLevel: 7 }, 2001);
    w.settle(3000);
    const [winner, loser] = compareStamps(mine.stamp, theirs.stamp) > 0 ? [mine, theirs] : [theirs, mine];
    const logged = (outcome: string) => [{ recordId: v.id, winner: winner.stamp, loser: loser.stamp, rule: 'lww-hlc', outcome, atMs: expect.any(Number) }];
    expect(a.conflicts()).toEqual(logged(winner === mine ? 'local-kept' : 'remote-won'));
    expect(b.conflicts()).toEqual(logged(winner === theirs ? 'local-kept' : 'remote-won'));
  });

  it('keeps what each op was editing across a restart, so an update pulled later is still an update', () => {
    const w = new World(['a', 'b']);
    const v = w.device('a').create(entry, 100);
    w.settle(100);
    w.device('b').edit(v.id, { ...entry, painLevel: 3 }, 1000);
    const a = w.restart('a', 1500);
    w.settle(2000);
    expect(a.read(v.id)?.fields['painLevel']).toBe(3);
    expect(a.conflicts()).toEqual([]);
  });

  it('rejects a pulled op whose clear metadata was altered, stops before it and applies it once intact', () => {
    const w = new World(['a', 'b']);
    const v = w.device('a').create(entry, 100);
    w.sync('a', 100);
    const b = w.device('b');
    const pull = b.poll(200);
    const res = w.deliver('b', pull as never, 200);
    if (!res.ok || res.type !== 'pull') throw new Error('expected a pull');
    const op = res.ops[0] as (typeof res.ops)[number];
    // A server that re-stamps an old write into the future to make it win.
    b.receive({ ...res, ops: [{ ...op, stamp: '999999999999999.00000000.a' }] }, 200);
    expect(b.read(v.id)).toBeUndefined();
    expect(b.status().lastError).toMatchObject({ code: 'bad-request' });
    expect(b.status().lastError?.message).toMatch(/a\/o1 \(seq 1\) rejected/);
    expect(b.status().retryAtMs).toBe(700);
    w.sync('b', 1000);
    expect(b.read(v.id)).toEqual(v);
  });

  it('backs off exponentially on failures without randomness and leaves the outbox as it was', () => {
    const w = new World(['a'], { policy: { backoffInitialMs: 100, backoffMaxMs: 350 } });
    const a = w.device('a');
    a.create(entry, 0);
    const retryTimes: number[] = [];
    let t = 0;
    for (let i = 0; i < 4; i++) {
      const req = a.poll(t);
      expect(req?.type).toBe('push');
      a.fail(req?.requestId ?? '', 'timeout', t);
      expect(a.status().pendingOps).toBe(1);
      const at = a.status().retryAtMs as number;
      retryTimes.push(at - t);
      expect(a.poll(at - 1)).toBeUndefined();
      expect(a.nextWakeMs(t)).toBe(at);
      t = at;
    }
    expect(retryTimes).toEqual([100, 200, 350, 350]);
    expect(a.status().lastError?.code).toBe('transport');
    a.receive(w.deliver('a', a.poll(t) as PushRequest, t), t);
    expect(a.status()).toMatchObject({ pendingOps: 0, retryAtMs: null, lastError: null, lastSyncOkAtMs: t });
  });

  it('server errors other than token expiry also back off and keep the outbox', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 0);
    const req = a.poll(0) as PushRequest;
    a.receive({ requestId: req.requestId, type: 'push', ok: false, error: 'unavailable', message: 'down' }, 0);
    expect(a.status()).toMatchObject({ pendingOps: 1, retryAtMs: 500, authExpired: false });
    expect(a.status().lastError?.code).toBe('unavailable');
  });

  it('pulls on reconnect even before the interval elapses', () => {
    const w = new World(['a'], { policy: { pullIntervalMs: 1e9 } });
    const a = w.device('a');
    w.sync('a', 0);
    expect(a.poll(10)).toBeUndefined();
    a.setConnectivity('offline', 20);
    a.setConnectivity('intermittent', 30);
    expect(a.poll(30)?.type).toBe('pull');
  });

  it('going offline abandons the request in flight without losing the op', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 0);
    const req = a.poll(0) as PushRequest;
    a.setConnectivity('offline', 1);
    expect(a.status().inFlight).toBe(false);
    a.receive(w.deliver('a', req, 1), 1); // late answer: ignored
    expect(a.status().pendingOps).toBe(1);
    a.setConnectivity('online', 2);
    w.sync('a', 2);
    expect(a.status().pendingOps).toBe(0);
    expect(w.server.log('acct-1')).toHaveLength(1);
  });
});

describe('token expiry', () => {
  it('keeps CRUD and the outbox, stops sync, and resumes after setToken', () => {
    const w = new World(['a', 'b']);
    const a = w.device('a');
    const v = a.create(entry, 0);
    w.sync('a', 0);
    w.server.expireTokensOf('acct-1', 'a', 10);
    const e = a.edit(v.id, { ...entry, painLevel: 2 }, 20);
    const req = a.poll(20);
    a.receive(w.deliver('a', req as PushRequest, 20), 20);
    expect(a.status()).toMatchObject({ authExpired: true, pendingOps: 1 });
    expect(a.status().lastError?.code).toBe('token-expired');
    expect(a.poll(1e9)).toBeUndefined();
    expect(a.nextWakeMs(30)).toBeNull();
    // Local use continues.
    const c = a.create({ n: 1 }, 40);
    expect(a.read(c.id)).toEqual(c);
    a.delete(c.id, 50);
    expect(a.read(e.id)).toEqual(e);
    expect(a.status().pendingOps).toBe(3);
    a.setToken(w.server.issueToken('acct-1', 'a', 60), 60);
    expect(a.status().authExpired).toBe(false);
    w.sync('a', 60);
    expect(a.status().pendingOps).toBe(0);
    w.sync('b', 70);
    expect(w.device('b').read(v.id)).toEqual(e);
    expect(w.device('b').versions()).toEqual(a.versions());
  });

  it('a refusal of the old token, answered after re-auth, does not expire the new session', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 0);
    w.server.expireTokensOf('acct-1', 'a', 5);
    const stale = a.poll(10) as PushRequest;
    a.setToken(w.server.issueToken('acct-1', 'a', 20), 20);
    a.receive(w.deliver('a', stale, 30), 30);
    expect(a.status().authExpired).toBe(false);
    w.sync('a', 40);
    expect(a.status().pendingOps).toBe(0);
  });
});

describe('remote actions', () => {
  it('queues offline, runs after data, and reports done', () => {
    const w = new World(['a'], { online: false });
    const a = w.device('a');
    a.create(entry, 0);
    const id = a.requestBackup(0);
    expect(a.status().remoteActions).toEqual([{ id, kind: 'backup', state: 'pending', attempts: 0, lastError: null }]);
    a.setConnectivity('online', 1);
    const types: string[] = [];
    for (let r = a.poll(1); r; r = a.poll(1)) {
      types.push(r.type);
      if (r.type === 'backup') expect(a.status().remoteActions[0]?.state).toBe('in-flight');
      a.receive(w.deliver('a', r, 1), 1);
    }
    expect(types).toEqual(['push', 'pull', 'backup']);
    expect(a.status().remoteActions[0]).toMatchObject({ state: 'done', attempts: 1 });
    const stored = w.server.backups('acct-1');
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('sore');
  });

  it('retries after a transport failure or unavailable server, fails on bad-request', () => {
    const w = new World(['a'], { policy: { pullIntervalMs: 1e9 } });
    const a = w.device('a');
    w.sync('a', 0);
    const id = a.requestAdmin('backup-admin', 0);
    let r = a.poll(10);
    a.fail(r?.requestId ?? '', 'timeout', 10);
    expect(a.status().remoteActions[0]).toMatchObject({ id, state: 'pending', lastError: 'transport', attempts: 1 });
    r = a.poll(10_000);
    a.receive({ requestId: r?.requestId ?? '', type: 'admin', ok: false, error: 'unavailable', message: '' }, 10_000);
    expect(a.status().remoteActions[0]).toMatchObject({ state: 'pending', lastError: 'unavailable', attempts: 2 });
    r = a.poll(20_000);
    a.receive({ requestId: r?.requestId ?? '', type: 'admin', ok: false, error: 'bad-request', message: '' }, 20_000);
    expect(a.status().remoteActions[0]).toMatchObject({ state: 'failed', lastError: 'bad-request' });
  });

  it('account deletion stops sync for every device of the account; local data stays', () => {
    const w = new World(['a', 'b']);
    const v = w.device('a').create(entry, 0);
    w.sync('a', 0);
    w.device('a').requestAdmin('delete-account', 1);
    w.sync('a', 1);
    expect(w.device('a').status().remoteActions[0]?.state).toBe('done');
    expect(w.server.isDeleted('acct-1')).toBe(true);
    const b = w.device('b');
    const r = b.poll(2);
    b.receive(w.deliver('b', r as never, 2), 2);
    expect(b.status().lastError?.code).toBe('account-deleted');
    expect(b.poll(1e9)).toBeUndefined();
    expect(w.device('a').read(v.id)).toEqual(v);
  });
});

describe('save and restore', () => {
  it('round-trips, drops the in-flight request, and re-pushes the op (deduplicated by the server)', () => {
    const w = new World(['a']);
    const a = w.device('a');
    a.create(entry, 0);
    const req = a.poll(1) as PushRequest;
    w.deliver('a', req, 1); // applied by the server, response lost in the crash
    const snapshot = a.save();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const b = w.restart('a', 2);
    expect(b.save()).toEqual(snapshot);
    expect(b.status()).toMatchObject({ inFlight: false, pendingOps: 1 });
    const again = b.poll(2) as PushRequest;
    expect(again.ops.map((o) => o.opId)).toEqual(req.ops.map((o) => o.opId));
    b.receive(w.deliver('a', again, 2), 2);
    expect(b.status().pendingOps).toBe(0);
    expect(w.server.log('acct-1')).toHaveLength(1);
  });

  it('continues ids, stamps and the cursor after restart', () => {
    const w = new World(['a', 'b']);
    const v1 = w.device('a').create(entry, 5000);
    w.sync('a', 5000);
    w.sync('b', 5000);
    const a2 = w.restart('a', 1000); // clock went back across the restart
    const v2 = a2.create(entry, 1000);
    expect(v2.id).toBe('a/r2');
    expect(compareStamps(v2.stamp, v1.stamp)).toBeGreaterThan(0);
    const b2 = w.restart('b', 6000);
    expect((b2.poll(6000) as { cursor?: number } | undefined)?.cursor).toBe(1);
  });

  it('rejects invalid snapshots naming the field', () => {
    const w = new World(['a']);
    const snap = { ...w.device('a').save(), cursor: -1 } as never;
    expect(() => defaultReconciler.restore(snap, deviceOptions('a', 't'), 0)).toThrow(/cursor/);
    const snap2 = { ...w.device('a').save(), records: [{ id: 'x' }] } as never;
    expect(() => defaultReconciler.restore(snap2, deviceOptions('a', 't'), 0)).toThrow(/records\.0\./);
    expect(() => defaultReconciler.restore(w.device('a').save(), deviceOptions('b', 't'), 0)).toThrow(/deviceId/);
  });
});

describe('wall mode', () => {
  it('a write stamped below the version it replaced loses LWW, with a conflict, and replicas converge', () => {
    const w = new World(['a', 'b'], { stampMode: 'wall' });
    const v = w.device('a').create(entry, 10_000);
    w.sync('a', 10_000);
    w.sync('b', 10_000);
    const b = w.device('b');
    const late = b.edit(v.id, { ...entry, painLevel: 8 }, 5_000); // b's clock is behind
    expect(b.read(v.id)).toEqual(late); // committed and visible at once
    w.settle(200_000);
    expect(b.read(v.id)).toEqual(v);
    expect(w.device('a').versions()).toEqual(b.versions());
    expect(b.conflicts().some((c) => c.outcome === 'remote-won' && c.rule === 'lww-wall')).toBe(true);
  });
});
