/**
 * Loads each module spec given on the command line with the reconciler loader, in a plain Node
 * process under tsx (as the CLI runs from sources, not under vitest's own module transforms), and
 * prints one JSON list: the module's name or the refusal's message per spec.
 */
// @ts-nocheck

import { loadReconciler } from '../../../src/io/reconciler-loader.ts';

const results: ({ spec: string; name: string } | { spec: string; error: string })[] = [];
for (const spec of process.argv.slice(2)) {
  try {
    results.push({ spec, name: (await loadReconciler(spec)).name });
  } catch (error) {
    results.push({ spec, error: error instanceof Error ? error.message : String(error) });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
