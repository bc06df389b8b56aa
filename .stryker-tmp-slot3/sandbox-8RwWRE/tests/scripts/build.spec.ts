/**
 * The compiled CLI (scripts/build.ts's bundles, without the slow declarations) written to a folder of
 * this test's own in the package root, then run with plain Node as the bin runs dist/cli/main.js:
 * the help is the sources' help, each command loads only its own code, and every command still runs.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, buildBundles } from '../../scripts/build.ts';

const ROOT = join(import.meta.dirname, '../..');
// Directly in the package root, as dist/ is (the bundles find simulations/ two folders up); the name
// matches .gitignore's temporary-file pattern.
const OUT = join(ROOT, `.sync-lab-build.tmp-${process.pid}`);
const MAIN = join(OUT, 'cli/main.js');
let work = '';

// Writes the URL of every module Node loads to fd 3.
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { writeSync } from 'node:fs';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (u) => urls.push(u)); port1.unref();
register('data:text/javascript,' + encodeURIComponent("let port; export function initialize(d) { port = d.port; } export async function load(url, ctx, next) { port.postMessage(url); return next(url, ctx); }"), { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => writeSync(3, JSON.stringify(urls)));
`)}`;

function compiled(args: string[], opts: { modules?: boolean; cwd?: string } = {}): { code: number; stdout: string; stderr: string; modules: string[] } {
  const r = spawnSync(process.execPath, [...(opts.modules ? ['--import', HOOK] : []), MAIN, ...args], { cwd: opts.cwd ?? work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  const modules = opts.modules ? (JSON.parse(String(r.output[3])) as string[]) : [];
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, modules };
}

function sources(args: string[]): { code: number; stdout: string; stderr: string } {
  // The bin registers tsx itself (resolved from the package, not from the working folder).
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/sync-lab.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', SYNC_LAB_FROM_SOURCES: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The command chunks a run loaded (esbuild names a command's chunk after its module: run-HASH.js). */
const commandChunks = (modules: string[]) => modules.map((u) => /\/cli\/([a-z]+)-[A-Z0-9]+\.js$/.exec(u)?.[1]).filter((n) => n !== undefined && n !== 'chunk');

describe('the compiled CLI', () => {
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    await buildBundles(OUT);
    work = mkdtempSync(join(tmpdir(), 'sync-lab-build-'));
  }, 300_000);
  afterAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists the sources it was built from, for the bin freshness check', () => {
    const stamp = JSON.parse(readFileSync(join(OUT, BUILD_INPUTS), 'utf8')) as { startedAt: number; inputs: string[] };
    expect(stamp.inputs).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/cli/run.ts', 'models/device.ts', 'visualizer/src/style.css']));
    for (const path of stamp.inputs) expect(existsSync(join(ROOT, path)), path).toBe(true);
    expect(stamp.inputs.some((p) => p.includes('node_modules'))).toBe(false);
  });

  it('prints the same help as the sources, top level and per command', () => {
    for (const args of [['--help'], ['help'], ['help', 'run'], ['run', '--help'], ['schema', '--help']]) {
      const a = compiled(args);
      const b = sources(args);
      expect(a.stdout, args.join(' ')).toBe(b.stdout);
      expect(a.code, args.join(' ')).toBe(b.code);
    }
    expect(compiled(['--help']).stdout).toMatch(/Commands:[\s\S]*run \[options\] \[scenario\][\s\S]*schema <name>/);
  });

  it('an unknown command and no command at all are answered as by the sources (exit 2, the full list)', () => {
    for (const args of [['rnu'], []]) {
      const a = compiled(args);
      const b = sources(args);
      expect(a.code, args.join(' ')).toBe(2);
      expect(a.stderr, args.join(' ')).toBe(b.stderr);
    }
  });

  it('--help loads no command and no dependency but what the help needs; a command loads only its own', () => {
    const help = compiled(['--help'], { modules: true });
    expect(help.code).toBe(0);
    expect(commandChunks(help.modules)).toEqual([]);
    expect(help.modules.filter((u) => u.includes('node_modules'))).toEqual([]);
    expect(help.modules.filter((u) => u.startsWith('file:')).length).toBeLessThanOrEqual(3);
    const run = compiled(['run', '--seed', '1'], { modules: true });
    expect(run.code, run.stderr).toBe(0);
    expect(commandChunks(run.modules)).toEqual(['run']);
    // Its dependencies are bundled in (zod alone was 95 modules).
    expect(run.modules.filter((u) => u.includes('node_modules'))).toEqual([]);
  });

  it('run gives the trace hash the sources give; check, viz, replay, demo and schema run', () => {
    const a = compiled(['run', '--seed', '3', '--json', '--trace', 'run.jsonl', '--perfetto', 'run.perfetto.json', '--junit', 'run.xml']);
    const b = sources(['run', '--seed', '3', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).traceHash).toBe(JSON.parse(b.stdout).traceHash);
    expect(compiled(['check', 'run.jsonl', '--json']).code).toBe(0);
    const viz = compiled(['viz', 'run.jsonl', '-o', 'run.html']);
    expect(viz.code, viz.stderr).toBe(0);
    expect(readFileSync(join(work, 'run.html'), 'utf8')).toContain('id="trace-data"');
    const regression = readdirSync(join(ROOT, 'simulations/regressions')).find((f) => f.endsWith('.json')) as string;
    // Replay files name their broken reconciler relative to the package root.
    const replay = compiled(['replay', join('simulations/regressions', regression), '--json'], { cwd: ROOT });
    expect(JSON.parse(replay.stdout), replay.stderr).toMatchObject({ reproduced: true });
    expect(compiled(['demo']).code).toBe(0);
    const schema = compiled(['schema', 'scenario']);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toBe(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8'));
  }, 120_000);

  it('explore runs seeds on worker threads from the build\'s own prebuilt worker, and merge combines its result', () => {
    const explore = compiled(['explore', '--seeds', '4', '--workers', '2', '--out', 'ex', '--json']);
    expect(explore.code, explore.stderr).toBe(0);
    expect(JSON.parse(explore.stdout)).toMatchObject({ seedsRun: 4, failures: [] });
    const shard = readdirSync(join(work, 'ex')).find((f) => f.endsWith('.json')) as string;
    const merge = compiled(['merge', join('ex', shard)]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(JSON.parse(merge.stdout)).toMatchObject({ seedsRun: 4 });
  }, 120_000);

  it('lab, audit and bench run', () => {
    // Slow (about a minute on a loaded 2-core machine): the main job and the report, smallest sizes.
    const lab = compiled(['lab', '--seeds', '2', '--workers', '1', '--out', 'lab']);
    expect(lab.code, lab.stderr).toBe(0);
    expect(existsSync(join(work, 'lab/index.html'))).toBe(true);
    const audit = compiled(['audit', '--swarm-seeds', '0', '--out', 'audit', '--json']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(existsSync(join(work, 'audit/audit.md'))).toBe(true);
    const bench = compiled(['bench', '--seeds', '1', '--explore-seeds', '0', '--fixture-runs', '0', '--json']);
    expect(bench.code, bench.stderr).toBe(0);
    expect(JSON.parse(bench.stdout)).toBeTypeOf('object');
  }, 300_000);
});
