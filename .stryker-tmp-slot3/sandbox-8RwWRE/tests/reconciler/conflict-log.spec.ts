// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { ConflictLog } from '../../src/reconciler/conflict-log.ts';
import type { ConflictEntry } from '../../src/reconciler/types.ts';

const entry = (n: number): ConflictEntry => ({
  recordId: `r${n}`,
  winner: { wallMs: 2, counter: 0, deviceId: 'a' },
  loser: { wallMs: 1, counter: 0, deviceId: 'b' },
  rule: 'lww-hlc',
  outcome: 'remote-won',
  atMs: n,
});

describe('ConflictLog', () => {
  it('keeps the newest `limit` entries and counts every one', () => {
    const log = new ConflictLog(10);
    for (let i = 0; i < 25; i++) log.add(entry(i));
    expect(log.list().map((e) => e.atMs)).toEqual(Array.from({ length: 10 }, (_, i) => 15 + i));
    expect(log.total).toBe(25);
    const back = ConflictLog.from(log.list(), log.total, 10);
    expect(back.list()).toEqual(log.list());
    expect(back.total).toBe(25);
    expect(() => new ConflictLog(0)).toThrow(/limit/);
    const before = back.list();
    back.add(entry(99));
    expect(before).toHaveLength(10);
    expect(back.list().at(-1)?.atMs).toBe(99);
  });
});
