// @ts-nocheck
// The built-in server as one implementation of the server seam: the same answers and stored ops as
// SyncServer itself, named the seam's way (stored / deduplicated / error), its metadata paths the
// documented wire fields, and sessions through the seam.
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_OP_FIELDS } from '../../src/core/wire.ts';
import type { SyncRequest } from '../../src/core/wire.ts';
import { builtinServerModule } from '../../src/server/index.ts';

const client = { deviceId: 'a', address: '10.0.0.1' };
const push = (token: string, requestId: string): SyncRequest => ({
  type: 'push',
  requestId,
  accountId: 'acct-1',
  deviceId: 'a',
  token,
  ops: [{ opId: 'a/o1', recordId: 'a/r1', deviceId: 'a', stamp: '001773705600000.00000000.a', ciphertext: 'AAAA' }],
});

describe('builtinServerModule', () => {
  it('stores a push once, reports the retry as deduplicated, and names what it holds', () => {
    const server = builtinServerModule.create({ accountId: 'acct-1', tokenTtlMs: 60_000 });
    const token = server.issueToken('a', 0);
    const first = server.handle(push(token, 'a/q1'), 1, client);
    expect(first).toMatchObject({ response: { ok: true, acked: ['a/o1'] }, stored: ['a/o1'], deduplicated: [] });
    expect(server.handle(push(token, 'a/q2'), 2, client)).toMatchObject({ stored: [], deduplicated: ['a/o1'] });
    expect(server.storedVersions()).toEqual([{ opId: 'a/o1', recordId: 'a/r1', stamp: '001773705600000.00000000.a' }]);
    expect(server.state()).toMatchObject({ accounts: [{ accountId: 'acct-1', log: [{ opId: 'a/o1', ciphertext: 'AAAA' }] }] });
  });

  it('answers a refusal with the error named, and expires sessions through the seam', () => {
    const server = builtinServerModule.create({ accountId: 'acct-1', tokenTtlMs: 60_000 });
    const token = server.issueToken('a', 0);
    server.expireTokensOf('a', 5);
    expect(server.handle(push(token, 'a/q1'), 6, client)).toMatchObject({ response: { ok: false, error: 'token-expired' }, error: 'token-expired', stored: [] });
  });

  it('declares its request ids, kinds and documented metadata paths', () => {
    const request = push('t', 'a/q7');
    expect(builtinServerModule.requestIdOf(request)).toBe('a/q7');
    expect(builtinServerModule.kindOf(request)).toBe('push');
    expect(builtinServerModule.metadata).toEqual(expect.arrayContaining(['type', 'requestId', 'token', 'cursor', ...DOCUMENTED_OP_FIELDS.map((f) => `ops[].${f}`)]));
    expect(builtinServerModule.metadata).not.toContain('ops');
  });
});
