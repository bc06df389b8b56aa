import { describe, expect, it } from 'vitest';
import { noDuplicates } from '../../src/check/no-duplicates.ts';
import broken from '../fixtures/broken-reconcilers/fresh-op-ids-on-retry.ts';
import { cleanRuns, end, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('no-duplicates', () => {
  const v = version('a/r1', 'a/o1', stamp(10, 'a'));
  const check = (...events: Parameters<typeof trace>) => noDuplicates.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  const apply = (appended: string[]) => ({ t: 5, kind: 'server-apply' as const, requestId: 'a/q1', device: 'a', type: 'push' as const, appended, deduplicated: [] });
  it('passes one op appended once', () => {
    expect(check(...write(1, 'a', v, 'create'), apply(['a/o1']), end(9, { a: [v] }, [v]))).toEqual([]);
  });
  it('flags an op the server appended under an id no user committed', () => {
    const found = check(...write(1, 'a', v, 'create'), apply(['a/o1']), apply(['a/o1.retry1']), end(9, { a: [v] }, [v]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eventIndex: 4, devices: ['a'] });
  });
  it('passes an op declared deduplicated after it was declared stored, and flags one declared deduplicated first', () => {
    const dedup = (deduplicated: string[]) => ({ ...apply([]), deduplicated });
    expect(check(...write(1, 'a', v, 'create'), apply(['a/o1']), dedup(['a/o1']), end(9, { a: [v] }, [v]))).toEqual([]);
    const found = check(...write(1, 'a', v, 'create'), dedup(['a/o1']), end(9, { a: [v] }, [v]));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/declared op a\/o1 .* already stored, but no earlier message stored it/);
    expect(check(...write(1, 'a', v, 'create'), apply(['a/o1']), dedup(['Stryker was here']), end(9, { a: [v] }, [v]))).toHaveLength(1);
  });
  it('flags duplicates in the log and records nobody created', () => {
    const ghost = version('z/r9', 'z/o9', stamp(1, 'z'));
    const found = check(...write(1, 'a', v, 'create'), end(9, { a: [v, ghost] }, [v, v]));
    expect(found.map((f) => f.message).join('\n')).toMatch(/more than once[\s\S]*no user created/);
  });
  it('catches fresh op ids on retried pushes', () => {
    expect(firstCaught('no-duplicates', broken, { lossPercent: 20, oneWayFailurePercent: 10 })).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('no-duplicates', { lossPercent: 20, oneWayFailurePercent: 10, duplicatePercent: 10 })).toEqual([]);
  });
});
