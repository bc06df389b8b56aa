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
  'run/42': '547bc220bfbf5ea722e2a9a39b14b6070b84c4b5b47563606d7157232a4c3ae2',
  'run/1001': '2027378945fe4c80036b5e74ae6672e88c30dfb6871f07c94c0096257d16b040',
  'crashes/42': '61122dd48b2af8c7035a7bc5a47aae5b4324764418bbf17dbd6c96c80f178426',
  'crashes/1001': '1d404562aa41cafd439fc0b7c69ec9cadccb24f62a9d313a809e8a9058446e1b',
  'partitions/42': '44d2f5d06718911d00ca3b2fb1d6abfa4f243929087808528355a45e95f51093',
  'partitions/1001': '62705a3229d69b1ddbfe63355fbaac5a5fdec720058f3ad2a977eb3448707a29',
  'clocks/42': '0f36ca3c9934c5530ef87b079d3aae1c4eb03a45a13d4cdca300cff5e4b16d1d',
  'clocks/1001': 'eaf8bba7045adb8293837f05c111a8c76a42b3ce39b36f7e94318e7f742b3f07',
  'tokens/42': '46376309cc343b0f17e8e57d86be2f8d2737801fa211d0f1ed45ecf2e41e92f0',
  'tokens/1001': '54bbbcdd77ff4e3d92a6277b9cb6755aa579dd9ca237198f2fcf982dd30ebbd2',
  'network/42': '6884f06d35404feb767a336f13f320c52d2fa23acf7661bebb303315ff623b12',
  'network/1001': '70ee5d1673cddd086522ed51988de048d565cf93da8bd1367067da38bba5cb37',
  'everything/42': '7d88f5a2b3c217485538d695922cbecbaa9c200a605522ae777920034864d653',
  'everything/1001': '10abc232b9123dedf65b4f1d27dfbf671ed0bad83ef2ef385365a8e94a9423a0',
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
