import { describe, expect, it } from 'vitest';
import { conflictLog } from '../../src/check/conflict-log.ts';
import { noSilentRollback } from '../../src/check/no-silent-rollback.ts';
import logsNothing from '../fixtures/broken-reconcilers/logs-no-conflicts.ts';
import logsUpdates from '../fixtures/broken-reconcilers/logs-updates.ts';
import { cleanRuns, conflict, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

describe('conflict-log', () => {
  // a creates r1 (o1); b sees it and edits it (b/o1, base a/o1): an update. c edits o1 too without seeing b/o1: concurrent with b/o1.
  const created = version('a/r1', 'a/o1', stamp(10, 'a'));
  const update = version('a/r1', 'b/o1', stamp(20, 'b'));
  const rival = version('a/r1', 'c/o1', stamp(30, 'c'));
  const lower = version('a/r1', 'c/o0', stamp(15, 'c'));
  const check = (...events: Parameters<typeof trace>) => conflictLog.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
  const history = [...write(1, 'a', created, 'create', null), ...write(2, 'b', update, 'edit', 'a/o1'), ...write(3, 'c', rival, 'edit', 'a/o1')];

  it('passes a sequential update with no entry, and a concurrent replacement with one', () => {
    expect(check(...history, merge(4, 'a', 'b/o1', update))).toEqual([]);
    expect(check(...history, merge(4, 'b', 'c/o1', rival), conflict(4, 'b', 'a/r1', rival.stamp, update.stamp))).toEqual([]);
  });
  it('accepts the entry for the concurrent link of a chain one pull carried (a/o2 -> c/o3 -> b/o4 -> b/o5 in one receive), and still wants one', () => {
    // Device a shows its own a/o2 (an edit of a/o1). c/o3 edits a/o2 (an update of it); b/o4 edits a/o1 without
    // seeing a/o2 (concurrent with a/o2 and c/o3); b/o5 edits b/o4. One pull brings c/o3, b/o4 and b/o5: the trace's
    // merge shows only a/o2 -> b/o5, and the engine logs the step where the conflict happened (b/o4 over c/o3).
    const a2 = version('a/r1', 'a/o2', stamp(15, 'a'));
    const c3 = version('a/r1', 'c/o3', stamp(20, 'c'));
    const b4 = version('a/r1', 'b/o4', stamp(30, 'b'));
    const b5 = version('a/r1', 'b/o5', stamp(40, 'b'));
    const chain = [
      ...write(1, 'a', created, 'create', null),
      ...write(2, 'a', a2, 'edit', 'a/o1'),
      ...write(3, 'c', c3, 'edit', 'a/o2'),
      ...write(3, 'b', b4, 'edit', 'a/o1'),
      ...write(4, 'b', b5, 'edit', 'b/o4'),
    ];
    const judge = (...events: Parameters<typeof trace>) => {
      const input = { trace: trace(...events), serverState: {}, stampMode: 'hlc' as const };
      return [...conflictLog.check(input), ...noSilentRollback.check(input)].map((v) => v.checker).sort();
    };
    expect(judge(...chain, merge(5, 'a', 'b/o5', b5), conflict(5, 'a', 'a/r1', b4.stamp, c3.stamp))).toEqual([]);
    expect(judge(...chain, merge(5, 'a', 'b/o5', b5))).toEqual(['conflict-log', 'no-silent-rollback']);
    // An entry whose loser is not on a/o2's side of the chain (b/o4 over a/o1, its own ancestor) is not that link.
    expect(judge(...chain, merge(5, 'a', 'b/o5', b5), conflict(5, 'a', 'a/r1', b4.stamp, created.stamp))).toContain('no-silent-rollback');
  });
  it('flags a plain update logged as a conflict', () => {
    const found = check(...history, merge(4, 'a', 'b/o1', update), conflict(4, 'a', 'a/r1', update.stamp, created.stamp));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('plain update');
  });
  it('flags a concurrent replacement with no entry', () => {
    const found = check(...history, merge(4, 'b', 'c/o1', rival));
    expect(found[0]).toMatchObject({ devices: ['b', 'c'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('remote-won');
  });
  it('flags a concurrent remote write refused without a local-kept entry, and passes it with one', () => {
    const events = [...write(1, 'a', created, 'create', null), ...write(2, 'b', update, 'edit', 'a/o1'), ...write(3, 'c', lower, 'edit', 'a/o1')];
    const refused = merge(4, 'b', 'c/o0', update, false);
    expect(check(...events, refused)[0]!.message).toContain('local-kept');
    expect(check(...events, refused, conflict(4, 'b', 'a/r1', update.stamp, lower.stamp, 'local-kept'))).toEqual([]);
  });
  it('does not judge traces without causality (no base on the writes)', () => {
    expect(check(...write(1, 'a', created, 'create'), ...write(2, 'b', update), merge(4, 'a', 'b/o1', update), conflict(4, 'a', 'a/r1', update.stamp, created.stamp))).toEqual([]);
  });
  it('catches an engine that logs nothing, and one that logs plain updates', () => {
    expect(firstCaught('conflict-log', logsNothing)?.found[0]!.message).toMatch(/expected a (remote-won|local-kept) conflict entry/);
    expect(firstCaught('conflict-log', logsUpdates)?.found[0]!.message).toContain('plain update');
  });
  it('passes correct runs, in both stamp modes', () => {
    expect(cleanRuns('conflict-log')).toEqual([]);
    expect(cleanRuns('conflict-log', { stampMode: 'wall', clockOffsetMaxMs: 5000 })).toEqual([]);
  });
  it("judges an entry's rule: never empty; an lww rule is the run's stamp mode's; an engine's own rule name is not judged", () => {
    const entry = (rule: string) => ({ ...conflict(4, 'b', 'a/r1', rival.stamp, update.stamp), rule });
    const run = (rule: string, mode: 'hlc' | 'wall') => {
      const events = trace(...history, merge(4, 'b', 'c/o1', rival), entry(rule));
      (events[0] as { stampMode: string }).stampMode = mode;
      return conflictLog.check({ trace: events, serverState: {}, stampMode: mode }).map((v) => v.message);
    };
    expect(run('lww-hlc', 'hlc')).toEqual([]);
    expect(run('lww-wall', 'wall')).toEqual([]);
    expect(run('yjs-client-order', 'wall')).toEqual([]);
    expect(run('lww-hlc', 'wall')).toEqual([expect.stringContaining('expected lww-wall')]);
    expect(run('lww-wall', 'hlc')).toEqual([expect.stringContaining('expected lww-hlc')]);
    expect(run('', 'hlc')).toEqual([expect.stringContaining('the name of the rule')]);
  });
});
