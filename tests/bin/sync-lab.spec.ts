/**
 * bin/sync-lab.js picks what to run: the compiled CLI when it is at least as new as every source
 * file (or no sources are shipped), the TypeScript sources through tsx otherwise or when asked.
 * Exercised on a copy of the bin beside stand-in entry points that say which one ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

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
    copyFileSync(join(ROOT, 'bin/sync-lab.js'), join(FAKE, 'bin/sync-lab.js'));
    writeFileSync(join(FAKE, 'dist/cli/main.js'), "console.log('compiled');\n");
    writeFileSync(join(FAKE, 'src/cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
    writeFileSync(join(FAKE, 'models/m.ts'), 'export {};\n');
    utimesSync(join(FAKE, 'src/cli/main.ts'), OLD, OLD);
    utimesSync(join(FAKE, 'models/m.ts'), OLD, OLD);
    utimesSync(join(FAKE, 'dist/cli/main.js'), NEW, NEW);
  });

  it('runs the compiled CLI while it is newer than every source', () => {
    expect(which()).toBe('compiled');
  });

  it('runs the sources through tsx once any source is newer than the build (a stale build never runs)', () => {
    utimesSync(join(FAKE, 'models/m.ts'), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(which()).toBe('sources');
  });

  it('runs the sources when SYNC_LAB_FROM_SOURCES=1, and when there is no build', () => {
    expect(which({ SYNC_LAB_FROM_SOURCES: '1' })).toBe('sources');
    rmSync(join(FAKE, 'dist'), { recursive: true });
    expect(which()).toBe('sources');
  });

  it('runs the compiled CLI in an installed package, which ships no sources', () => {
    rmSync(join(FAKE, 'src'), { recursive: true });
    rmSync(join(FAKE, 'models'), { recursive: true });
    expect(which()).toBe('compiled');
  });
});
