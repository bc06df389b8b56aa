/**
 * `npm pack` of this project (which runs the build through `prepare`), once per test file: the
 * package tests and the README walkthrough share one tarball, and two packs never build dist/ at
 * the same time (they run in one file, one after the other).
 */
// @ts-nocheck

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let packed: { dir: string; tarball: string } | null = null;

/** The folder holding the tarball, and its file name. */
export function packOnce(): { dir: string; tarball: string } {
  if (packed) return packed;
  const dir = mkdtempSync(join(tmpdir(), 'sync-lab-pack-'));
  execFileSync(NPM, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  packed = { dir, tarball: readdirSync(dir).find((f) => f.endsWith('.tgz'))! };
  return packed;
}
