// @ts-nocheck
// merge checks what it merges: shards of one run only (exit 2 otherwise), none twice, each complete;
// missing shards are exit 1 naming them, or a partial result that says so with --allow-partial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/cli/merge.ts';
import { seedsOf } from '../../src/explore/shard.ts';
import { cli } from './_internals/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-merge-'));

/** The JSON explore writes for shard index/count of --seeds 12 --from 1 (with overrides), saved to a file. */
function shardFile(index: number, count: number, overrides: Record<string, unknown> = {}, name = `s-${index}-of-${count}-${Object.keys(overrides).join('-')}.json`): string {
  const from = (overrides['from'] as number | undefined) ?? 1;
  const seeds = seedsOf(from, 12, { index, count });
  const summary = {
    profile: 'default',
    reconciler: 'default',
    from,
    seeds: 12,
    shard: `${index}/${count}`,
    workers: 1,
    seedsRun: seeds.length,
    wallMs: 100,
    seedsPerSecond: 60,
    eventsTotal: 1000,
    notConverged: 0,
    failures: [],
    hashes: Object.fromEntries(seeds.map((s) => [String(s), `v2:${s.toString(16).padStart(64, '0')}`])),
    ...overrides,
  };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(summary));
  return path;
}

describe('merge', () => {
  it('merges every shard of one run into a complete summary', () => {
    const { summary, missingShards } = mergeShards([shardFile(1, 3), shardFile(0, 3), shardFile(2, 3)]);
    expect(missingShards).toEqual([]);
    expect(summary).toMatchObject({ seedsRun: 12, seeds: 12, from: 1, shards: ['0/3', '1/3', '2/3'], partial: false });
    expect(Object.keys(summary.hashes!)).toHaveLength(12);
  });

  it('carries the checkers the shards could not judge (they agree on them)', () => {
    const notJudged = [{ checker: 'exposure-metadata', reason: "the engine speaks its own protocol (ledger) and ..." }];
    const { summary } = mergeShards([shardFile(0, 2, { notJudged }, 'nj-0.json'), shardFile(1, 2, { notJudged }, 'nj-1.json')]);
    expect(summary.notJudged).toEqual(notJudged);
    expect(mergeShards([shardFile(0, 1)]).summary).not.toHaveProperty('notJudged'); // written before it was recorded: not invented
  });

  it('carries the knobs the shards ran at 0 for the engine (notDrawn), and refuses shards that disagree on them', () => {
    const notDrawn = [{ option: 'partialApplyPercent', profileMax: 30, reason: 'engine ledger brings its own server (ledger-protocol); ...' }];
    const { summary } = mergeShards([shardFile(0, 2, { notDrawn }, 'nd-0.json'), shardFile(1, 2, { notDrawn }, 'nd-1.json')]);
    expect(summary.notDrawn).toEqual(notDrawn);
    expect(mergeShards([shardFile(0, 1)]).summary).not.toHaveProperty('notDrawn'); // written before it was recorded: not invented
    expect(() => mergeShards([shardFile(0, 2, { notDrawn }, 'nd-a.json'), shardFile(1, 2, { notDrawn: [] }, 'nd-b.json')])).toThrow(/field "notDrawn" is \[\] but .* has \[.*partialApplyPercent/);
  });

  it('refuses shards of different runs, naming the file and the field (exit 2)', () => {
    const a = shardFile(0, 2);
    expect(() => mergeShards([a, shardFile(1, 2, { seeds: 20, seedsRun: 6 })])).toThrow(/field "seeds" is 20 but .* has 12; merge only the shards of one explore run/);
    expect(() => mergeShards([a, shardFile(1, 2, { from: 100 })])).toThrow(/field "from" is 100 but .* has 1/);
    expect(() => mergeShards([a, shardFile(1, 2, { profile: 'crashes' })])).toThrow(/field "profile" is "crashes"/);
    expect(() => mergeShards([a, shardFile(1, 2, { reconciler: 'other' })])).toThrow(/field "reconciler" is "other"/);
    expect(() => mergeShards([a, shardFile(1, 2, { notJudged: [{ checker: 'exposure-metadata', reason: 'own protocol' }] })])).toThrow(/field "notJudged" is \[.*exposure-metadata/);
    expect(() => mergeShards([a, shardFile(1, 3)])).toThrow(/field "shard" is 1\/3, a split into 3, but .* is a split into 2/);
    expect(() => mergeShards([a, shardFile(0, 2, {}, 'copy.json')])).toThrow(/shard 0\/2 is given twice/);
    expect(() => mergeShards([a, shardFile(1, 2, { seedsRun: 2 })])).toThrow(/field "seedsRun" is 2, but shard 1\/2 of --seeds 12 --from 1 has 6 seeds/);
    expect(() => mergeShards([a, shardFile(1, 2, { seeds: undefined })])).toThrow(/field "seeds"/);
  });

  it('takes v1 hashes (summaries written before v2) and v2 hashes, but never mixed in one merge (exit 2, naming the seed)', () => {
    const v1 = (index: number, name: string) => shardFile(index, 2, { hashes: Object.fromEntries(seedsOf(1, 12, { index, count: 2 }).map((s) => [String(s), 'a'.repeat(64)])) }, name);
    expect(Object.values(mergeShards([v1(0, 'v1-0.json'), v1(1, 'v1-1.json')]).summary.hashes!)).toEqual(Array(12).fill('a'.repeat(64)));
    expect(() => mergeShards([shardFile(0, 2), v1(1, 'v1-1.json')])).toThrow(/v1-1\.json: field "hashes\.2": a trace hash v1, but .* has v2 hashes/);
    expect(() => mergeShards([shardFile(0, 2, { hashes: { '1': 'h1' } }, 'bad-hash.json')])).toThrow(/field "hashes\.1": expected a trace hash/);
  });

  it('reports missing shards: exit 1 naming them; --allow-partial merges and says partial on stderr and in the output (CLI)', () => {
    const files = [shardFile(0, 4), shardFile(2, 4)];
    const refused = cli(['merge', ...files]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('merge: missing shard(s) 1/4, 3/4 of 4; nothing merged (give every shard\'s file, or --allow-partial to merge what is there)\n');
    const partial = cli(['merge', '--allow-partial', ...files]);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/merge: partial result: missing shard\(s\) 1\/4, 3\/4 of 4/);
    expect(JSON.parse(partial.stdout)).toMatchObject({ partial: true, missingShards: ['1/4', '3/4'], seedsRun: 6 });
    const mismatched = cli(['merge', shardFile(0, 2), shardFile(1, 2, { from: 7 })]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toMatch(/^sync-lab: merge: .*field "from" is 7/);
  });
});
