// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.ts';

describe('sync-lab demo', () => {
  it('explains the winner by stamps and rule, records the losing write, and ends with equal replicas', () => {
    const lines = runDemo();
    const text = lines.join('\n');
    expect(text).toMatch(/winner: device b's edit \(pain 3/);
    expect(text).toMatch(/rule lww-hlc/);
    expect(text).toMatch(/device a: a\/r1 winner \S+\.b loser \S+\.a rule lww-hlc outcome remote-won/);
    expect(text).toMatch(/device b: a\/r1 winner \S+\.b loser \S+\.a rule lww-hlc outcome local-kept/);
    expect(text).toMatch(/poll return undefined, undefined/);
    expect(lines.at(-2)).toMatch(/: equal; a shows pain 3, b shows pain 3, pending ops a=0 b=0/);
    expect(text).not.toMatch(/DIFFERENT/);
  });

  it('is deterministic', () => {
    expect(runDemo()).toEqual(runDemo());
  });
});
