// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, MODES, OUTCOME_TEXT, PARITY_MATRIX, cellId, findCell } from '../../src/spec/matrix.ts';

describe('parity matrix', () => {
  it('has 9 capabilities × 3 modes = 27 distinct cells', () => {
    expect(CAPABILITIES).toHaveLength(9);
    expect(MODES).toEqual(['offline', 'intermittent', 'online']);
    expect(PARITY_MATRIX).toHaveLength(27);
    expect(new Set(PARITY_MATRIX.map(cellId)).size).toBe(27);
  });

  it('states the spec outcomes: essential capabilities everywhere, remote ones gated by the network', () => {
    const row = (capability: string) => MODES.map((mode) => OUTCOME_TEXT[findCell(`${capability}/${mode}`)!.expected]);
    for (const capability of ['create', 'read', 'edit', 'delete', 'restart', 'expired-token']) {
      expect(row(capability)).toEqual(['Available', 'Available', 'Available']);
    }
    expect(row('backup')).toEqual(['Unavailable until network returns', 'May remain pending or retry', 'Available']);
    expect(row('propagation')).toEqual(['Unavailable until network returns', 'Deferred until stable connectivity', 'Available']);
    expect(row('admin')).toEqual(['Unavailable until network returns', 'May fail or retry', 'Available']);
  });

  it('marks exactly the six essential capabilities and gives each row an exposure note', () => {
    expect(CAPABILITIES.filter((c) => c.essential).map((c) => c.capability)).toEqual(['create', 'read', 'edit', 'delete', 'restart', 'expired-token']);
    for (const c of CAPABILITIES) expect(c.exposureNote.length).toBeGreaterThan(10);
  });

  it('finds no cell for an unknown id', () => {
    expect(findCell('teleport/offline')).toBeUndefined();
  });
});
