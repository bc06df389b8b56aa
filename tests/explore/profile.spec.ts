import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProfiles, drawOptions, loadProfile, variantOf } from '../../src/explore/profile.ts';
import { cli } from '../cli/_internals/cli.ts';

describe('swarm profiles', () => {
  it('ships the documented profiles, all valid', () => {
    expect(builtInProfiles()).toEqual(['all', 'clock-skew', 'crashes', 'default', 'flaky-network', 'partitions', 'ties', 'token-expiry']);
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

  it('refuses at load any range that some seed could draw into invalid options, naming the field and the corner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-profile-'));
    const file = join(dir, 'p.yaml');
    const load = (body: string) => {
      writeFileSync(file, `name: p\ndescription: x\n${body}`);
      return () => loadProfile(file);
    };
    // flaky-network as it shipped: 30% offline by default + up to 80% intermittent.
    expect(load('ranges:\n  intermittentPercent: [30, 80]\n')).toThrow(/p\.yaml: field "ranges\.intermittentPercent": a seed can draw invalid options \(at intermittentPercent = 80\): offlinePercent \+ intermittentPercent must be <= 100/);
    expect(load('base:\n  offlinePercent: 20\nranges:\n  intermittentPercent: [30, 80]\n')).not.toThrow();
    // Only the corner where both ranges are high is invalid; seed 0 alone would not find it.
    expect(load('ranges:\n  offlinePercent: [0, 60]\n  intermittentPercent: [0, 60]\n')).toThrow(/field "ranges\.intermittentPercent": a seed can draw invalid options \(at offlinePercent = 60, intermittentPercent = 60\)/);
    expect(load('ranges:\n  latencyMaxMs: [50, 1500]\n  requestTimeoutMs: [2500, 8000]\n')).toThrow(/field "ranges\.requestTimeoutMs": a seed can draw invalid options \(at latencyMaxMs = 1500, requestTimeoutMs = 2500\): must exceed a worst-case round trip/);
    expect(load('base:\n  latencyMinMs: 100\nranges:\n  latencyMaxMs: [50, 500]\n  requestTimeoutMs: [2500, 8000]\n')).toThrow(/field "ranges\.latencyMaxMs": .*must be >= latencyMinMs/);
    expect(load('base:\n  latencyMinMs: 100\n  latencyMaxMs: 50\n')).toThrow(/field "base\.latencyMaxMs": invalid options: must be >= latencyMinMs/);
    // A range end or a choice that is not a valid value on its own.
    expect(load('ranges:\n  lossPercent: [0, 140]\n')).toThrow(/field "ranges\.lossPercent\.1": 140 can be drawn but is not a valid lossPercent: Too big/);
    expect(load('ranges:\n  devices: [1.5, 3.5]\n')).toThrow(/field "ranges\.devices\.0": 1\.5 can be drawn but is not a valid devices/);
    expect(load('ranges:\n  stampMode: [hlc, lamport]\n')).toThrow(/field "ranges\.stampMode\.1": "lamport" can be drawn/);
    // Names that would be ignored or overridden without a word.
    expect(load('base:\n  seed: 4\n')).toThrow(/field "base\.seed": the seed is set per run by explore/);
    expect(load('base:\n  lossPercent: 3\nranges:\n  lossPercent: [0, 5]\n')).toThrow(/field "ranges\.lossPercent": also fixed in base/);
    expect(load('base:\n  lossPercent: "3"\n')).toThrow(/field "base\.lossPercent": Invalid input: expected number/);
    writeFileSync(file, 'name: ../../etc\ndescription: x\n');
    expect(() => loadProfile(file)).toThrow(/field "name": lower-case letters, digits and dashes/);
  });

  it('runs a variant\'s fixed knobs for its share of the seeds, and every other knob as any seed draws it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-profile-'));
    const file = join(dir, 'v.yaml');
    const body = 'name: v\ndescription: x\nranges:\n  lossPercent: [0, 30]\n  crashesPerHour: [0, 300]\n';
    writeFileSync(file, body);
    const plain = loadProfile(file);
    writeFileSync(file, `${body}variants:\n  - name: quiet\n    percent: 40\n    why: a quiet network\n    base:\n      lossPercent: 0\n      offlinePercent: 0\n`);
    const varied = loadProfile(file);
    let inVariant = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const a = drawOptions(plain, seed);
      const b = drawOptions(varied, seed);
      // A knob the variant leaves alone draws the very same value in every seed.
      expect(b.crashesPerHour).toBe(a.crashesPerHour);
      if (variantOf(varied, seed)) {
        inVariant++;
        expect(b).toMatchObject({ lossPercent: 0, offlinePercent: 0 });
      } else expect(b).toEqual(a);
    }
    expect(inVariant).toBeGreaterThan(60);
    expect(inVariant).toBeLessThan(100);
  });

  it('refuses variants that add up to more than every seed, share a name, fix the stamp mode, or draw invalid options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-profile-'));
    const file = join(dir, 'v.yaml');
    const load = (variants: string) => {
      writeFileSync(file, `name: v\ndescription: x\nranges:\n  intermittentPercent: [0, 50]\nvariants:\n${variants}`);
      return () => loadProfile(file);
    };
    const variant = (name: string, percent: number, base: string) => `  - name: ${name}\n    percent: ${percent}\n    why: because\n    base:\n${base}`;
    expect(load(variant('a', 60, '      lossPercent: 0\n') + variant('b', 50, '      lossPercent: 1\n'))).toThrow(/field "variants\.1\.percent": the variants' shares add up to 110% of the seeds; expected at most 100/);
    expect(load(variant('a', 10, '      lossPercent: 0\n') + variant('a', 10, '      lossPercent: 1\n'))).toThrow(/field "variants\.1\.name": "a" names an earlier variant too/);
    expect(load(variant('a', 10, '      stampMode: wall\n'))).toThrow(/field "variants\.0\.base\.stampMode": a variant may not fix the stamp mode/);
    expect(load(variant('a', 10, '      lossPerCent: 0\n'))).toThrow(/field "base\.lossPerCent" \(for the seeds of variant a, variants\.0, whose base values stand in for the profile's\): unknown option/);
    // With the profile's intermittent range, a variant's offline share can break offline + intermittent <= 100 at a corner.
    expect(load(variant('a', 10, '      offlinePercent: 60\n'))).toThrow(/\(for the seeds of variant a, variants\.0, .*\): a seed can draw invalid options \(at intermittentPercent = 50\): offlinePercent \+ intermittentPercent must be <= 100/);
    expect(load(variant('a', 10, '      offlinePercent: 50\n'))).not.toThrow();
  });

  it('every draw of every shipped profile is valid options (a sample of seeds, beyond the corners)', () => {
    for (const name of builtInProfiles()) {
      const profile = loadProfile(name);
      for (let seed = 0; seed < 200; seed++) expect(() => drawOptions(profile, seed), `${name} seed ${seed}`).not.toThrow();
    }
  });
});

describe('explore --profile errors (real CLI)', () => {
  it('a profile that could draw invalid options is a clean exit 2 on the main thread, also with --json and several workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-profile-cli-'));
    const file = join(dir, 'old-flaky.yaml');
    writeFileSync(file, 'name: old-flaky\ndescription: flaky-network as it shipped\nbase: { durationMs: 2000, quiescenceMs: 20000 }\nranges:\n  intermittentPercent: [30, 80]\n');
    const result = cli(['explore', '--profile', file, '--seeds', '40', '--workers', '2', '--json', '--out', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`sync-lab: ${file}: field "ranges.intermittentPercent": a seed can draw invalid options (at intermittentPercent = 80): offlinePercent + intermittentPercent must be <= 100; narrow the ranges or change base\n`);
  }, 60_000);
});

