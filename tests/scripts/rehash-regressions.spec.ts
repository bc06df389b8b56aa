// scripts/rehash-regressions.ts re-records a replay file's trace hash after a deliberate simulator
// change: only for a file that still reproduces its recorded violation, and nothing else in it moves.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve('scripts/rehash-regressions.ts');
const TSX = resolve('node_modules/.bin/tsx');
// Version 1: its engine path is relative to the working directory, so a copy elsewhere still finds it.
const REGRESSION = resolve('simulations/regressions/accepts-bad-input--input-refusal.json');
const OTHER_HASH = `v2:${'0'.repeat(64)}`;

function copyWith(change: (file: Record<string, unknown>) => void): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sync-lab-rehash-')), 'regression.json');
  copyFileSync(REGRESSION, path);
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(file);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}

const rehash = (path: string) => spawnSync(TSX, [SCRIPT, path], { encoding: 'utf8' });

describe('scripts/rehash-regressions.ts', () => {
  it('re-records the hash of a file that still reproduces its violation, changing nothing else', () => {
    const path = copyWith((f) => (f['traceHash'] = OTHER_HASH));
    const run = rehash(path);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${OTHER_HASH} -> `);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(REGRESSION, 'utf8'));
    const again = rehash(path);
    expect(again.stdout).toContain('hash matches, unchanged');
  });

  it('refuses, leaving it byte for byte, a file that no longer reproduces its checker (exit 1)', () => {
    const path = copyWith((f) => {
      f['checker'] = 'convergence';
      f['traceHash'] = OTHER_HASH;
    });
    const before = readFileSync(path, 'utf8');
    const run = rehash(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no longer reproduces convergence; left as it was \(shrink it again\)/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a file it cannot read, or no file at all, with exit 2 and the reason', () => {
    const missing = rehash(join(tmpdir(), 'no-such-regression.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-regression\.json/);
    const none = spawnSync(TSX, [SCRIPT], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/name the replay files/);
  });
});
