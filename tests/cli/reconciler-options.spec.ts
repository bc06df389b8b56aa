/**
 * `--reconciler-options` and module paths in replay files, end to end through the CLI: an engine
 * whose options pick its merge rule (one of them deliberately broken) explored on worker threads;
 * the replay file records the options and a module path relative to itself, so after the whole
 * project folder moves, a replay from another cwd finds the module and reproduces the finding with
 * no extra file. Old files with absolute paths still load; a refused value names the file and field.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './_internals/cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const ENGINE = `// Picks its merge rule from its options: "last-arrival" is broken on purpose.
import { defaultReconciler } from '${ROOT}/src/reconciler/index.ts';
import lastArrival from '${ROOT}/tests/fixtures/explore-broken/last-arrival-wins.ts';
import type { ReconcilerModule, ReconcilerOptions } from '${ROOT}/src/api/index.ts';

const pick = (o: ReconcilerOptions) => ((o.engineOptions as { mergeRule: string }).mergeRule === 'lww' ? defaultReconciler : lastArrival);
const engine: ReconcilerModule = {
  name: 'picky',
  parseOptions(value: unknown) {
    const rule = (value as { mergeRule?: unknown } | undefined)?.mergeRule;
    if (rule !== 'lww' && rule !== 'last-arrival') throw new Error('field "mergeRule": expected "lww" or "last-arrival", got ' + JSON.stringify(rule));
    return { mergeRule: rule };
  },
  create: (o) => pick(o).create(o),
  restore: (s, o, now) => pick(o).restore(s, o, now),
};
export default engine;
`;

let base = '';
let project = '';

describe('--reconciler-options and replay paths', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'sync-lab-options-'));
    project = join(base, 'project');
    mkdirSync(join(project, 'engines'), { recursive: true });
    writeFileSync(join(project, 'engines', 'picky.ts'), ENGINE);
    writeFileSync(join(project, 'good.json'), '{ "mergeRule": "lww" }');
    writeFileSync(join(project, 'broken.yaml'), 'mergeRule: last-arrival\n');
    writeFileSync(join(project, 'wrong.json'), '{ "mergeRule": "first" }');
  });

  it('explores with the options on worker threads and records them in the summary', () => {
    const r = cli(['explore', '--reconciler', './engines/picky.ts', '--reconciler-options', 'good.json', '--seeds', '24', '--workers', '2', '--out', 'good-results', '--json'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reconciler: 'picky', reconcilerOptions: { mergeRule: 'lww' }, seedsRun: 24, failures: [] });
  }, 120_000);

  it('refuses options the module refuses: exit 2 naming the file and the field', () => {
    const r = cli(['run', '--seed', '1', '--reconciler', './engines/picky.ts', '--reconciler-options', 'wrong.json'], project);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('sync-lab: run: --reconciler-options: wrong.json: field "mergeRule": expected "lww" or "last-arrival", got "first" (the parseOptions of picky)');
    const none = cli(['run', '--seed', '1', '--reconciler', './engines/picky.ts'], project);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no --reconciler-options given: field "mergeRule"');
  }, 60_000);

  it('a replay file records the options and a path relative to itself: moved with its project, it replays from any cwd', () => {
    const r = cli(['explore', '--reconciler', './engines/picky.ts', '--reconciler-options', 'broken.yaml', '--seeds', '60', '--workers', '1', '--fail-fast', '--out', 'results', '--json'], project);
    expect(r.code, r.stderr).toBe(1);
    const failure = (JSON.parse(r.stdout) as { failures: { checker: string; replayFile: string | null }[] }).failures.find((f) => f.replayFile !== null)!;
    expect(['lww-winner', 'no-silent-rollback', 'convergence']).toContain(failure.checker);
    const name = failure.replayFile!.split(/[\\/]/).at(-1)!;
    const file = JSON.parse(readFileSync(join(project, 'results', name), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ version: 2, reconciler: '../engines/picky.ts', reconcilerOptions: { mergeRule: 'last-arrival' } });

    const moved = join(base, 'elsewhere', 'moved-project');
    mkdirSync(join(base, 'elsewhere'));
    renameSync(project, moved);
    const otherCwd = mkdtempSync(join(tmpdir(), 'sync-lab-other-cwd-'));
    const again = cli(['replay', join(moved, 'results', name), '--json'], otherCwd);
    expect(again.code, again.stderr).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ reproduced: true, hashMatches: true });
    renameSync(moved, project);

    // --reconciler-options replaces the recorded options: with the correct rule the finding is gone.
    // (In a wall seed the correct engine still shows what the default profile declares expected there: causal-lww.)
    const fixed = cli(['replay', join('results', name), '--reconciler-options', 'good.json', '--json'], project);
    const fixedOutcome = JSON.parse(fixed.stdout) as { reproduced: boolean; violations: { checker: string }[] };
    expect(fixedOutcome.reproduced, fixed.stderr).toBe(false);
    const allowed = (file['options'] as { stampMode: string }).stampMode === 'wall' ? ['causal-lww'] : [];
    expect(fixedOutcome.violations.filter((v) => !allowed.includes(v.checker))).toEqual([]);
    expect(fixed.code).toBe(fixedOutcome.violations.length === 0 ? 0 : 1);

    // A file written before (version 1, an absolute module path) still loads and reproduces.
    const old = { ...file, version: 1, reconciler: join(project, 'engines', 'picky.ts') };
    writeFileSync(join(otherCwd, 'old.json'), JSON.stringify(old));
    const oldRun = cli(['replay', 'old.json', '--json'], otherCwd);
    expect(oldRun.code, oldRun.stderr).toBe(1);
    expect(JSON.parse(oldRun.stdout)).toMatchObject({ reproduced: true, hashMatches: true });
  }, 180_000);

  it('merge refuses shards explored with different options', () => {
    const a = join(base, 'shard-a.json');
    const b = join(base, 'shard-b.json');
    const shard = (index: number, reconcilerOptions: unknown) => ({ profile: 'default', reconciler: 'picky', reconcilerOptions, from: 1, seeds: 2, shard: `${index}/2`, workers: 1, seedsRun: 1, wallMs: 1, eventsTotal: 1, notConverged: 0, failures: [] });
    writeFileSync(a, JSON.stringify(shard(0, { mergeRule: 'lww' })));
    writeFileSync(b, JSON.stringify(shard(1, { mergeRule: 'last-arrival' })));
    const r = cli(['merge', a, b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('field "reconcilerOptions" is {"mergeRule":"last-arrival"} but');
    cpSync(a, b);
    writeFileSync(b, JSON.stringify(shard(1, { mergeRule: 'lww' })));
    expect(cli(['merge', a, b]).code).toBe(0);
  }, 60_000);
});
