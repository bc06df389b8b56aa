import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProfiles, drawOptions, loadProfile } from '../../src/explore/profile.ts';

describe('swarm profiles', () => {
  it('ships the documented profiles, all valid', () => {
    expect(builtInProfiles()).toEqual(['all', 'clock-skew', 'crashes', 'default', 'flaky-network', 'partitions', 'token-expiry']);
    for (const name of builtInProfiles()) expect(loadProfile(name).name).toBe(name);
  });

  it('draws a different fault mix per seed, as a pure function of (profile, seed), within the ranges', () => {
    const profile = loadProfile('all');
    expect(drawOptions(profile, 7)).toEqual(drawOptions(profile, 7));
    const mixes = new Set(Array.from({ length: 20 }, (_, s) => JSON.stringify({ ...drawOptions(profile, s), seed: 0 })));
    expect(mixes.size).toBe(20);
    for (let s = 0; s < 50; s++) {
      const o = drawOptions(profile, s);
      expect(o.lossPercent).toBeGreaterThanOrEqual(0);
      expect(o.lossPercent).toBeLessThanOrEqual(30);
      expect(o.devices).toBeGreaterThanOrEqual(2);
      expect(o.devices).toBeLessThanOrEqual(5);
    }
  });

  it('rejects a profile with an unknown option, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-profile-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ndescription: x\nranges:\n  lossPerCent: [0, 5]\n');
    expect(() => loadProfile(file)).toThrow(/bad\.yaml.*field "ranges\.lossPerCent": unknown option/);
    writeFileSync(file, 'name: bad\ndescription: x\nranges:\n  lossPercent: [9, 5]\n');
    expect(() => loadProfile(file)).toThrow(/field "ranges.lossPercent"/);
    expect(() => loadProfile('no-such-profile')).toThrow(/neither a file nor a built-in profile/);
  });
});
