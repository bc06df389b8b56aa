import { describe, expect, it } from 'vitest';
import broken from '../fixtures/broken-reconcilers/user-agent-header.ts';
import { simulateChecked } from '../check/_internals/build.ts';

describe('runChecked', () => {
  it('returns the simulation, its violations and a summary that agree', () => {
    const run = simulateChecked(3);
    expect(run.violations).toEqual([]);
    expect(run.summary).toMatchObject({ seed: 3, traceHash: run.traceHash, events: run.trace.length, simulatedMs: run.simulatedMs, converged: true, violations: [] });
  });
  it('reports the broken reconciler violations in the summary', () => {
    const run = simulateChecked(3, broken);
    expect(run.summary.violations.map((v) => v.checker)).toContain('exposure-metadata');
    expect(run.summary.violations).toBe(run.violations);
  });
});
