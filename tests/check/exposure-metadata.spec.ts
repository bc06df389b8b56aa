import { describe, expect, it } from 'vitest';
import { exposureMetadata, undocumentedFields } from '../../src/check/exposure-metadata.ts';
import broken from '../fixtures/broken-reconcilers/user-agent-header.ts';
import { cleanRuns, firstCaught, trace } from './_internals/build.ts';

describe('exposure-metadata', () => {
  const base = { type: 'push', requestId: 'a/q1', accountId: 'acct', deviceId: 'a', token: 't' };
  const op = { opId: 'a/o1', recordId: 'a/r1', deviceId: 'a', stamp: 's', ciphertext: 'c' };
  it('lists undocumented request and op fields', () => {
    expect(undocumentedFields({ ...base, ops: [op] })).toEqual([]);
    expect(undocumentedFields({ ...base, ops: [{ ...op, title: 'Tuesday' }], userAgent: 'x' })).toEqual(['ops[0].title', 'userAgent']);
    expect(undocumentedFields({ ...base, type: 'telemetry' })).toEqual(['type="telemetry"']);
  });
  it('flags a transmitted payload with extra fields', () => {
    const send = { t: 1, kind: 'msg-send' as const, msgId: 'm1', from: 'a', to: 'server', type: 'push' as const, requestId: 'a/q1', bytes: 1, payload: { ...base, ops: [op], userAgent: 'x' }, senderMode: 'online' as const };
    const found = exposureMetadata.check({ trace: trace(send), serverState: {}, stampMode: 'hlc' });
    expect(found[0]).toMatchObject({ eventIndex: 1, devices: ['a'] });
    expect(found[0]!.message).toContain('userAgent');
  });
  it('catches a reconciler that sends a userAgent field', () => {
    expect(firstCaught('exposure-metadata', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('exposure-metadata')).toEqual([]);
  });
});
