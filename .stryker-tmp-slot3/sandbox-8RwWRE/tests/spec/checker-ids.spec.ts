// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { CHECKER_IDS, isCheckerId } from '../../src/spec/checker-ids.ts';

describe('CHECKER_IDS', () => {
  it('lists each property once, in kebab case', () => {
    expect(new Set(CHECKER_IDS).size).toBe(CHECKER_IDS.length);
    for (const id of CHECKER_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
  it('tells a checker id from any other name', () => {
    expect(isCheckerId('durability')).toBe(true);
    expect(isCheckerId('determinism')).toBe(false);
    expect(isCheckerId('Durability')).toBe(false);
  });
});
