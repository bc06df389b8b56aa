// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { AccountLog, LogFullError } from '../../src/server/account-log.ts';

const op = (n: number) => ({ opId: `a/o${n}`, recordId: `a/r${n}`, deviceId: 'a', stamp: 's', ciphertext: 'QUJD' });

describe('AccountLog', () => {
  it('appends once per op id and serves slices after a cursor', () => {
    const log = new AccountLog('acct', 10);
    expect(log.append(op(1), 5, 'ip')).toBe(true);
    expect(log.append(op(1), 6, 'ip')).toBe(false);
    log.append(op(2), 7, 'ip');
    expect(log.since(0, 1)).toMatchObject({ cursor: 1, more: true });
    expect(log.since(1, 5).ops.map((o) => o.seq)).toEqual([2]);
    expect(log.since(99, 5)).toEqual({ ops: [], cursor: 2, more: false });
    expect(log.entries()[0]).toMatchObject({ ciphertextLength: 4, receivedAtMs: 5 });
  });

  it('refuses to grow past its bound', () => {
    const log = new AccountLog('acct', 1);
    log.append(op(1), 0, 'ip');
    expect(() => log.append(op(2), 0, 'ip')).toThrow(LogFullError);
  });
});
