/**
 * How big the mutation test's exploration is, from the environment: MUTATION_SEEDS (a whole number of
 * seeds) or MUTATION_BUDGET_S (whole seconds), not both; neither means DEFAULT_SEEDS. Anything else
 * is refused with the variable, the value and what was expected (never defaulted quietly).
 */
// @ts-nocheck


/**
 * The issue's `--time-budget-s 20` as a seed count, so the score does not move with the machine's load
 * or with Stryker's instrumentation overhead: `explore --time-budget-s 20 --workers 1` on the default
 * profile reached 1,041 seeds on this shared 2-core machine (load 11) when the full run was made; a
 * quiet core reaches about 2,400 (2,000 seeds took 16 s of CPU). Fewer seeds than the budget can
 * reach, so a mutant killed here is killed by the budgeted run too: the score is a lower bound.
 */
export const DEFAULT_SEEDS = 1000;

export interface RunSize {
  options: { seeds: number } | { timeBudgetS: number };
  label: string;
}

export function runSize(env: Readonly<Record<string, string | undefined>>): RunSize {
  const seeds = env['MUTATION_SEEDS'];
  const budget = env['MUTATION_BUDGET_S'];
  if (seeds !== undefined && budget !== undefined) throw new Error(`mutation test: MUTATION_SEEDS=${seeds} and MUTATION_BUDGET_S=${budget}: expected at most one of them`);
  if (budget !== undefined) {
    const timeBudgetS = wholeNumber('MUTATION_BUDGET_S', budget);
    return { options: { timeBudgetS }, label: `--time-budget-s ${timeBudgetS}` };
  }
  const n = seeds === undefined ? DEFAULT_SEEDS : wholeNumber('MUTATION_SEEDS', seeds);
  return { options: { seeds: n }, label: `--seeds ${n}` };
}

function wholeNumber(name: string, value: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(value)) throw new Error(`mutation test: ${name}=${JSON.stringify(value)}: expected a whole number from 1 to 9999999`);
  return Number(value);
}
