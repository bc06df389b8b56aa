// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { tokenExpiry } from '../../src/check/token-expiry.ts';
import broken from '../fixtures/broken-reconcilers/refuse-when-expired.ts';
import { cleanRuns, end, firstCaught, HARSH, stamp, trace, version, write } from './_internals/build.ts';

describe('token-expiry', () => {
  const v = version('a/r1', 'a/o1', stamp(10, 'a'));
  const token = (t: number, state: 'expired' | 'renewed') => ({ t, kind: 'token' as const, device: 'a', state });
  const check = (...events: Parameters<typeof trace>) => tokenExpiry.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  it('passes a write during expiry that reaches the server after renewal', () => {
    expect(check(token(1, 'expired'), ...write(2, 'a', v, 'create'), token(3, 'renewed'), end(9, { a: [v] }, [v]))).toEqual([]);
  });
  it('flags a write refused while the token is expired', () => {
    const found = check(token(1, 'expired'), { t: 2, kind: 'local-write', device: 'a', op: 'edit', recordId: 'a/r1', ok: false, error: 'session expired', wallMs: 0 }, token(3, 'renewed'));
    expect(found[0]).toMatchObject({ eventIndex: 2, devices: ['a'] });
  });
  it('flags a write pending across the expiry that never reaches the server', () => {
    const found = check(...write(0, 'a', v, 'create'), token(1, 'expired'), token(3, 'renewed'), end(9, { a: [v] }, []));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('a/o1');
  });
  it('catches a reconciler that refuses writes once the token expired', () => {
    expect(firstCaught('token-expiry', broken, HARSH)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('token-expiry', HARSH)).toEqual([]);
  });
});
