/**
 * Trace hashes pinned for a handful of seeds under the default options and fault mixes like the
 * swarm profiles' (written out here, so editing a profile file does not move a pin). Moving code (layout, the World split) must leave every pin as it is; a change that alters
 * the simulator's behaviour on purpose updates the pins in its own commit and says why.
 * `PRINT_PINS=1 npx vitest run tests/sim/trace-hash-pins.spec.ts` prints the current values.
 */
import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';

const PINS: Readonly<Record<string, string>> = {
  'run/42': '63b88b190b1446f386cc691dd6919898e675161df60611175efa60c3142911ed',
  'run/1001': '3c298cf9c98ad773e0f69c371f37f5c7ff0bbb50a34bad1deee7f2fbf2fd5e4f',
  'crashes/42': '0da7bd31c60c7a35bb53cd062545c4a4726c83fbb476e21ecafad96c8c5d2ba5',
  'crashes/1001': '8a357d52608f70165e9379de9d9761eb8dc6c7cc4aa737bb121123dbb008e13e',
  'partitions/42': 'd30e6c5f3aa537fba03933537a2e3046425a99fd6d48b8cdb0789a899666b467',
  'partitions/1001': 'cdec03ff0c0c67f47b3ba097cd9bb7402fe87bca8a0bd6b764668aecd7d7bf3f',
  'clocks/42': '0bbc8fa7ef80bfa5a8eec5ae7d73190fcec08c3de6b7143780b8947e6662e749',
  'clocks/1001': '9650f7487e46a2eab98dc080dc9f1c050f0afb75a78a87f8ceb5c058582a1376',
  'tokens/42': 'bc425f68cf1ac8bdddcad390f36f116497e782c6982b7a952e75665d86ef101f',
  'tokens/1001': 'b510efd0857fc743daaad3544c572dbc82ccad25b944f4859fcd6db7a873e89f',
  'network/42': '648e32cc185e52e06c8c2cf33f983f480c138bd79c9fe21f59c74a388d6c6aa5',
  'network/1001': '7b2eb9d1c693a1c33943144ec6a6639bdfd243bd90d65da60afc398ecb2bd045',
  'everything/42': '28008da838dec70ba32e25aa43d6c207b98781b4fbd5477b5435d7c05017f250',
  'everything/1001': 'ca0d98923187f266d8f860b50bbf2374865ca720db9e1b67e66c43299919561a',
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
