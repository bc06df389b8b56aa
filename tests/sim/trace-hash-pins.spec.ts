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
  'run/42': 'cd2c23d88405d9e71e1c4ac08ae7448cdc131e5a635013c78fd92e288080b651',
  'run/1001': 'cfe6c83c988be03e8cc5e4d3918f5c7c9dae965328c73b446aeb6cfe804ce57d',
  'crashes/42': '25dbc29b5e40036a7d19905212a7ceaa04976c49e70b5e36cb890eaa52dada1a',
  'crashes/1001': '9c2b48dbe04b1cbc649c5ae46ddfdee627aa5e7485ed8b46a09e34b11b488969',
  'partitions/42': 'ece88d01cd44d90b8d1171473da360ddbedbc1d75a29e493101680fac230c396',
  'partitions/1001': '8acc05a981c17cf6a3bbf3e46a347f87c28986eb56ea1fdf3edf2392b5a8b817',
  'clocks/42': 'fa546b4842145673c76d5e4a0ab776fd85bd0871782aa6bb6c892ee805b6df44',
  'clocks/1001': 'bc8b8f5d532a13f09b0b06d317221d6eb960c43f18341b330bc7c088813f71db',
  'tokens/42': '2a83e4a8c2130b31cf1fd4cf5b5ba30a2b6af34bb36b94fb1a54f78be4c5b1ae',
  'tokens/1001': 'b18c8c26632971845ba7ed37cc68fd75c299dbe851acbc41e5084ac94d855e60',
  'network/42': '492577f01dc10fd796cb39f857271586b3403c7091d400b61d1f6f644a39198d',
  'network/1001': '2c77267c7dcd8254762590126801905a0c807450450c2d7228452ef6084eed29',
  'everything/42': '26203a7ed3f1e152ecec04307fac60fedf10d1cc564e685e7feda113a5f51e58',
  'everything/1001': 'f838a69485979ee45e7b84b3dad0d935940f697de7d07174c0d108cd3d02679c',
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
