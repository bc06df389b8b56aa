// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { durability } from '../../src/check/durability.ts';
import broken from '../fixtures/broken-reconcilers/volatile-outbox.ts';
import { cleanRuns, end, firstCaught, HARSH, stamp, trace, version, write } from './_internals/build.ts';

describe('durability', () => {
  const v1 = version('a/r1', 'a/o1', stamp(10, 'a'));
  const v2 = version('a/r1', 'a/o2', stamp(20, 'a'));
  const check = (...events: Parameters<typeof trace>) => durability.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  const restart = (versions: (typeof v1)[]) => ({ t: 5, kind: 'restart' as const, device: 'a', versions, pendingOps: 0 });
  it('passes a restart that restores what was saved', () => {
    expect(check(...write(1, 'a', v1, 'create'), ...write(2, 'a', v2), restart([v2]), end(9, { a: [v2] }, [v1, v2]))).toEqual([]);
  });
  it('flags a restart that restores an older version', () => {
    const found = check(...write(1, 'a', v1, 'create'), ...write(2, 'a', v2), restart([v1]), end(9, { a: [v2] }, [v1, v2]));
    expect(found[0]).toMatchObject({ eventIndex: 5, devices: ['a'], records: ['a/r1'] });
  });
  it('flags a saved op that never reached the server', () => {
    const found = check(...write(1, 'a', v1, 'create'), ...write(2, 'a', v2), end(9, { a: [v2] }, [v1]));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('a/o2');
  });
  it('catches a snapshot that drops the outbox', () => {
    expect(firstCaught('durability', broken, HARSH)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('durability', HARSH)).toEqual([]);
  });
});
