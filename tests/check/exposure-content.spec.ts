import { describe, expect, it } from 'vitest';
import { exposureContent } from '../../src/check/exposure-content.ts';
import broken from '../fixtures/broken-reconcilers/plaintext-fields.ts';
import { cleanRuns, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('exposure-content', () => {
  const v = version('a/r1', 'a/o1', stamp(1, 'a'), { notes: 'Knee "hurts" after the walk', medications: ['ibuprofen 400mg'], locations: ['knee', 'left-hip'] });
  const send = (payload: unknown) => ({ t: 2, kind: 'msg-send' as const, msgId: 'm1', from: 'a', to: 'server', type: 'push' as const, requestId: 'a/q1', bytes: 1, payload, senderMode: 'online' as const });
  const check = (serverState: unknown, ...events: Parameters<typeof trace>) => exposureContent.check({ trace: trace(...write(1, 'a', v, 'create'), ...events), serverState, stampMode: 'hlc' });
  it('passes ciphertext on the wire and on the server', () => {
    expect(check({ log: ['q83v'] }, send({ ops: [{ ciphertext: 'q83vAbCdEf' }] }))).toEqual([]);
  });
  it('finds notes (JSON-escaped), medications and long location names in clear', () => {
    expect(check({}, send({ ops: [{ ciphertext: '{"notes":"Knee \\"hurts\\" after the walk"}' }] }))[0]).toMatchObject({ eventIndex: 3, records: ['a/r1'] });
    expect(check({ stored: 'ibuprofen 400mg' })[0]!.message).toContain('server stores');
    expect(check({}, send({ x: 'left-hip' }))).toHaveLength(1);
    // Short strings would match by chance and are not scanned.
    expect(check({}, send({ x: 'knee' }))).toEqual([]);
  });
  it('treats regex metacharacters in content literally', () => {
    const odd = version('a/r2', 'a/o2', stamp(2, 'a'), { notes: 'pain (left) [x]+*? hurts' });
    const run = (serverState: unknown) => exposureContent.check({ trace: trace(...write(1, 'a', odd, 'create')), serverState, stampMode: 'hlc' });
    expect(run({ x: 'pain (left) [x]+*? hurts' })).toHaveLength(1);
    expect(run({ x: 'pain left x hurts' })).toEqual([]);
  });
  it('catches a reconciler that pushes fields unencrypted', () => {
    expect(firstCaught('exposure-content', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('exposure-content')).toEqual([]);
  });
});
