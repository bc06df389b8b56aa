// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { defineChecker, ServerLog } from '../../../src/check/_internals/facts.ts';
import type { RunEndEvent } from '../../../src/trace/events.ts';
import { stamp, version } from './build.ts';

function end(log: { opId: string; recordId: string; stamp: string }[]): RunEndEvent {
  return { i: 0, t: 0, kind: 'run-end', replicas: {}, serverLog: log.map((l, n) => ({ seq: n + 1, ciphertextLength: 10, ...l })), converged: true, convergedAt: 0 };
}

describe('ServerLog.reached: "a committed op reached the server"', () => {
  const log = new ServerLog(end([{ opId: 'a/o1', recordId: 'r1', stamp: stamp(10, 'a') }]));

  it('holds for an op in the log', () => {
    expect(log.reached(version('r1', 'a/o1', stamp(10, 'a')))).toBe(true);
  });
  it('holds for an op superseded there by a strictly newer op of the same record', () => {
    expect(log.reached(version('r1', 'b/o1', stamp(9, 'b')))).toBe(true);
  });
  it('fails for an op of the same stamp that is not in the log (a collision, not a supersession)', () => {
    expect(log.reached(version('r1', 'b/o2', stamp(10, 'a')))).toBe(false);
  });
  it('fails for a newer op missing from the log, and for a record the log never saw', () => {
    expect(log.reached(version('r1', 'b/o3', stamp(11, 'b')))).toBe(false);
    expect(log.reached(version('r2', 'a/o2', stamp(1, 'a')))).toBe(false);
  });
});

describe('defineChecker', () => {
  it('labels every finding with the id written once in the definition', () => {
    const checker = defineChecker({
      id: 'durability',
      title: 't',
      property: 'p',
      check(_input, found) {
        found.add('lost', { i: 3, t: 7 }, ['b', 'a', 'a'], ['r1']);
        return found.list;
      },
    });
    expect(checker.check({ trace: [], serverState: {}, stampMode: 'hlc' })).toEqual([
      { checker: 'durability', message: 'lost', eventIndex: 3, t: 7, devices: ['a', 'b'], records: ['r1'] },
    ]);
  });
});
