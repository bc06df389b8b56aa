// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { exposureOffline } from '../../src/check/exposure-offline.ts';
import broken from '../fixtures/broken-reconcilers/polls-while-offline.ts';
import { cleanRuns, firstCaught, trace } from './_internals/build.ts';

describe('exposure-offline', () => {
  const send = (senderMode: 'offline' | 'online') => ({ t: 7, kind: 'msg-send' as const, msgId: 'm1', from: 'a', to: 'server', type: 'pull' as const, requestId: 'a/q1', bytes: 10, payload: {}, senderMode });
  it('flags a transmission while offline and passes one while online', () => {
    expect(exposureOffline.check({ trace: trace(send('online')), serverState: {}, stampMode: 'hlc' })).toEqual([]);
    const found = exposureOffline.check({ trace: trace(send('offline')), serverState: {}, stampMode: 'hlc' });
    expect(found).toEqual([{ checker: 'exposure-offline', message: expect.stringContaining('offline'), eventIndex: 1, t: 7, devices: ['a'], records: [] }]);
  });
  it('catches a reconciler that polls while offline', () => {
    expect(firstCaught('exposure-offline', broken, { offlinePercent: 60 })).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('exposure-offline', { offlinePercent: 60 })).toEqual([]);
  });
});
