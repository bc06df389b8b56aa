// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultiPatternSearch } from '../../../src/check/_internals/aho-corasick.ts';

/** What the content checker used to do: one alternation, longest first. The reference for small inputs. */
function byRegex(patterns: string[], text: string): { pattern: string; index: number } | undefined {
  const alternatives = [...patterns].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const match = new RegExp(alternatives.join('|')).exec(text);
  return match ? { pattern: match[0], index: match.index } : undefined;
}

function first(patterns: string[], text: string): { pattern: string; index: number } | undefined {
  const match = new MultiPatternSearch(patterns).findFirst(text);
  return match ? { pattern: patterns[match.pattern]!, index: match.index } : undefined;
}

describe('multi-pattern search (Aho–Corasick)', () => {
  it('finds the leftmost match, and the longest of those starting there', () => {
    const patterns = ['he', 'she', 'his', 'hers'];
    expect(first(patterns, 'ushers')).toEqual({ pattern: 'she', index: 1 });
    expect(first(patterns, 'xhersx')).toEqual({ pattern: 'hers', index: 1 });
    expect(first(patterns, 'ahishers')).toEqual({ pattern: 'his', index: 1 });
    expect(first(['abcd', 'bc'], 'xabcd')).toEqual({ pattern: 'abcd', index: 1 });
    expect(first(['abcd', 'bc'], 'xabce')).toEqual({ pattern: 'bc', index: 2 });
    expect(first(patterns, 'nothing here? no: "h-e"')).toEqual({ pattern: 'he', index: 8 });
    expect(first(patterns, 'xyz')).toBeUndefined();
    expect(first(patterns, '')).toBeUndefined();
  });

  it('takes every character literally, including regex syntax, quotes, backslashes and surrogate pairs', () => {
    expect(first(['pain (left) [x]+*?', '\\"hurts\\"'], 'a: \\"hurts\\" b')).toEqual({ pattern: '\\"hurts\\"', index: 3 });
    expect(first(['pain (left) [x]+*?'], 'pain left x')).toBeUndefined();
    expect(first(['🦵 knee', 'é'], 'the 🦵 knee')).toEqual({ pattern: '🦵 knee', index: 4 });
  });

  it('agrees with a regex alternation of the same patterns on random inputs (small alphabet with non-ASCII units, many overlaps)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '"', '\\', 'é', '\uD83E'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '"', '\\', 'x', 'é', '\uD83E'), maxLength: 60 }), (patterns, text) => {
        expect(first(patterns, text)).toEqual(byRegex(patterns, text));
      }),
      { numRuns: 1000, seed: 9 },
    );
  });

  it('refuses an empty pattern (it would match everywhere)', () => {
    expect(() => new MultiPatternSearch(['ok', ''])).toThrow(/empty pattern/);
  });

  it('takes at most two steps per character scanned, so 8 MB costs 8 times what 1 MB costs (a work counter, not a clock)', () => {
    // The worst case for naive search: a long pattern that almost matches everywhere.
    const patterns = [`${'a'.repeat(5_000)}b`, 'aab', `${'ab'.repeat(300)}c`];
    const stepsFor = (megabytes: number): number => {
      const search = new MultiPatternSearch(patterns);
      const text = 'a'.repeat(megabytes * 1_000_000);
      expect(search.findFirst(text)).toBeUndefined();
      expect(search.steps).toBeLessThanOrEqual(2 * text.length);
      return search.steps;
    };
    const one = stepsFor(1);
    const eight = stepsFor(8);
    expect(one).toBeGreaterThanOrEqual(1_000_000);
    expect(eight / one).toBeGreaterThan(7.9);
    expect(eight / one).toBeLessThan(8.1);
  });

  it('stops scanning once no earlier match can still end', () => {
    const search = new MultiPatternSearch(['needle', 'needles']);
    const text = `xx needles ${'y'.repeat(1_000_000)}`;
    expect(search.findFirst(text)).toEqual({ pattern: 1, index: 3 });
    expect(search.steps).toBeLessThan(40);
  });
});
