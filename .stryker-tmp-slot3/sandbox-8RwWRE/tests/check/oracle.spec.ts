// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { oracleState, oracleVersions } from '../../src/check/oracle.ts';
import { simulateChecked, stamp, trace, version, write } from './_internals/build.ts';

describe('oracle', () => {
  it('keeps, per record, the committed write with the greatest stamp (tombstones too), ignoring refused writes', () => {
    const a1 = version('a/r1', 'a/o1', stamp(10, 'a'));
    const b1 = version('a/r1', 'b/o1', stamp(10, 'b'));
    const tomb = version('b/r1', 'b/o2', stamp(5, 'b'), {}, true);
    const t = trace(...write(1, 'b', b1), ...write(2, 'a', a1), ...write(3, 'b', tomb, 'delete'), { t: 4, kind: 'local-write', device: 'a', op: 'edit', recordId: 'a/r1', ok: false, wallMs: 99 });
    expect(oracleState(t).get('a/r1')?.opId).toBe('b/o1');
    expect(oracleVersions(t).map((v) => v.opId)).toEqual(['b/o1', 'b/o2']);
  });
  it('agrees with every replica of a converged correct run', () => {
    const run = simulateChecked(42);
    const end = run.trace[run.trace.length - 1]!;
    expect(end.kind).toBe('run-end');
    if (end.kind !== 'run-end') return;
    const expected = oracleVersions(run.trace).map((v) => v.opId);
    for (const versions of Object.values(end.replicas)) expect(versions.map((v) => v.opId)).toEqual(expected);
  });
});
