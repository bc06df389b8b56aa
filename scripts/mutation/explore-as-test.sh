#!/bin/sh
# Stryker's command runner calls this in its sandbox: exploration alone is the test. Exit 0 = no
# violation (the mutant survives); exit 1 = a violation found (killed); exit 2/3 = refused input or a
# crash of the lab (also killed: the mutant broke something observable). Budget and profile come from
# MUTATION_BUDGET_S (default 20) and MUTATION_PROFILE (default: the default profile).
out=$(mktemp -d) && rmdir "$out" || exit 3
npx tsx src/cli/main.ts explore --fail-fast --no-shrink --workers 1 --json \
  --time-budget-s "${MUTATION_BUDGET_S:-20}" --profile "${MUTATION_PROFILE:-default}" --out "$out" >/dev/null 2>&1
code=$?
rm -rf "$out"
exit $code
