import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SyncServer } from '../../src/server/sync-server.ts';
import type { PushRequest, SyncRequest, SyncResponse, WireOp } from '../../src/core/wire.ts';
import { encodeStamp } from '../../src/core/stamp.ts';
import { DOCUMENTED_OP_FIELDS } from '../../src/core/wire.ts';

const NOW = 1_000;
const wireOp = (device: string, n: number): WireOp => ({
  opId: `${device}/o${n}`,
  recordId: `${device}/r${n}`,
  deviceId: device,
  stamp: encodeStamp({ wallMs: n, counter: 0, deviceId: device }),
  ciphertext: Buffer.from(`sealed-${device}-${n}-0123456789`).toString('base64'),
});

function setup(options: ConstructorParameters<typeof SyncServer>[0] = {}) {
  const server = new SyncServer(options);
  const token = server.issueToken('acct', 'a', 0);
  let q = 0;
  const base = () => ({ requestId: `a/q${++q}`, accountId: 'acct', deviceId: 'a', token });
  const push = (ops: WireOp[]): PushRequest => ({ type: 'push', ...base(), ops });
  const pull = (cursor: number, limit = 100): SyncRequest => ({ type: 'pull', ...base(), cursor, limit });
  return { server, token, base, push, pull };
}

function ok<T extends SyncResponse['type']>(res: SyncResponse, type: T): Extract<SyncResponse, { type: T; ok: true }> {
  if (!res.ok || res.type !== type) throw new Error(`expected ok ${type}, got ${JSON.stringify(res)}`);
  return res as Extract<SyncResponse, { type: T; ok: true }>;
}

describe('SyncServer push and pull', () => {
  it('appends ops with increasing seq and serves them after a cursor', () => {
    const { server, push, pull } = setup();
    const r = ok(server.handle(push([wireOp('a', 1), wireOp('a', 2)]), NOW, '10.0.0.1'), 'push');
    expect(r.acked).toEqual(['a/o1', 'a/o2']);
    const p = ok(server.handle(pull(0), NOW, 'x'), 'pull');
    expect(p.ops.map((o) => [o.seq, o.opId])).toEqual([[1, 'a/o1'], [2, 'a/o2']]);
    expect(p).toMatchObject({ cursor: 2, more: false });
    expect(ok(server.handle(pull(1), NOW, 'x'), 'pull').ops.map((o) => o.opId)).toEqual(['a/o2']);
    expect(ok(server.handle(pull(2), NOW, 'x'), 'pull')).toMatchObject({ ops: [], cursor: 2, more: false });
  });

  it('is idempotent by op id and reports appended vs deduplicated', () => {
    const { server, push } = setup();
    const req = push([wireOp('a', 1)]);
    expect(server.handleDetailed(req, NOW, 'x')).toMatchObject({ appended: ['a/o1'], deduplicated: [] });
    const again = server.handleDetailed({ ...req, requestId: 'a/q99' }, NOW, 'x');
    expect(again).toMatchObject({ appended: [], deduplicated: ['a/o1'] });
    expect(ok(again.response, 'push').acked).toEqual(['a/o1']);
    expect(server.log('acct')).toHaveLength(1);
  });

  it('accepts at most maxPushBatch ops and acks only those; limits pulls to maxPullBatch', () => {
    const { server, push, pull } = setup({ maxPushBatch: 2, maxPullBatch: 3 });
    expect(ok(server.handle(push([1, 2, 3].map((n) => wireOp('a', n))), NOW, 'x'), 'push').acked).toEqual(['a/o1', 'a/o2']);
    server.handle(push([3, 4, 5].map((n) => wireOp('a', n))), NOW, 'x');
    const p = ok(server.handle(pull(0, 100), NOW, 'x'), 'pull');
    expect(p.ops).toHaveLength(3);
    expect(p).toMatchObject({ cursor: 3, more: true });
  });

  it('stores only ciphertext and documented metadata', () => {
    const { server, push } = setup();
    server.handle({ ...push([{ ...wireOp('a', 1), extra: 'plain notes' } as WireOp]), smuggled: 'x' } as SyncRequest, NOW, '10.1.2.3');
    const [stored] = server.log('acct');
    expect(Object.keys(stored ?? {}).sort()).toEqual(['ciphertext', 'ciphertextLength', 'clientAddress', 'deviceId', 'opId', 'receivedAtMs', 'recordId', 'seq', 'stamp']);
    expect(stored).toMatchObject({ receivedAtMs: NOW, clientAddress: '10.1.2.3' });
    expect(JSON.stringify(server.dump())).not.toContain('plain notes');
    const pulled = ok(server.handle({ type: 'pull', requestId: 'z', accountId: 'acct', deviceId: 'a', token: server.issueToken('acct', 'a', NOW), cursor: 0, limit: 5 }, NOW, 'x'), 'pull');
    expect(Object.keys(pulled.ops[0] ?? {}).sort()).toEqual([...DOCUMENTED_OP_FIELDS, 'seq'].sort());
    expect(server.storedBytes()).toBe(wireOp('a', 1).ciphertext.length);
  });

  it('answers malformed requests with bad-request, naming the field, and stores nothing', () => {
    const { server, push, base } = setup();
    const cases: unknown[] = [null, 'x', { type: 'nope' }, { ...push([]), ops: 'x' }, push([{ ...wireOp('a', 1), stamp: 'yesterday' }]), { type: 'pull', ...base(), cursor: -1, limit: 1 }, push([{ ...wireOp('a', 1), ciphertext: 'not base64!' }])];
    for (const c of cases) {
      const res = server.handle(c, NOW, 'x');
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error).toBe('bad-request');
    }
    const stampRes = server.handle(push([{ ...wireOp('a', 1), stamp: 'yesterday' }]), NOW, 'x');
    expect(!stampRes.ok && stampRes.message).toMatch(/ops\.0\.stamp/);
    expect(server.log('acct')).toHaveLength(0);
  });

  it("refuses ops that are not the pushing device's own", () => {
    const { server, push } = setup();
    const res = server.handle(push([wireOp('b', 1)]), NOW, 'x');
    expect(!res.ok && res.error).toBe('bad-request');
    expect(server.log('acct')).toHaveLength(0);
  });
});

describe('SyncServer tokens', () => {
  it('issues deterministic tokens that expire after tokenTtlMs or on expireToken', () => {
    const a = setup({ tokenTtlMs: 100 });
    const b = setup({ tokenTtlMs: 100 });
    expect(a.token).toBe(b.token);
    expect(a.server.handle(a.pull(0), 99, 'x').ok).toBe(true);
    const late = a.server.handle(a.pull(0), 100, 'x');
    expect(!late.ok && late.error).toBe('token-expired');
    const fresh = a.server.issueToken('acct', 'a', 200);
    expect(fresh).not.toBe(a.token);
    const req = { type: 'pull' as const, requestId: 'r', accountId: 'acct', deviceId: 'a', token: fresh, cursor: 0, limit: 1 };
    expect(a.server.handle(req, 201, 'x').ok).toBe(true);
    expect(a.server.expireToken(fresh, 202)).toBe(true);
    expect(a.server.handle(req, 203, 'x')).toMatchObject({ ok: false, error: 'token-expired' });
    expect(a.server.handle({ ...req, token: 'made-up' }, 203, 'x')).toMatchObject({ ok: false, error: 'token-expired' });
    expect(a.server.handle({ ...req, deviceId: 'b', token: a.server.issueToken('acct', 'a', 203) }, 203, 'x')).toMatchObject({ ok: false, error: 'token-expired' });
  });
});

describe('SyncServer backups and admin actions', () => {
  it('stores backups as ciphertext, bounded, and backup-admin removes them', () => {
    const { server, base } = setup({ maxBackupsPerAccount: 2 });
    const ids = [1, 2, 3].map((n) => ok(server.handle({ type: 'backup', ...base(), ciphertext: Buffer.from(`b${n}`).toString('base64') }, NOW + n, 'x'), 'backup').backupId);
    expect(ids).toEqual(['acct/b1', 'acct/b2', 'acct/b3']);
    expect(server.backups('acct').map((b) => b.backupId)).toEqual(['acct/b2', 'acct/b3']);
    expect(ok(server.handle({ type: 'admin', ...base(), action: 'backup-admin' }, NOW, 'x'), 'admin').action).toBe('backup-admin');
    expect(server.backups('acct')).toEqual([]);
  });

  it('delete-account removes everything and refuses later requests', () => {
    const { server, push, base, pull } = setup();
    server.handle(push([wireOp('a', 1)]), NOW, 'x');
    ok(server.handle({ type: 'admin', ...base(), action: 'delete-account' }, NOW, 'x'), 'admin');
    expect(server.log('acct')).toEqual([]);
    expect(server.handle(pull(0), NOW, 'x')).toMatchObject({ ok: false, error: 'account-deleted' });
    expect(server.dump()).toEqual({ accounts: [], deletedAccounts: ['acct'], sessions: [] });
    expect(() => server.issueToken('acct', 'a', NOW)).toThrow(/deleted/);
  });

  it('validates its options', () => {
    expect(() => new SyncServer({ maxPushBatch: 0 })).toThrow(/maxPushBatch/);
  });
});

describe('SyncServer properties', () => {
  it('duplicate and overlapping pushes never duplicate an op; acks are always a prefix of what was sent (1000 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(fc.nat({ max: 9 }), { maxLength: 6 }), { maxLength: 12 }),
        (maxPushBatch, batches) => {
          const { server, push } = setup({ maxPushBatch });
          const everAcked = new Set<string>();
          for (const batch of batches) {
            const ops = [...new Set(batch)].map((n) => wireOp('a', n));
            const res = ok(server.handle(push(ops), NOW, 'x'), 'push');
            expect(res.acked).toEqual(ops.slice(0, maxPushBatch).map((o) => o.opId));
            for (const id of res.acked) everAcked.add(id);
          }
          const log = server.log('acct').map((o) => o.opId);
          expect(new Set(log).size).toBe(log.length);
          expect(new Set(log)).toEqual(everAcked);
          expect(server.log('acct').map((o) => o.seq)).toEqual(log.map((_, i) => i + 1));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('pulling in any batch sizes yields the whole log once, in order (1000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }), (n, limits) => {
        const { server, push, pull } = setup({ maxPushBatch: 100, maxPullBatch: 5 });
        server.handle(push(Array.from({ length: n }, (_, i) => wireOp('a', i + 1))), NOW, 'x');
        const seen: string[] = [];
        let cursor = 0;
        for (let i = 0; ; i++) {
          const res = ok(server.handle(pull(cursor, limits[i % limits.length] as number), NOW, 'x'), 'pull');
          seen.push(...res.ops.map((o) => o.opId));
          cursor = res.cursor;
          if (!res.more) break;
        }
        expect(seen).toEqual(server.log('acct').map((o) => o.opId));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('SyncServer push faults (injected by the simulator)', () => {
  const ops = [1, 2, 3, 4].map((n) => wireOp('a', n));

  it('ack-stored: stores a prefix and acknowledges exactly that prefix', () => {
    const { server, push } = setup();
    const r = server.handleDetailed(push(ops), NOW, 'x', { storeOnly: 2, answer: 'ack-stored' });
    expect(ok(r.response, 'push').acked).toEqual(['a/o1', 'a/o2']);
    expect(r.appended).toEqual(['a/o1', 'a/o2']);
    expect(server.log('acct').map((o) => o.opId)).toEqual(['a/o1', 'a/o2']);
  });

  it('fail: stores a prefix, then answers unavailable; a retry stores the rest once', () => {
    const { server, push } = setup();
    const r = server.handleDetailed(push(ops), NOW, 'x', { storeOnly: 3, answer: 'fail' });
    expect(r.response).toMatchObject({ ok: false, error: 'unavailable' });
    expect(r.appended).toEqual(['a/o1', 'a/o2', 'a/o3']);
    const retry = server.handleDetailed(push(ops), NOW, 'x');
    expect(ok(retry.response, 'push').acked).toEqual(['a/o1', 'a/o2', 'a/o3', 'a/o4']);
    expect(retry.deduplicated).toEqual(['a/o1', 'a/o2', 'a/o3']);
    expect(server.log('acct').map((o) => o.opId)).toEqual(['a/o1', 'a/o2', 'a/o3', 'a/o4']);
  });

  it('storing nothing and acking nothing is a valid partial answer', () => {
    const { server, push } = setup();
    const r = server.handleDetailed(push(ops), NOW, 'x', { storeOnly: 0, answer: 'ack-stored' });
    expect(ok(r.response, 'push').acked).toEqual([]);
    expect(server.log('acct')).toEqual([]);
  });
});

describe('SyncServer busy fault (serverBusyPercent, injected by the simulator)', () => {
  it('sheds a request of every type as unavailable, echoing its id and type, storing and changing nothing', () => {
    const { server, base, push, pull } = setup();
    ok(server.handle(push([wireOp('a', 1)]), NOW, 'x'), 'push');
    ok(server.handle({ type: 'backup', ...base(), ciphertext: 'YmFja3Vw' }, NOW, 'x'), 'backup');
    const before = JSON.stringify(server.dump());
    const requests: SyncRequest[] = [
      push([wireOp('a', 2)]),
      pull(0),
      { type: 'backup', ...base(), ciphertext: 'YjI=' },
      { type: 'admin', ...base(), action: 'backup-admin' },
      { type: 'admin', ...base(), action: 'delete-account' },
    ];
    for (const request of requests) {
      const r = server.handleDetailed(request, NOW, 'x', { busy: true });
      expect(r.response, request.type).toEqual({ requestId: request.requestId, type: request.type, ok: false, error: 'unavailable', message: expect.stringMatching(/busy/) });
      expect(r.appended).toEqual([]);
      expect(r.deduplicated).toEqual([]);
    }
    expect(JSON.stringify(server.dump())).toBe(before);
    expect(server.isDeleted('acct')).toBe(false);
    // Shed before the session check: a request with an unknown token is answered busy too.
    expect(server.handleDetailed({ ...pull(0), token: 'nope' } as SyncRequest, NOW, 'x', { busy: true }).response).toMatchObject({ ok: false, error: 'unavailable' });
    // Without the fault the same requests take effect as usual.
    expect(ok(server.handle(push([wireOp('a', 2)]), NOW, 'x'), 'push').acked).toEqual(['a/o2']);
  });
});

describe('SyncServer backup quota fault (backupQuotaRefusalPercent, injected by the simulator)', () => {
  it('refuses a valid, authorised backup for good (bad-request, over quota), storing nothing; an invalid one is refused as before', () => {
    const { server, base } = setup();
    ok(server.handle({ type: 'backup', ...base(), ciphertext: 'YmFja3Vw' }, NOW, 'x'), 'backup');
    const before = JSON.stringify(server.dump());
    const backup: SyncRequest = { type: 'backup', ...base(), ciphertext: 'YjI=' };
    const r = server.handleDetailed(backup, NOW, 'x', { overQuota: true });
    expect(r.response).toEqual({ requestId: backup.requestId, type: 'backup', ok: false, error: 'bad-request', message: "server: backup refused: over the account's backup quota" });
    expect(r.appended).toEqual([]);
    expect(JSON.stringify(server.dump())).toBe(before);
    // Checked first: an unknown session is refused as such, not as over quota.
    expect(server.handleDetailed({ ...backup, token: 'nope' } as SyncRequest, NOW, 'x', { overQuota: true }).response).toMatchObject({ ok: false, error: 'token-expired' });
    // Without the fault the same backup is stored.
    ok(server.handle(backup, NOW, 'x'), 'backup');
    expect(server.backups('acct')).toHaveLength(2);
  });
});
