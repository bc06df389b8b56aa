/**
 * Trace hashes pinned for a handful of seeds under the default options and fault mixes like the
 * swarm profiles' (written out here, so editing a profile file does not move a pin). Moving code (layout, the World split) must leave every pin as it is; a change that alters
 * the simulator's behaviour on purpose updates the pins in its own commit and says why.
 * `PRINT_PINS=1 npx vitest run tests/sim/trace-hash-pins.spec.ts` prints the current values.
 * Last moved on purpose by the split into one random stream per fault kind.
 */
import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';

const PINS: Readonly<Record<string, string>> = {
  'run/42': '9aeee6a951b2ed4d4f8b4f0a3c0d5be003d3292de2ce7aff1c0db60953cf2e20',
  'run/1001': 'cfcb2fcb385b4519331b5262c854d363aee7ed2788b6f32505434a73e489a4a4',
  'crashes/42': '4f152eb92024f82f3e979761c8a9049a84a0a78ddc9f25f4c29df8aece7f9189',
  'crashes/1001': 'c2f88ba3856711fe21ee9127fda04e433d18aefdcd9059f43b78aa577320a38a',
  'partitions/42': '89be08edc9081be46d0316ec5fb26e977baf518d42af502602f689cfb69b7a85',
  'partitions/1001': 'b475c3dee4726c4c0ee8917f07994c37439dd749f9101164ae19c63ed5efadaf',
  'clocks/42': '88a3cf59e7dfcfff657055ee1a6abdde00673bb371456585585b911baf1b3417',
  'clocks/1001': '78fe3afdd47ed2b3967de2f795612705a12d5eeb356919df403729a0bf1ea7d1',
  'tokens/42': '0e8abc83634392acd17a8d286435beffd1012b15d4fa2ad92d3ebc1b77f9598d',
  'tokens/1001': '4ace750ab71071d1b725594594799db1f32c423a1df03981f8b2d6847e1ebe3e',
  'network/42': '095649391b7832bce78593a39a62126c4ef4c3a88e3a72843675ac89400b3b5e',
  'network/1001': 'a75e0216e053d96aa0c3248c443bddd96396c493fcb42c1c2ab64d9af9c3900c',
  'everything/42': '255f050e9a2984fc471d70f62b73308c15a4193d1aaffa7024bf1f01ffa0e27d',
  'everything/1001': 'e38fb4d444419bdd60e66dcfd094464d6ae2a64be851d2abe76d2bce03b55f07',
};

const short = { durationMs: 10_000, quiescenceMs: 60_000, clockSampleMs: 0 };
const MIXES: Readonly<Record<string, Record<string, unknown>>> = {
  // `npx sync-lab run --seed N`: the built-in defaults.
  run: {},
  crashes: { ...short, devices: 3, opsPerMinute: 180, crashesPerHour: 2_400, restartDelayMs: 1_500 },
  partitions: { ...short, devices: 4, partitionsPerHour: 1_200, partitionDurationMs: 3_000, serverOutagesPerHour: 360 },
  clocks: { ...short, devices: 3, clockOffsetMaxMs: 20_000, driftPpmMax: 1_500, clockJumpsPerHour: 1_200, clockJumpMaxMs: 30_000 },
  tokens: { ...short, devices: 2, tokenExpiriesPerHour: 1_500, tokenRenewDelayMs: 3_000 },
  network: { ...short, devices: 3, lossPercent: 20, duplicatePercent: 10, reorderPercent: 20, oneWayFailurePercent: 10, latencyMaxMs: 800 },
  everything: {
    ...short,
    devices: 4,
    lossPercent: 10,
    duplicatePercent: 5,
    reorderPercent: 10,
    oneWayFailurePercent: 5,
    crashesPerHour: 900,
    partitionsPerHour: 900,
    serverOutagesPerHour: 360,
    tokenExpiriesPerHour: 900,
    clockJumpsPerHour: 900,
    backupsPerHour: 360,
    modeChangesPerHour: 900,
    intermittentPercent: 30,
  },
};

function hashOf(key: string): string {
  const [mix, seedText] = key.split('/') as [string, string];
  return simulate({ options: resolveSimOptions({ ...MIXES[mix], seed: Number(seedText) }, `pin ${key}`) }).traceHash;
}

const KEYS = Object.keys(MIXES).flatMap((mix) => [`${mix}/42`, `${mix}/1001`]);

describe('trace hash pins', () => {
  it('pins every key', () => {
    if (process.env['PRINT_PINS']) console.log(KEYS.map((k) => `  '${k}': '${hashOf(k)}',`).join('\n'));
    expect(Object.keys(PINS).sort()).toEqual([...KEYS].sort());
  });
  it.each(KEYS)('%s keeps its trace hash', (key) => {
    expect(hashOf(key)).toBe(PINS[key]);
  });
});
