// @ts-nocheck
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './_internals/cli.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'sync-lab-cli-'));

describe('sync-lab explore / replay / merge', () => {
  it('explore --json prints one object with the documented fields and exits 0 when nothing fails', () => {
    const out = tmp();
    const r = cli(['explore', '--seeds', '20', '--workers', '2', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ seedsRun: 20, failures: [] });
    expect(summary.seedsPerSecond).toBeGreaterThan(0);
    expect(Object.keys(summary.hashes)).toHaveLength(20);
  });

  it('exits 1 on a broken reconciler, writes a replay file, and replay reproduces it (exit 1)', () => {
    const out = tmp();
    const r = cli(['explore', '--seeds', '10', '--workers', '1', '--reconciler', 'tests/fixtures/explore-broken/leaks-plaintext.ts', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const failure = JSON.parse(r.stdout).failures.find((f: { replayFile: string | null }) => f.replayFile);
    expect(failure.command).toBe(`npx sync-lab replay ${failure.replayFile}`);
    const replay = cli(['replay', failure.replayFile, '--json']);
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.stdout)).toMatchObject({ reproduced: true, hashMatches: true, checker: failure.checker });
  });

  it('merges shards into one summary with the same hashes as an unsplit run', () => {
    const out = tmp();
    const whole = JSON.parse(cli(['explore', '--seeds', '12', '--workers', '1', '--out', out, '--json']).stdout);
    const a = cli(['explore', '--seeds', '12', '--workers', '1', '--shard', '0/2', '--out', join(out, 'a')]);
    const b = cli(['explore', '--seeds', '12', '--workers', '1', '--shards', '2', '--out', join(out, 'b')], undefined);
    expect(a.code).toBe(0);
    expect(b.code).toBe(2); // no index in the environment
    expect(b.stderr).toMatch(/JOB_COMPLETION_INDEX/);
    const c = cli(['explore', '--seeds', '12', '--workers', '1', '--shard', '1/2', '--out', join(out, 'b')]);
    expect(c.code).toBe(0);
    const merged = cli(['merge', join(out, 'a', 'explore-default-shard-0-of-2.json'), join(out, 'b', 'explore-default-shard-1-of-2.json')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ seedsRun: 12, hashes: whole.hashes });
  });

  it('exits 2 with the file and field named on bad input', () => {
    const dir = tmp();
    const badReplay = join(dir, 'replay.json');
    writeFileSync(badReplay, JSON.stringify({ version: 1, seed: 'x' }));
    const r1 = cli(['replay', badReplay]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/replay\.json: field "seed"/);
    const r2 = cli(['explore', '--seeds', '2', '--profile', 'nope']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--profile: "nope" is neither a file nor a built-in profile/);
    const r3 = cli(['explore', '--seeds', '2', '--reconciler', 'no/such/engine.ts']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--reconciler: .*no such file/);
    writeFileSync(join(dir, 'not-shard.json'), '{"hello": 1}');
    const r4 = cli(['merge', join(dir, 'not-shard.json')]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/not-shard\.json: field "profile"/);
    expect(readFileSync(badReplay, 'utf8')).toContain('"x"');
    // A folder sync-lab did not write is refused (exit 2) and left as it was, --force or not.
    writeFileSync(join(dir, 'mine.txt'), 'keep');
    const r5 = cli(['explore', '--seeds', '2', '--out', dir, '--force']);
    expect(r5.code).toBe(2);
    expect(r5.stderr).toMatch(/explore: --out ".*": the folder is not empty \(mine\.txt, not-shard\.json, replay\.json\) and has no \.sync-lab-output marker/);
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('keep');
  });
});
