// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { convergence } from '../../src/check/convergence.ts';
import broken from '../fixtures/broken-reconcilers/last-arrival-wins.ts';
import { cleanRuns, end, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('convergence', () => {
  const v1 = version('a/r1', 'a/o1', stamp(10, 'a'));
  const v2 = version('a/r1', 'b/o1', stamp(20, 'b'));
  const writes = [...write(1, 'a', v1, 'create'), ...write(2, 'b', v2)];
  const check = (...events: Parameters<typeof trace>) => convergence.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  it('passes replicas equal to the oracle with every op on the server', () => {
    expect(check(...writes, end(9, { a: [v2], b: [v2] }, [v1, v2]))).toEqual([]);
  });
  it('flags a replica that differs from the oracle', () => {
    const found = check(...writes, end(9, { a: [v1], b: [v2] }, [v1, v2]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ devices: ['a'], records: ['a/r1'], eventIndex: 5 });
  });
  it('flags a committed op missing from the server log', () => {
    const found = check(...writes, end(9, { a: [v2], b: [v2] }, [v1]));
    expect(found[0]!.message).toContain('b/o1');
  });
  it('catches a last-arrival-wins merge', () => {
    expect(firstCaught('convergence', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('convergence')).toEqual([]);
  });
});
