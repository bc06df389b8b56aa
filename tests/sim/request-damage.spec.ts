// The damage catalogue (src/sim/request-damage.ts): every field of sync-lab's wire protocol walked at
// its boundaries, each entry saying what a server must do. Held here against the reference server: a
// `refuse` entry is refused with nothing stored, a `drop-field` entry's marker is stored nowhere.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { encodeStamp } from '../../src/core/stamp.ts';
import { DOCUMENTED_OP_FIELDS, DOCUMENTED_REQUEST_FIELDS } from '../../src/core/wire.ts';
import type { SyncRequest, WireOp } from '../../src/core/wire.ts';
import { SyncServer } from '../../src/server/sync-server.ts';
import { damageRequest, damagesFor, describeValue, EXTRA_FIELD, ownershipDamagesFor, remoteActionDamagesFor } from '../../src/sim/request-damage.ts';
import { PROTOCOL_LIMITS } from '../../src/sim/request-damage-protocol.ts';

const op = (n: number): WireOp => ({ opId: `a/o${n}`, recordId: `a/r${n}`, deviceId: 'a', stamp: encodeStamp({ wallMs: 1_773_705_600_000 + n, counter: n, deviceId: 'a' }), ciphertext: 'c2VhbGVk' });

function world() {
  const server = new SyncServer();
  const token = server.issueToken('acct', 'a', 0);
  const head = { requestId: 'a/q1', accountId: 'acct', deviceId: 'a', token };
  const requests: SyncRequest[] = [
    { type: 'push', ...head, ops: [op(1), op(2), op(3)] },
    { type: 'pull', ...head, cursor: 0, limit: 50 },
    { type: 'backup', ...head, ciphertext: 'YmFja3Vw' },
    { type: 'admin', ...head, action: 'backup-admin' },
  ];
  return { server, requests };
}

describe('the damage catalogue', () => {
  it('walks every documented field of every request kind, and every op field of a push', () => {
    const { requests } = world();
    for (const request of requests) {
      const paths = new Set(damagesFor(request as unknown as Record<string, unknown>, 1).map((d) => d.path));
      for (const field of DOCUMENTED_REQUEST_FIELDS[request.type]) expect(paths, `${request.type}.${field}`).toContain(field);
      expect(paths).toContain('(root)');
      if (request.type === 'push') for (const field of DOCUMENTED_OP_FIELDS) expect(paths).toContain(`ops[1].${field}`);
    }
  });

  it('every refuse entry is refused by the reference server and stores nothing; every drop-field entry stores no marker', () => {
    const { requests } = world();
    const seen = new Set<string>();
    for (const request of requests) {
      const entries = damagesFor(request as unknown as Record<string, unknown>, 2);
      entries.forEach((entry, index) => {
        const marker = `extra:copy-${index}`;
        const damaged = damageRequest(request as unknown as Record<string, unknown>, index, 2, marker);
        expect(damaged.message, `${entry.path} ${entry.damage}`).not.toEqual(request);
        const fresh = new SyncServer();
        const token = fresh.issueToken('acct', 'a', 0);
        const sent = withToken(damaged.message, request.token, token);
        const result = fresh.handleDetailed(sent, 1, '10.0.0.1');
        seen.add(`${request.type} ${entry.path} ${entry.damage}`);
        if (entry.expect === 'refuse') {
          expect(result.response.ok, `${request.type} ${entry.path} ${entry.damage} (${damaged.value})`).toBe(false);
          expect(result.appended).toEqual([]);
        } else {
          expect(canonicalJson(fresh.dump())).not.toContain(marker);
          expect(damaged.marker).toBe(marker);
        }
      });
    }
    expect(seen.size).toBeGreaterThan(80);
  });

  it('push ownership: an op id or op device of another device, or an op id naming no device, each refused with nothing stored', () => {
    const { requests } = world();
    const push = requests[0] as unknown as Record<string, unknown>;
    const entries = ownershipDamagesFor(push, 1);
    expect(entries.map((e) => `${e.path} ${e.damage}`)).toEqual(['ops[1].opId foreign-device', 'ops[1].deviceId foreign-device', 'ops[1].opId no-device-prefix']);
    // The whole catalogue keeps the first two (its draws unchanged); the ownership share draws among all three.
    expect(damagesFor(push, 1).filter((e) => e.damage === 'foreign-device')).toHaveLength(2);
    for (const other of requests.slice(1)) expect(ownershipDamagesFor(other as unknown as Record<string, unknown>, 0)).toEqual([]);
    entries.forEach((entry, index) => {
      const damaged = damageRequest(push, index, 1, 'm', 'ownership');
      expect(damaged).toMatchObject({ path: entry.path, damage: entry.damage, expect: 'refuse' });
      const fresh = new SyncServer();
      const result = fresh.handleDetailed(withToken(damaged.message, (push as { token: string }).token, fresh.issueToken('acct', 'a', 0)), 1, '10.0.0.1');
      expect(result.response, entry.damage).toMatchObject({ ok: false, error: 'bad-request', requestId: 'a/q1', type: 'push' });
      expect(result.appended).toEqual([]);
    });
    expect((damageRequest(push, 2, 1, 'm', 'ownership').message as { ops: WireOp[] }).ops[1]!.opId).toBe('o-o2');
  });

  it('remote actions: a backup or admin request damaged in its own fields, or sent as the other kind, each refused with nothing stored or removed', () => {
    const { requests } = world();
    const kinds = new Map<string, string[]>();
    for (const request of requests) {
      const json = request as unknown as Record<string, unknown>;
      const entries = remoteActionDamagesFor(json);
      kinds.set(request.type, entries.map((e) => `${e.path} ${e.damage}`));
      entries.forEach((entry, index) => {
        const damaged = damageRequest(json, index, 0, 'm', 'remote-action');
        expect(damaged).toMatchObject({ path: entry.path, damage: entry.damage, expect: 'refuse' });
        const fresh = new SyncServer();
        const token = fresh.issueToken('acct', 'a', 0);
        // A stored backup the damaged copy must leave alone (an admin copy taken as backup-admin would remove it).
        fresh.handleDetailed({ type: 'backup', requestId: 'a/q0', accountId: 'acct', deviceId: 'a', token, ciphertext: 'b2xk' }, 0, '10.0.0.1');
        const result = fresh.handleDetailed(withToken(damaged.message, request.token, token), 1, '10.0.0.1');
        expect(result.response.ok, `${request.type} ${entry.path} ${entry.damage}`).toBe(false);
        expect(fresh.backups('acct').map((b) => b.ciphertext)).toEqual(['b2xk']);
      });
    }
    expect(kinds.get('push')).toEqual([]);
    expect(kinds.get('pull')).toEqual([]);
    expect(kinds.get('backup')).toEqual(['ciphertext missing', 'ciphertext wrong-type', 'ciphertext empty', 'ciphertext non-base64', 'type as-admin']);
    expect(kinds.get('admin')).toEqual(['action missing', 'action unknown', 'action wrong-type', 'action empty', 'type as-backup']);
  });

  it('one over each limit the protocol states, not more', () => {
    const { requests } = world();
    const push = requests[0] as unknown as Record<string, unknown>;
    const at = (path: string, damage: string) => damagesFor(push, 0).findIndex((d) => d.path === path && d.damage === damage);
    const long = damageRequest(push, at('requestId', 'over-length'), 0, 'm').message as { requestId: string };
    expect(long.requestId).toHaveLength(PROTOCOL_LIMITS.idMaxChars + 1);
    const token = damageRequest(push, at('token', 'over-length'), 0, 'm').message as { token: string };
    expect(token.token).toHaveLength(PROTOCOL_LIMITS.tokenMaxChars + 1);
    const many = damageRequest(push, at('ops', 'too-many'), 0, 'm').message as { ops: unknown[] };
    expect(many.ops).toHaveLength(PROTOCOL_LIMITS.maxOpsPerPush + 1);
    const sealed = damageRequest(push, at('ops[0].ciphertext', 'over-length'), 0, 'm');
    expect((sealed.message as { ops: WireOp[] }).ops[0]!.ciphertext).toHaveLength(PROTOCOL_LIMITS.opCiphertextMaxChars + 1);
    expect(sealed.value).toMatch(/\(16777217 chars\)$/);
  });

  it('an extra field goes on the request or on the op named, carrying the marker; other ops stay as they were', () => {
    const { requests } = world();
    const push = requests[0] as unknown as Record<string, unknown>;
    const index = damagesFor(push, 1).findIndex((d) => d.path === `ops[1].${EXTRA_FIELD}`);
    const damaged = damageRequest(push, index, 1, 'extra:m9.damaged').message as { ops: Record<string, unknown>[] };
    expect(damaged.ops[1]![EXTRA_FIELD]).toBe('extra:m9.damaged');
    expect(damaged.ops[0]).toEqual(op(1));
    expect(damaged.ops[2]).toEqual(op(3));
  });

  it('backups and admin actions get no extra-field damage (honoured, a copy would act for the user)', () => {
    const { requests } = world();
    for (const request of requests.slice(2)) expect(damagesFor(request as unknown as Record<string, unknown>, 0).filter((d) => d.expect !== 'refuse')).toEqual([]);
  });

  it('describes values shortly', () => {
    expect(describeValue(undefined)).toBe('(absent)');
    expect(describeValue('ab')).toBe('"ab"');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(24)}"… (100 chars)`);
    expect(describeValue(7)).toBe('7');
  });
});

/** The damaged copy with the fresh server's token wherever the original token was (a damaged token stays damaged). */
function withToken(message: unknown, original: string, token: string): unknown {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map((m) => withToken(m, original, token));
  if (typeof message !== 'object' || message === null) return message;
  const o = message as Record<string, unknown>;
  return o['token'] === original ? { ...o, token } : o;
}
