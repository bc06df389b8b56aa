// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { commitImmediate } from '../../src/check/commit-immediate.ts';
import broken from '../fixtures/broken-reconcilers/visible-after-ack.ts';
import { cleanRuns, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('commit-immediate', () => {
  const v = version('a/r1', 'a/o1', stamp(10, 'a'));
  it('passes a write followed by a read of it in the same tick', () => {
    expect(commitImmediate.check({ trace: trace(...write(10_000, 'a', v, 'create')), serverState: {}, stampMode: 'hlc' })).toEqual([]);
  });
  it('flags a read in the same tick that does not show the write', () => {
    const [w] = write(10_000, 'a', v, 'create');
    const t = trace(w!, { t: 10_000, kind: 'local-read', device: 'a', recordId: 'a/r1', version: null, ok: true });
    const found = commitImmediate.check({ trace: t, serverState: {}, stampMode: 'hlc' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ checker: 'commit-immediate', eventIndex: 2, t: 10_000, devices: ['a'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('saw nothing');
  });
  it('catches a reconciler whose writes show only after the ack', () => {
    expect(firstCaught('commit-immediate', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('commit-immediate')).toEqual([]);
  });
});
