// @ts-nocheck
// A TypeScript engine: loaded by the compiled CLI through tsx on demand, and type-checked against the shipped declarations.
import { defaultReconciler, runChecked } from 'sync-lab';
import type { CheckedRun, ReconcilerModule } from 'sync-lab';
import { syncLabArbitraries } from 'sync-lab/arbitraries';
import { expect } from 'vitest';
import 'sync-lab/vitest';

const engine: ReconcilerModule = { name: 'ts-engine', create: (o) => defaultReconciler.create(o), restore: (s, o, now) => defaultReconciler.restore(s, o, now) };
export default engine;

export function typed(): CheckedRun {
  const run = runChecked({ options: { seed: 1 }, reconciler: engine });
  expect(run).toHoldProperty('durability');
  void syncLabArbitraries.schedule({ devices: 2 });
  return run;
}
