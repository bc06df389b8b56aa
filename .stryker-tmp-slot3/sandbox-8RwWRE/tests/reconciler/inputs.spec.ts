// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { copyFields, resolvePolicy } from '../../src/reconciler/inputs.ts';
import { DEFAULT_SYNC_POLICY } from '../../src/reconciler/types.ts';

describe('reconciler inputs', () => {
  it('copies fields with sorted keys, so later mutation by the caller changes nothing', () => {
    const tags = ['a'];
    const fields = { z: 1, a: tags, m: null };
    const copy = copyFields(fields);
    tags.push('b');
    expect(Object.keys(copy)).toEqual(['a', 'm', 'z']);
    expect(copy['a']).toEqual(['a']);
  });

  it('refuses values a record cannot hold, naming the field', () => {
    expect(() => copyFields({ n: Number.NaN })).toThrow(/field "n"/);
    expect(() => copyFields({ o: { x: 1 } } as never)).toThrow(/field "o"/);
    expect(() => copyFields([] as never)).toThrow(/plain object/);
  });

  it('fills the policy from the defaults and refuses non-positive or inverted values', () => {
    expect(resolvePolicy(undefined)).toEqual(DEFAULT_SYNC_POLICY);
    expect(() => resolvePolicy({ maxPushBatch: 0 })).toThrow(/policy.maxPushBatch/);
    expect(() => resolvePolicy({ backoffInitialMs: 10, backoffMaxMs: 5 })).toThrow(/backoffMaxMs/);
  });
});
