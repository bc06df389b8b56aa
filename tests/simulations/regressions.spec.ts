// simulations/regressions/: shrunk schedules that once broke a reconciler. Each must still break the
// engine it was recorded with, with the same trace hash (the simulator has not drifted), and must run
// clean, every checker holding, against the default reconciler.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFile } from '../../src/cli/replay.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { loadProfile } from '../../src/explore/profile.ts';

const dir = 'simulations/regressions';
const files = readdirSync(dir)
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .sort();

describe('regression schedules', () => {
  it('there are some, each small and naming a checker', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    const checkers = new Set(files.map((f) => readReplayFile(join(dir, f)).checker));
    expect(checkers.size).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(readReplayFile(join(dir, f)).shrunkEvents, f).toBeLessThanOrEqual(15);
  });

  it.each(files)('%s still fails the engine it was recorded with, exactly', async (f) => {
    const outcome = await replayFile(join(dir, f));
    expect(outcome.reproduced).toBe(true);
    expect(outcome.hashMatches).toBe(true);
  });

  // What the default profile declares expected for a stamp mode (wall stamps lose causally later writes
  // to clock skew: causal-lww) is no failure of the default reconciler there either.
  const declared = loadProfile('default').expectedFindings;
  it.each(files)('%s runs clean against the default reconciler', async (f) => {
    const outcome = await replayFile(join(dir, f), undefined, 'default');
    expect(outcome.reproduced).toBe(false);
    const mode = readReplayFile(join(dir, f)).options.stampMode;
    const expectedHere = new Set(declared.filter((x) => x.stampMode === mode).map((x) => x.checker));
    expect(outcome.violations.filter((v) => !expectedHere.has(v.checker))).toEqual([]);
  });
});
