// How a survivor reason is matched to a mutant: file, line range, and optionally mutator, replacement
// substring and start-column range (mutants alike in all but their column can carry different verdicts).
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../../scripts/mutation/reasons.ts';
import type { Mutant, Reason } from '../../../scripts/mutation/reasons.ts';

const mutant = (line: number, column: number, mutatorName = 'StringLiteral', replacement = '""'): Mutant => ({ mutatorName, replacement, status: 'Survived', location: { start: { line, column } } });

describe('reasonOf', () => {
  const reasons: Reason[] = [
    { file: 'src/x.ts', lines: [37, 37], mutator: 'StringLiteral', columns: [30, 60], verdict: 'equivalent', why: 'first strings' },
    { file: 'src/x.ts', lines: [37, 37], mutator: 'StringLiteral', verdict: 'gap', why: 'the rest of the line' },
    { file: 'src/x.ts', lines: [40, 42], replacement: 'true', verdict: 'masked', why: 'forced true' },
  ];

  it('matches a column range only within it, falling through to the next reason', () => {
    expect(reasonOf(reasons, 'src/x.ts', mutant(37, 30))?.why).toBe('first strings');
    expect(reasonOf(reasons, 'src/x.ts', mutant(37, 60))?.why).toBe('first strings');
    expect(reasonOf(reasons, 'src/x.ts', mutant(37, 61))?.why).toBe('the rest of the line');
    expect(reasonOf(reasons, 'src/x.ts', mutant(37, 29))?.why).toBe('the rest of the line');
  });

  it('matches line range, mutator and replacement substring; nothing for another file or line', () => {
    expect(reasonOf(reasons, 'src/x.ts', mutant(41, 5, 'ConditionalExpression', 'true'))?.why).toBe('forced true');
    expect(reasonOf(reasons, 'src/x.ts', mutant(41, 5, 'ConditionalExpression', 'false'))).toBeUndefined();
    expect(reasonOf(reasons, 'src/y.ts', mutant(37, 40))).toBeUndefined();
    expect(reasonOf(reasons, 'src/x.ts', mutant(38, 40))).toBeUndefined();
  });
});
