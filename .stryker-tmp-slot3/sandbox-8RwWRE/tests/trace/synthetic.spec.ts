// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { parseTraceText } from '../../src/trace/parse.ts';
import { syntheticTrace } from '../../src/trace/synthetic.ts';
import { buildModel } from '../../visualizer/src/model/model.ts';
import { toJsonLines } from '../fixtures/traces/build.ts';

describe('synthetic traces (canvas path and benchmark input)', () => {
  it('are deterministic, about the size asked for, and pass the same checks as real traces', () => {
    const a = syntheticTrace({ events: 20_000, seed: 3 });
    expect(syntheticTrace({ events: 20_000, seed: 3 })).toEqual(a);
    expect(Math.abs(a.length - 20_000)).toBeLessThan(10);
    const loaded = parseTraceText(toJsonLines(a), 'synthetic');
    expect(loaded.events).toHaveLength(a.length);
    const m = buildModel(loaded);
    expect(m.lanes.devices).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(m.arrows.counts.sent).toBe(a.filter((e) => e.kind === 'msg-send').length);
    expect(m.arrows.counts.dropped).toBeGreaterThan(0);
    expect(m.conflicts.length).toBe(a.filter((e) => e.kind === 'conflict').length);
  });
});
