// @ts-nocheck
import { describe, expect, it } from 'vitest';
import broken from '../fixtures/broken-reconcilers/user-agent-header.ts';
import { simulateChecked } from '../check/_internals/build.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import type { Schedule } from '../../src/sim/schedule.ts';

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
  it('syncs a journal entry with a 1,000,000-character note like any other (a long note is normal user data)', () => {
    const notes = 'x'.repeat(1_000_000);
    const schedule: Schedule = {
      devices: ['a', 'b'],
      initialModes: { a: 'online', b: 'online' },
      clocks: { a: { offsetMs: 0, driftPpm: 0 }, b: { offsetMs: 0, driftPpm: 0 } },
      events: [{ atMs: 100, device: 'a', action: 'create', ref: 'r1', fields: { date: '2026-09-25', painLevel: 3, locations: [], medications: [], notes } }],
    };
    const run = runChecked({ options: resolveSimOptions({ seed: 1, devices: 2, durationMs: 10_000, quiescenceMs: 60_000 }, 'test'), schedule });
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });
});
