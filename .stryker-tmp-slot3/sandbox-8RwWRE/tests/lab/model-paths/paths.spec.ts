// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../../src/lab/model-paths/coverage.ts';
import { MODELS } from '../../../src/lab/model-paths/catalogue.ts';
import { eventLabel, generatePaths } from '../../../src/lab/model-paths/paths.ts';

describe('generatePaths', () => {
  it.each(MODELS.map((m) => [m.id, m] as const))('covers every state and transition of %s with distinct paths', (_id, model) => {
    const paths = generatePaths(model.id, model.machine, model.traversal);
    const coverage = coverageOf(model.machine, paths);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
    expect(coverage.states.covered).toBe(coverage.states.total);
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
    const keys = paths.map((p) => p.labels.join(' '));
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of paths) {
      expect(p.steps.length).toBeGreaterThan(0);
      expect(p.start.value).toEqual(model.machine.getInitialSnapshot(undefined as never).value);
    }
  });

  it('gives the same paths, ids and labels on every call', () => {
    for (const model of MODELS) {
      const a = generatePaths(model.id, model.machine, model.traversal).map((p) => [p.id, ...p.labels]);
      const b = generatePaths(model.id, model.machine, model.traversal).map((p) => [p.id, ...p.labels]);
      expect(a).toEqual(b);
    }
  });

  it('keeps path sets modest', () => {
    const total = MODELS.reduce((n, m) => n + generatePaths(m.id, m.machine, m.traversal).length, 0);
    expect(total).toBeLessThan(200);
  });

  it('labels parameterised and delayed events', () => {
    expect(eventLabel({ type: 'CRASH', point: 'now' } as never)).toBe('CRASH(now)');
    expect(eventLabel({ type: 'ACK', more: false } as never)).toBe('ACK(false)');
    expect(eventLabel({ type: 'xstate.after.pullInterval.sync.idle' })).toBe('after(pullInterval)');
  });
});
