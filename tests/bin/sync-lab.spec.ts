/**
 * bin/sync-lab.js picks what to run: the compiled CLI while no source the build lists in
 * dist/build-inputs.json changed after the build started (or no sources are shipped), the TypeScript
 * sources through tsx otherwise or when asked.
 * Exercised on a copy of the bin beside stand-in entry points that say which one ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: bin/ is plain JavaScript without declarations
import { whyNotCompiled } from '../../bin/freshness.js';

const ROOT = join(import.meta.dirname, '../..');
// Inside the repository (so the copy resolves tsx as the real bin does), outside node_modules (tsx
// compiles nothing there); the name matches .gitignore's temporary-file pattern.
const FAKE = join(ROOT, `.sync-lab-bin.tmp-${process.pid}`);
const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = new Date('2026-02-01T00:00:00Z');

function which(env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [join(FAKE, 'bin/sync-lab.js')], { encoding: 'utf8', env: { ...process.env, SYNC_LAB_FROM_SOURCES: '', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('bin/sync-lab.js', () => {
  afterAll(() => rmSync(FAKE, { recursive: true, force: true }));

  beforeEach(() => {
    rmSync(FAKE, { recursive: true, force: true });
    for (const dir of ['bin', 'dist/cli', 'src/cli', 'models']) mkdirSync(join(FAKE, dir), { recursive: true });
    for (const f of ['sync-lab.js', 'freshness.js']) copyFileSync(join(ROOT, 'bin', f), join(FAKE, 'bin', f));
    writeFileSync(join(FAKE, 'dist/cli/main.js'), "console.log('compiled');\n");
    writeFileSync(join(FAKE, 'src/cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
    writeFileSync(join(FAKE, 'models/m.ts'), 'export {};\n');
    writeFileSync(join(FAKE, 'dist/build-inputs.json'), JSON.stringify({ startedAt: NEW.getTime(), inputs: ['models/m.ts', 'src/cli/main.ts'] }));
    utimesSync(join(FAKE, 'src/cli/main.ts'), OLD, OLD);
    utimesSync(join(FAKE, 'models/m.ts'), OLD, OLD);
    utimesSync(join(FAKE, 'dist/cli/main.js'), NEW, NEW);
  });

  it('runs the compiled CLI while no listed source changed after the build started', () => {
    expect(which()).toBe('compiled');
  });

  it('runs the sources through tsx once any source is newer than the build (a stale build never runs)', () => {
    utimesSync(join(FAKE, 'models/m.ts'), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(which()).toBe('sources');
  });

  it('compares against the time the build started, not the time its files were written', () => {
    // The bundle was written after the edit, but the build had read the source before it.
    utimesSync(join(FAKE, 'models/m.ts'), new Date('2026-01-15T00:00:00Z'), new Date('2026-01-15T00:00:00Z'));
    writeFileSync(join(FAKE, 'dist/build-inputs.json'), JSON.stringify({ startedAt: new Date('2026-01-10T00:00:00Z').getTime(), inputs: ['models/m.ts'] }));
    expect(which()).toBe('sources');
  });

  it('runs the sources when a listed source is gone, or the build lists no inputs (an older or broken build)', () => {
    rmSync(join(FAKE, 'models/m.ts'));
    expect(which()).toBe('sources');
    writeFileSync(join(FAKE, 'models/m.ts'), 'export {};\n');
    utimesSync(join(FAKE, 'models/m.ts'), OLD, OLD);
    expect(which()).toBe('compiled');
    for (const broken of ['', '{"inputs": []}', '{"startedAt": 1, "inputs": "src"}']) {
      writeFileSync(join(FAKE, 'dist/build-inputs.json'), broken);
      expect(which(), broken).toBe('sources');
    }
    rmSync(join(FAKE, 'dist/build-inputs.json'));
    expect(which()).toBe('sources');
  });

  it('stats only the listed sources: a file outside the list never makes the build stale', () => {
    writeFileSync(join(FAKE, 'src/cli/unlisted.ts'), 'export {};\n');
    expect(which()).toBe('compiled');
  });

  it('runs the sources when SYNC_LAB_FROM_SOURCES=1, and when there is no build', () => {
    expect(which({ SYNC_LAB_FROM_SOURCES: '1' })).toBe('sources');
    rmSync(join(FAKE, 'dist'), { recursive: true });
    expect(which()).toBe('sources');
  });

  it('says why the sources would run, naming the file (the bench prints it instead of a start figure)', () => {
    const why = (env: Record<string, string> = {}) => (whyNotCompiled as (root: string, env: Record<string, string>) => string | null)(`${FAKE}/`, { SYNC_LAB_FROM_SOURCES: '', ...env });
    expect(why()).toBeNull();
    expect(why({ SYNC_LAB_FROM_SOURCES: '1' })).toMatch(/SYNC_LAB_FROM_SOURCES=1/);
    utimesSync(join(FAKE, 'models/m.ts'), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(why()).toBe('the build in dist/ is stale: models/m.ts changed after the build started');
    rmSync(join(FAKE, 'models/m.ts'));
    expect(why()).toBe('the build in dist/ is stale: models/m.ts, which the build read, is gone');
    rmSync(join(FAKE, 'dist/build-inputs.json'));
    expect(why()).toMatch(/^the build in dist\/ is stale: dist\/build-inputs\.json is missing or unreadable/);
    rmSync(join(FAKE, 'dist'), { recursive: true });
    expect(why()).toBe('dist/cli/main.js is missing (not built)');
  });

  it('runs the compiled CLI in an installed package, which ships no sources', () => {
    rmSync(join(FAKE, 'src'), { recursive: true });
    rmSync(join(FAKE, 'models'), { recursive: true });
    expect(which()).toBe('compiled');
  });
});
