// @ts-nocheck
import { describe, expect, it, vi } from 'vitest';
import { TraceViews, viewsOf } from '../../../src/check/_internals/views.ts';
import { checkHazards, checkRun } from '../../../src/check/index.ts';
import { oracleState } from '../../../src/check/oracle.ts';
import type { StampOrder } from '../../../src/trace/stamp-order.ts';
import { stamp, trace, version, write } from './build.ts';

const a1 = version('a/r1', 'a/o1', stamp(1, 'a'));
const b1 = version('a/r1', 'b/o1', stamp(2, 'b'));
const run = trace(...write(1, 'a', a1, 'create'), ...write(2, 'b', b1, 'edit', 'a/o1'));
const input = { trace: run, serverState: {}, stampMode: 'hlc' as const };

describe('TraceViews: derived views of one trace, computed once and shared', () => {
  it('derives each view on first use and keeps it', () => {
    const views = new TraceViews(input);
    expect(views.committed).toBe(views.committed);
    expect([...views.committed.keys()]).toEqual(['a/o1', 'b/o1']);
    expect(views.oracle).toBe(views.oracle);
    expect(views.causality).toBe(views.causality);
    expect(views.causality.relation('b/o1', 'a/o1')).toBe('update');
    expect(views.end).toBeUndefined(); // no run-end: a trace cut short
    expect(views.serverLog).toBeUndefined();
  });

  it('judges by the engine\'s declared order when there is one: the oracle is the one oracleState gives for it', () => {
    const reversed: StampOrder = { compare: (x, y) => (x < y ? 1 : x > y ? -1 : 0) };
    const views = new TraceViews({ ...input, order: reversed });
    expect(views.oracle.get('a/r1')?.opId).toBe('a/o1');
    expect([...views.oracle]).toEqual([...oracleState(run, (x, y) => reversed.compare(x, y))]);
    expect(new TraceViews(input).oracle.get('a/r1')?.opId).toBe('b/o1');
  });

  it('is used only for the input it was built over', () => {
    const views = new TraceViews(input);
    expect(viewsOf(input, views)).toBe(views);
    const other = { ...input };
    expect(viewsOf(other, views)).not.toBe(views);
    expect(viewsOf(other, views).input).toBe(other);
  });

  it('checkRun and the hazards read the caller\'s views instead of deriving their own', () => {
    const views = new TraceViews(input);
    const committed = vi.spyOn(views, 'committed', 'get');
    checkHazards(run, {}, views);
    checkRun(input, undefined, views);
    expect(committed).toHaveBeenCalled();
    const unused = new TraceViews({ ...input });
    const notRead = vi.spyOn(unused, 'committed', 'get');
    checkRun(input, undefined, unused); // built over another input object: not used
    expect(notRead).not.toHaveBeenCalled();
  });
});
