// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/lab/model-paths/catalogue.ts';

/** Every function inside a machine config (an inline closure would not load in a visual editor). */
function closuresIn(value: unknown, path: string, out: string[]): string[] {
  if (typeof value === 'function') out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => closuresIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) closuresIn(v, `${path}.${k}`, out);
  return out;
}

describe('MODELS', () => {
  it('lists each machine once with an id and a description', () => {
    const ids = MODELS.map((m) => m.id);
    expect(ids).toEqual(['connectivity', 'sync-lifecycle', 'session-token', 'device-process', 'device']);
    for (const m of MODELS) expect(m.description.length).toBeGreaterThan(10);
  });

  it('keeps machine configs pure data: named actions, guards and delays, no inline closures', () => {
    for (const m of MODELS) expect(closuresIn(m.machine.config, m.id, [])).toEqual([]);
  });

  it('gives every state a description (they read as the spec in the editor)', () => {
    for (const m of MODELS) {
      const undocumented: string[] = [];
      const walk = (node: { id: string; description?: string; states: Record<string, unknown> }, depth: number) => {
        if (depth === 1 && !node.description) undocumented.push(node.id);
        for (const child of Object.values(node.states)) walk(child as never, depth + 1);
      };
      walk(m.machine.root as never, 0);
      expect(undocumented, m.id).toEqual([]);
    }
  });
});
