/**
 * Trace hashes pinned for a handful of seeds under the default options and fault mixes like the
 * swarm profiles' (written out here, so editing a profile file does not move a pin). Moving code (layout, the World split) must leave every pin as it is; a change that alters
 * the simulator's behaviour on purpose updates the pins in its own commit and says why.
 * `PRINT_PINS=1 npx vitest run tests/sim/trace-hash-pins.spec.ts` prints the current values.
 * Last moved on purpose by issue 11.3: schedule events that cannot take effect are `schedule-skip`
 * trace events, and lifecycle rejections are `lifecycle-reject` events.
 */
import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';

const PINS: Readonly<Record<string, string>> = {
  'run/42': 'b4b857a3c7dc617a813a40ca1cb24060fb7d23f00ac1b4907ba7bf65b2a4875c',
  'run/1001': 'e58bee3f707f19d8057fbe0b19e916d81f4415ccf1988f55dda3b7d7217df718',
  'crashes/42': '75d498bcb8f31d7bca4b293909b6c656db81fce9f86d56ec02c89f1fd867582e',
  'crashes/1001': '92edccf5042b1e084b1ecc7f60b1e175d47e43a3c8900975e3e645e447329298',
  'partitions/42': 'ec7bc3fdfbbb792314631b9f2d9b4d6a93f2a3dcce33e513a529f725efd05230',
  'partitions/1001': '8b9438599ad53c3211108331127d282e0eaaa6ee788b23821b1336cfd5efc8a6',
  'clocks/42': 'f4d12993fa8f11f20579f7f6767d973c8459b4bad3bf7440e5e43b68cf0c588b',
  'clocks/1001': 'b6cafc16794c0b4750dbf2d8604c9509eb952064a1e75d6291a272dd70169a20',
  'tokens/42': '655d7394dd15be30530a46ad9744a08d8b87da59914247f6a63ec288d5b4f960',
  'tokens/1001': '5bd7cc99ebca148574016d75010230c109f0be86283561421f3d04770eaf19c2',
  'network/42': '2411eec5514871248a63c3b97311f7e686239a90a75f774a2e37ed6d3048d556',
  'network/1001': '718870ac1623819a09747be8d8a2808e4c999ffd1af5f86a5b74711f8d3b17ba',
  'everything/42': '305df669dea82d40ac295de6cf921c599c17f78fad8996abc18f436cfec894cc',
  'everything/1001': '7b20dd3315a10261110974563c015e5a36b2f1a83ce841758f7dda35af352b92',
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
