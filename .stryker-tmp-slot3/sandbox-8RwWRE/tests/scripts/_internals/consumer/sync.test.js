// @ts-nocheck
// A consumer's own vitest file, as the README shows it: matchers, arbitraries, a replay file on failure.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { runChecked } from 'sync-lab';
import { syncLabArbitraries } from 'sync-lab/arbitraries';
import { attachReplay } from 'sync-lab/vitest';
import engine from './engine.js';

test('the engine converges and holds every property', async ({ annotate }) => {
  const run = runChecked({ options: { seed: 7 }, reconciler: engine });
  await attachReplay(run, { annotate });
  expect(run).toConverge();
  expect(run).toHaveNoViolations();
  expect(run).toHoldProperty('durability');
});

test('drawn schedules hold every property', () => {
  fc.assert(fc.property(syncLabArbitraries.schedule({ devices: 2 }), (s) => runChecked({ schedule: s, reconciler: engine }).violations.length === 0), { numRuns: 5 });
});

test('a failing run names the violation and the replay command', () => {
  const run = runChecked({ options: { seed: 7 }, reconciler: engine });
  const broken = { ...run, violations: [{ checker: 'durability', message: 'lost a saved write', eventIndex: 3, t: 10, devices: [], records: [] }] };
  expect(() => expect(broken).toHaveNoViolations()).toThrow(/durability at event 3 .*lost a saved write[\s\S]*npx sync-lab replay/);
});
