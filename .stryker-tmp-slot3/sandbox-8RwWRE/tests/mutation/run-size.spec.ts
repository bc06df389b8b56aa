// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEEDS, runSize } from './run-size.ts';

describe('mutation test run size', () => {
  it('is the fixed seed count by default, so the score does not depend on the machine', () => {
    expect(runSize({})).toEqual({ options: { seeds: DEFAULT_SEEDS }, label: `--seeds ${DEFAULT_SEEDS}` });
  });

  it('takes a seed count or a time budget', () => {
    expect(runSize({ MUTATION_SEEDS: '200' }).options).toEqual({ seeds: 200 });
    expect(runSize({ MUTATION_BUDGET_S: '20' })).toEqual({ options: { timeBudgetS: 20 }, label: '--time-budget-s 20' });
  });

  it('refuses both at once and anything but a whole number, naming the variable', () => {
    expect(() => runSize({ MUTATION_SEEDS: '200', MUTATION_BUDGET_S: '20' })).toThrow(/MUTATION_SEEDS=200 and MUTATION_BUDGET_S=20: expected at most one/);
    for (const bad of ['', '0', '-1', '2.5', '20s', '1e3', '99999999']) {
      expect(() => runSize({ MUTATION_SEEDS: bad })).toThrow(/mutation test: MUTATION_SEEDS=.*expected a whole number/);
      expect(() => runSize({ MUTATION_BUDGET_S: bad })).toThrow(/mutation test: MUTATION_BUDGET_S=.*expected a whole number/);
    }
  });
});
