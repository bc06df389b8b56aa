// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/server/tokens.ts';

describe('TokenStore', () => {
  it('checks account, device and expiry against the given time', () => {
    const store = new TokenStore(50);
    const t = store.issue('acct', 'a', 10);
    expect(store.check(t, 'acct', 'a', 59)).toBe('ok');
    expect(store.check(t, 'acct', 'a', 60)).toBe('expired');
    expect(store.check(t, 'acct', 'b', 20)).toBe('expired');
    expect(store.check(t, 'other', 'a', 20)).toBe('expired');
  });

  it('expires per device and drops whole accounts', () => {
    const store = new TokenStore(1000);
    const a = store.issue('acct', 'a', 0);
    const b = store.issue('acct', 'b', 0);
    expect(store.expireFor('acct', 'a', 5)).toBe(1);
    expect(store.check(a, 'acct', 'a', 6)).toBe('expired');
    expect(store.check(b, 'acct', 'b', 6)).toBe('ok');
    store.dropAccount('acct');
    expect(store.list()).toEqual([]);
    expect(() => new TokenStore(0)).toThrow(/tokenTtlMs/);
  });
});
