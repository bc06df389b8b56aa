// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { nonBlocking } from '../../src/check/non-blocking.ts';
import broken from '../fixtures/broken-reconcilers/sync-required-offline.ts';
import { cleanRuns, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('non-blocking', () => {
  it('flags a refused write and passes an accepted one', () => {
    const ok = trace(...write(1000, 'a', version('a/r1', 'a/o1', stamp(1, 'a'))));
    expect(nonBlocking.check({ trace: ok, serverState: {}, stampMode: 'hlc' })).toEqual([]);
    const refused = trace({ t: 5, kind: 'local-write', device: 'b', op: 'edit', recordId: 'a/r1', ok: false, error: 'Error: sync required', wallMs: 0 });
    const found = nonBlocking.check({ trace: refused, serverState: {}, stampMode: 'hlc' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eventIndex: 1, devices: ['b'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('sync required');
  });
  it('reports at most a few violations per run', () => {
    const many = trace(...Array.from({ length: 50 }, (_, n) => ({ t: n, kind: 'local-write' as const, device: 'b', op: 'edit' as const, recordId: 'a/r1', ok: false, wallMs: 0 })));
    expect(nonBlocking.check({ trace: many, serverState: {}, stampMode: 'hlc' }).length).toBeLessThanOrEqual(3);
  });
  it('catches a reconciler that refuses writes while offline', () => {
    expect(firstCaught('non-blocking', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('non-blocking')).toEqual([]);
  });
});
