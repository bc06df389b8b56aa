import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawOptions, loadProfile } from '../../src/explore/profile.ts';
import type { Profile } from '../../src/explore/profile.ts';
import { runExplore } from '../../src/explore/run-explore.ts';
import { runSeed } from '../../src/explore/run-seed.ts';
import { defaultReconciler as DEFAULT_RECONCILER } from '../../src/reconciler/index.ts';

const base = loadProfile('default');
/** The default profile with every seed in wall stamp mode, with or without its declared findings. */
const wallOnly = (declared: boolean): Profile => ({ ...base, name: 'wall-only', ranges: { ...base.ranges, stampMode: ['wall'] }, expectedFindings: declared ? base.expectedFindings : [] });

describe('profile expectedFindings', () => {
  it('the default profile draws wall stamps for some seeds and declares what wall mode shows on purpose, each with why', () => {
    const modes = new Set(Array.from({ length: 40 }, (_, s) => drawOptions(base, s + 1).stampMode));
    expect([...modes].sort()).toEqual(['hlc', 'wall']);
    expect(base.expectedFindings.map((x) => `${x.checker}/${x.stampMode}`)).toEqual(['causal-lww/wall']);
    for (const x of base.expectedFindings) expect(x.why.length).toBeGreaterThan(20);
  });

  it('counts a declared checker\'s violation apart on a seed of that stamp mode, and keeps it a failure otherwise', async () => {
    let seed = 1;
    let bare = await runSeed({ seed, profile: wallOnly(false) }, DEFAULT_RECONCILER);
    while (!bare.violations.some((v) => v.checker === 'causal-lww') && seed < 60) bare = await runSeed({ seed: ++seed, profile: wallOnly(false) }, DEFAULT_RECONCILER);
    expect(bare.violations.map((v) => v.checker)).toContain('causal-lww');
    const declared = await runSeed({ seed, profile: wallOnly(true) }, DEFAULT_RECONCILER);
    expect(declared.violations.map((v) => v.checker)).not.toContain('causal-lww');
    expect(declared.expected['causal-lww']).toBe(1);
    expect(declared.traceHash).toBe(bare.traceHash);
    // Declared for wall mode only: an hlc seed of the same profile is judged as before (and is clean).
    const hlc = await runSeed({ seed, profile: { ...wallOnly(true), ranges: { ...base.ranges, stampMode: ['hlc'] } } }, DEFAULT_RECONCILER);
    expect(hlc.expected).toEqual({});
  });

  it('refuses a profile declaring an unknown checker, naming the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sync-lab-profile-')), 'p.yaml');
    writeFileSync(file, 'name: p\ndescription: x\nexpectedFindings:\n  - checker: causal-lwww\n    stampMode: wall\n    why: typo\n');
    expect(() => loadProfile(file)).toThrow(/p\.yaml: field "expectedFindings\.0\.checker": "causal-lwww" is not a checker id/);
  });

  it('a wall-mode tick that is not the raw clock (a hybrid clock kept in wall mode) fails default exploration on stamp-time', async () => {
    const summary = await runExplore({ seeds: 40, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, reconciler: 'tests/fixtures/broken-reconcilers/wall-mode-keeps-hlc.ts', out: mkdtempSync(join(tmpdir(), 'sync-lab-wall-')), shrink: false, failFast: true, shrinkLimit: 1 });
    expect(summary.failures.map((f) => f.checker)).toContain('stamp-time');
    expect(summary.failures.find((f) => f.checker === 'stamp-time')!.message).toContain('in wall stamp mode');
  });
});
