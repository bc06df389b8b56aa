// @ts-nocheck
// Content checks (issue 11.4): convergence and lww-winner compare every field of every replica with
// the winning write, and name the field that differs.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { contentDiff, differingField } from '../../src/check/_internals/content.ts';
import type { JsonFields } from '../../src/trace/events.ts';
import { convergence } from '../../src/check/convergence.ts';
import { lwwWinner } from '../../src/check/lww-winner.ts';
import mixedFields from '../fixtures/broken-reconcilers/mixed-fields.ts';
import { cleanRuns, end, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

describe('content checks', () => {
  const v1 = version('a/r1', 'a/o1', stamp(10, 'a'), { notes: 'first', painLevel: 3 });
  const v2 = version('a/r1', 'b/o1', stamp(20, 'b'), { notes: 'second', painLevel: 5 });
  // b's op id and stamp, but a's notes: what a per-field store with a stale field stamp shows.
  const mixed = { ...v2, fields: { notes: 'first', painLevel: 5 } };
  const writes = [...write(1, 'a', v1, 'create'), ...write(2, 'b', v2)];
  const input = (...events: Parameters<typeof trace>) => ({ trace: trace(...events), serverState: {}, stampMode: 'hlc' as const });

  it('names the first differing field, or a field on one side only, or the deleted flag', () => {
    expect(differingField({ a: 1, b: ['x', 'y'] }, { a: 1, b: ['x', 'y'] })).toBeNull();
    expect(differingField({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe('b');
    expect(differingField({ a: 1 }, { a: 1, z: null })).toBe('z');
    // Equal content in another key order, nested too; arrays are ordered; an array is not an object.
    // (Trace fields are flat by type; a foreign trace may still nest, hence the casts.)
    const any = (x: unknown) => x as JsonFields;
    expect(differingField(any({ a: { x: 1, y: [2, 'q'] }, b: 'n' }), any({ b: 'n', a: { y: [2, 'q'], x: 1 } }))).toBeNull();
    expect(differingField({ a: ['x', 'y'] }, { a: ['y', 'x'] })).toBe('a');
    expect(differingField(any({ a: [] }), any({ a: {} }))).toBe('a');
    expect(differingField(any({ a: { x: 1 } }), any({ a: { x: 1, y: 2 } }))).toBe('a');
    expect(differingField({ a: 1, b: 2 }, { a: 1 })).toBe('b');
    expect(differingField({ a: '1' }, { a: 1 })).toBe('a');
    expect(contentDiff(v2, mixed)).toBe('field notes is "first", the winning write b/o1 has "second"');
    expect(contentDiff(v2, { ...v2, deleted: true, fields: {} })).toContain('deleted is true');
  });

  it('convergence flags a replica holding the winning op id with another write\'s field, naming it', () => {
    const found = convergence.check(input(...writes, end(9, { a: [mixed], b: [v2] }, [v1, v2])));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ devices: ['a'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('field notes is "first"');
  });

  it('lww-winner flags the merge that showed mixed content, and the end state', () => {
    const found = lwwWinner.check(input(...writes, merge(3, 'a', 'b/o1', mixed), end(9, { a: [mixed], b: [v2] }, [v1, v2])));
    expect(found.map((v) => v.eventIndex)).toEqual([5, 6]);
    expect(found[0]!.message).toContain('field notes');
    expect(found[1]!.message).toContain('field notes');
  });

  it('passes identical content', () => {
    expect(convergence.check(input(...writes, merge(3, 'a', 'b/o1', v2), end(9, { a: [v2], b: [v2] }, [v1, v2])))).toEqual([]);
    expect(lwwWinner.check(input(...writes, merge(3, 'a', 'b/o1', v2), end(9, { a: [v2], b: [v2] }, [v1, v2])))).toEqual([]);
  });

  it('catches an engine whose per-field store mixes two writes, and the default engine passes', () => {
    const caughtC = firstCaught('convergence', mixedFields);
    const caughtL = firstCaught('lww-winner', mixedFields);
    expect(caughtC?.found.some((v) => /field notes/.test(v.message))).toBe(true);
    expect(caughtL?.found.some((v) => /field notes/.test(v.message))).toBe(true);
    expect(cleanRuns('convergence')).toEqual([]);
    expect(cleanRuns('lww-winner')).toEqual([]);
  });

  it('reviewer scenario mixed-content-conflict: the default engine shows b\'s write field for field; the per-field fixture is caught naming notes', () => {
    const scenario = loadScenario(fileURLToPath(new URL('../../simulations/reviewer/mixed-content-conflict.yaml', import.meta.url)));
    const run = (reconciler?: typeof mixedFields) => runChecked({ options: scenario.options, schedule: scenario.schedule, ...(reconciler ? { reconciler } : {}) });
    expect(run().violations).toEqual([]);
    const caught = run(mixedFields).violations;
    expect(caught.map((v) => v.checker)).toEqual(['convergence', 'lww-winner']);
    for (const v of caught) expect(v.message).toContain('field notes is "Wednesday: worse after sitting all afternoon", the winning write b/o1 has "Wednesday: a heat patch sorted it out"');
  });
});
