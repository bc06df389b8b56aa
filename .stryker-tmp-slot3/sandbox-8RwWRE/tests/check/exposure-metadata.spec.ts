// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { exposureMetadata, undeclaredFields, undocumentedFields } from '../../src/check/exposure-metadata.ts';
import { checkRun } from '../../src/check/index.ts';
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

describe('exposure-metadata for an engine\'s own protocol (declared metadata paths)', () => {
  const documented = ['kind', 'rid', 'changes[].rec', 'changes[].box', 'meta'];

  it('allows exactly the declared paths, walking into arrays and objects on the way to them', () => {
    expect(undeclaredFields({ kind: 'save', rid: 'a/1', changes: [{ rec: 'r', box: 'xx' }], meta: { any: { thing: 1 } } }, documented)).toEqual([]);
    expect(undeclaredFields({ kind: 'save', changes: [{ rec: 'r', box: 'xx', title: 'Monday' }, { rec: 's', note: 'n' }] }, documented)).toEqual(['changes[0].title', 'changes[1].note']);
    expect(undeclaredFields({ kind: 'save', device: { model: 'x' } }, documented)).toEqual(['device']);
    expect(undeclaredFields({ changes: 'not-a-list' }, documented)).toEqual(['changes']);
    expect(undeclaredFields('a bare string', documented)).toEqual(['(message)']);
  });

  it('judges a trace of a foreign protocol by the paths its run-start declares', () => {
    const start = { i: 0, t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'x', options: {}, protocol: { name: 'p', metadata: documented, kinds: true, storedVersions: true } } as const;
    const send = (payload: unknown) => ({ i: 1, t: 1, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'push', requestId: 'a/1', bytes: 1, payload, senderMode: 'online' }) as const;
    const clean = checkRun({ trace: [start, send({ kind: 'save', rid: 'a/1' })] as never, serverState: undefined, stampMode: 'hlc' }, ['exposure-metadata']);
    expect(clean).toEqual([]);
    const leaky = checkRun({ trace: [start, send({ kind: 'save', rid: 'a/1', title: 'Monday' })] as never, serverState: undefined, stampMode: 'hlc' }, ['exposure-metadata']);
    expect(leaky.map((v) => v.message)).toEqual([expect.stringContaining('undocumented fields title; expected only the metadata paths protocol p declares')]);
  });
});
