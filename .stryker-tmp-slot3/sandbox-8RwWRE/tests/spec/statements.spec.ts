// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../src/check/index.ts';
import { STATEMENTS, describeRef, refKey } from '../../src/spec/statements.ts';

describe('spec statements', () => {
  it('gives every normative statement a unique id and at least one piece of evidence', () => {
    const ids = STATEMENTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of STATEMENTS) expect(s.evidence.length, s.id).toBeGreaterThan(0);
    expect(ids).toEqual(
      expect.arrayContaining(['SYNC-1', 'SYNC-5', 'MATRIX', 'OFF-1', 'OFF-3', 'INT-1', 'INT-3', 'ON-1', 'ON-3', 'CONF-1', 'CONF-4', 'EXP-1', 'EXP-3', 'FAIL-1', 'FAIL-3', 'NORM-019', 'NORM-021', 'REV-1', 'REV-5']),
    );
  });

  it('names only registered checkers', () => {
    const known = new Set(CHECKERS.map((c) => c.id));
    for (const s of STATEMENTS) for (const ref of s.evidence) if (ref.kind === 'checker') expect(known.has(ref.checker), `${s.id}: ${ref.checker}`).toBe(true);
  });

  it('describes and keys evidence readably', () => {
    expect(describeRef({ kind: 'cells' })).toBe('parity cells (all 27)');
    expect(describeRef({ kind: 'cells', essential: true, modes: ['offline'] })).toBe('parity cells (essential in offline)');
    expect(refKey({ kind: 'checker', checker: 'non-blocking' })).toBe('checker:non-blocking');
    expect(refKey({ kind: 'scenarios', workflow: 'clock-skew' })).toBe('scenarios:clock-skew@*');
  });
});
