import { describe, expect, it } from 'vitest';
import { damagedRequests } from '../../src/check/damaged-requests.ts';
import { judgeability } from '../../src/check/judgeable.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import lax from '../fixtures/explore-broken/own-server-lax-validation.ts';
import caching from '../fixtures/explore-broken/own-server-caches-refusals.ts';
import ownSyncLab from '../fixtures/engines/own-sync-lab-server.ts';
import echoesNoId from '../fixtures/explore-broken/refusal-echoes-no-id.ts';
import { cleanRuns, firstCaught, trace } from './_internals/build.ts';

const op = { opId: 'a/o1', recordId: 'a/r1', deviceId: 'a', stamp: '001773705600001.00000000.a', ciphertext: 'c2VhbGVk' };
const push = (t: number, ops = [op]) => ({ t, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'push', requestId: 'a/q1', bytes: 1, payload: { type: 'push', requestId: 'a/q1', ops }, senderMode: 'online' });
const damage = (t: number, expect: 'refuse' | 'drop-field' = 'refuse', marker?: string) => ({
  t,
  kind: 'request-damage',
  device: 'a',
  requestId: 'a/q1',
  copyId: 'm1.damaged',
  type: 'push',
  path: expect === 'refuse' ? 'ops[0].stamp' : 'x-sync-lab-extra',
  damage: expect === 'refuse' ? 'wall-not-digit' : 'extra-field',
  expect,
  value: '"x"',
  ...(marker === undefined ? {} : { marker }),
});
const refusal = { requestId: 'a/q1', type: 'push', ok: false, error: 'bad-request', message: 'server: bad request at ops.0.stamp' };
const fate = (t: number, response: unknown, appended: string[] = []) => ({ t, kind: 'damaged-apply', copyId: 'm1.damaged', requestId: 'a/q1', device: 'a', outcome: 'handled', appended, deduplicated: [], response, answer: 'not-delivered' });
const answer = (t: number, payload: unknown) => ({ t, kind: 'msg-send', msgId: 'm2', from: 'server', to: 'a', type: 'response', requestId: 'a/q1', bytes: 1, payload, senderMode: 'online' });
const runEnd = (t: number, log: { opId: string; recordId: string; stamp: string; ciphertextLength?: number }[]) => ({ t, kind: 'run-end', replicas: {}, serverLog: log.map((o, n) => ({ seq: n + 1, ...o })), converged: true, convergedAt: null });
const check = (events: Record<string, unknown>[], serverState: unknown = {}) => damagedRequests.check({ trace: trace(...(events as never[])), serverState, stampMode: 'hlc' });

describe('damaged-requests', () => {
  it('passes a copy refused with nothing stored, and a log of the ops devices pushed', () => {
    expect(check([push(1), damage(1), fate(2, refusal), answer(3, { requestId: 'a/q1', type: 'push', ok: true, acked: ['a/o1'] }), runEnd(9, [{ ...op, ciphertextLength: 8 }])])).toEqual([]);
  });
  it('flags a copy that must be refused but was accepted, or stored ops', () => {
    const found = check([push(1), damage(1), fate(2, { requestId: 'a/q1', type: 'push', ok: true, acked: ['a/o1'] }, ['a/o1'])]);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^the server accepted damaged copy m1.damaged of push a\/q1 \(ops\[0\].stamp: wall-not-digit/), expect.stringMatching(/^the server stored op\(s\) a\/o1 from damaged copy/)]);
    expect(found[0]).toMatchObject({ eventIndex: 3, devices: ['a'] });
  });
  it('flags ops in the server log or in pull answers that no device sent, field for field', () => {
    const bad = { ...op, stamp: '00177370560000x.00000000.a' };
    expect(check([push(1), runEnd(9, [bad])])[0]?.message).toMatch(/holds op a\/o1 .* that no device sent in a push/);
    expect(check([push(1), runEnd(9, [{ ...op, ciphertextLength: 99 }])])[0]?.message).toMatch(/99 ciphertext characters, a length no device sent/);
    const pulled = answer(5, { requestId: 'b/q1', type: 'pull', ok: true, ops: [{ seq: 1, ...op, ciphertext: 'b3RoZXI=' }], cursor: 1, more: false });
    expect(check([push(1), { ...pulled, to: 'b', requestId: 'b/q1' }])[0]?.message).toMatch(/handed b op a\/o1 \(record a\/r1\) with content no device sent/);
    const extra = answer(5, { requestId: 'b/q1', type: 'pull', ok: true, ops: [{ seq: 1, ...op, note: 'x' }], cursor: 1, more: false });
    expect(check([push(1), extra])[0]?.message).toMatch(/field\(s\) outside the protocol \(note\)/);
  });
  it("flags a real request refused with its twin's refusal, word for word, after the twin", () => {
    const found = check([push(1), damage(1), fate(2, refusal), answer(3, refusal)]);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/refused a's request a\/q1 with the very refusal of its damaged twin m1.damaged/);
    // Refused before its twin arrived, or for a reason of its own: judged on its own.
    expect(check([push(1), damage(1), answer(2, refusal), fate(3, refusal)])).toEqual([]);
    expect(check([push(1), damage(1), fate(2, refusal), answer(3, { ...refusal, error: 'token-expired', message: 'expired' })])).toEqual([]);
  });
  it("judges a damaged copy's refusal: a known code, a message, the requestId and type it carried echoed", () => {
    const at = (path: string, damageKind: string) => ({ ...damage(1), path, damage: damageKind });
    expect(check([push(1), at('token', 'over-length'), fate(2, { ...refusal, error: 'token-expired' })])).toEqual([]);
    // No string requestId in the copy: the refusal names no request (''); no readable type: any of the four.
    expect(check([push(1), at('requestId', 'missing'), fate(2, { ...refusal, requestId: '' })])).toEqual([]);
    expect(check([push(1), at('(root)', 'json-text'), fate(2, { ...refusal, requestId: '', type: 'pull' })])).toEqual([]);
    expect(check([push(1), at('type', 'unknown'), fate(2, { ...refusal, type: 'admin' })])).toEqual([]);
    expect(check([push(1), at('requestId', 'over-length'), fate(2, { ...refusal, requestId: 'x'.repeat(201) })])).toEqual([]);
    const flagged = (copy: Record<string, unknown>, response: unknown) => check([push(1), copy, fate(2, response)]).map((f) => f.message);
    expect(flagged(damage(1), { ...refusal, requestId: '' })).toEqual([expect.stringMatching(/refusal of damaged copy m1.damaged .* is malformed: requestId "" \(expected "a\/q1"\)$/)]);
    expect(flagged(damage(1), { ...refusal, requestId: undefined, type: 'pull' })).toEqual([expect.stringMatching(/requestId undefined \(expected "a\/q1"\); type "pull" \(expected push\)$/)]);
    expect(flagged(at('requestId', 'wrong-type'), { ...refusal, requestId: 'Stryker' })).toEqual([expect.stringMatching(/requestId "Stryker" \(expected '' : the copy carried no string requestId\)/)]);
    expect(flagged(at('(root)', 'not-an-object'), { ...refusal, requestId: '', type: undefined })).toEqual([expect.stringMatching(/type undefined \(expected one of push, pull, backup, admin\)/)]);
    expect(flagged(damage(1), { ...refusal, error: '', message: 1 })).toEqual([expect.stringMatching(/error "" \(expected one of token-expired, account-deleted, bad-request, unavailable\); no message$/)]);
    expect(flagged(at('requestId', 'over-length'), { ...refusal, requestId: 7 })).toEqual([expect.stringMatching(/requestId 7 \(expected a string\)/)]);
  });
  it('an extra field may be honoured, never stored', () => {
    const honoured = fate(2, { requestId: 'a/q1', type: 'push', ok: true, acked: ['a/o1'] }, ['a/o1']);
    expect(check([push(1), damage(1, 'drop-field', 'extra:m1.damaged'), honoured], { log: [op] })).toEqual([]);
    const stored = check([push(1), damage(1, 'drop-field', 'extra:m1.damaged'), honoured, runEnd(9, [op])], { log: [{ ...op, 'x-sync-lab-extra': 'extra:m1.damaged' }] });
    expect(stored.map((f) => f.message)).toEqual([expect.stringMatching(/stores the extra field x-sync-lab-extra of damaged copy m1.damaged/)]);
  });
  it("is not judged on an engine's own protocol, judged on one declaring sync-lab's", () => {
    const own = (name: string) => trace({ t: 0, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'message', requestId: 'q', bytes: 1, payload: {}, senderMode: 'online' }).map((e, i) => (i === 0 ? { ...e, protocol: { name, metadata: [], kinds: true, storedVersions: true } } : e));
    expect(judgeability(own('ledger')).get('damaged-requests')).toMatchObject({ judged: false, reason: expect.stringMatching(/own protocol \(ledger\)/) });
    expect(judgeability(own('sync-lab')).get('damaged-requests')).toEqual({ judged: true });
  });
  it('catches an own sync-lab server with lax push validation, and one that caches answers by request id', () => {
    const options = { damagedRequestPercent: 40, partialApplyPercent: 0 };
    expect(firstCaught('damaged-requests', lax as unknown as ReconcilerModule, options)).toBeDefined();
    expect(firstCaught('damaged-requests', caching as unknown as ReconcilerModule, options)).toBeDefined();
    expect(firstCaught('damaged-requests', echoesNoId as unknown as ReconcilerModule, options)).toBeDefined();
    expect(firstCaught('damaged-requests', ownSyncLab as unknown as ReconcilerModule, options)).toBeUndefined();
  });
  it('passes correct runs of the default engine and server', () => {
    expect(cleanRuns('damaged-requests', { damagedRequestPercent: 40 })).toEqual([]);
  });
});
