/**
 * The edge check of every path a user hands in for sync-lab to write (`--out`, `--trace`, `--viz`,
 * `-o`, ...), run before any work starts so a bad path costs nothing and never reaches an internal
 * error. Refused with a UsageError (exit 2) naming the flag, the path and what was expected:
 * anything under /proc, /sys or /dev (writing there can hang forever or reach a device), a path whose
 * existing target is of the wrong kind (a folder, a FIFO, a device), a path under a regular file, and
 * a folder the process may not write into.
 */
// @ts-nocheck

import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UsageError } from './usage-error.ts';

/** Kernel and device file systems: never a place for results. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

export type OutputKind = 'file' | 'folder';

/** The path's stats, null when it does not exist; any other failure (a name too long, a symlink loop, no permission to look) is the path's fault. */
function statOrNull(path: string, refuse: (why: string) => never): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // ENOTDIR: some part of the path is a regular file; reported by the ancestor walk.
    if (code === 'ENOTDIR') return null;
    if (code === 'ENAMETOOLONG') refuse('a name in the path is too long');
    if (code === 'ELOOP') refuse('the path runs into a loop of symbolic links');
    if (code === 'EACCES') refuse(`${path} cannot be looked at (permission denied)`);
    throw error;
  }
}

function underSpecialRoot(path: string): string | undefined {
  return SPECIAL_ROOTS.find((root) => path === root || path.startsWith(`${root}${sep}`));
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFile()) return 'a regular file';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/**
 * Checks that `path` can receive an output of `kind` and returns it resolved. A file must be absent or
 * a regular file; a folder absent or a folder; either way its nearest existing ancestor must be a
 * writable folder outside /proc, /sys and /dev.
 */
export function checkOutputPath(flag: string, path: string, kind: OutputKind): string {
  const expected = kind === 'file' ? 'a regular file or a path that does not exist yet' : 'a folder or a path that does not exist yet';
  const refuse = (why: string): never => {
    throw new UsageError(`${flag} ${JSON.stringify(path)}: ${why}; expected ${expected} in a folder you can write to`);
  };
  if (path.trim() === '') refuse('empty path');
  if (path.includes('\0')) refuse('the path contains a NUL character');
  const absolute = resolve(path);
  const special = underSpecialRoot(absolute);
  if (special) refuse(`${special} is a special file system`);

  const target = statOrNull(absolute, refuse);
  if (target) {
    // Symbolic links may lead into a special file system (/dev/stdout is /proc/self/fd/1).
    const realTarget = realpathSync(absolute);
    const targetSpecial = underSpecialRoot(realTarget);
    if (targetSpecial) refuse(`it leads to ${realTarget}, and ${targetSpecial} is a special file system`);
    if (kind === 'file' && !target.isFile()) refuse(`it is ${describeKind(target)}`);
    if (kind === 'folder' && !target.isDirectory()) refuse(`it is ${describeKind(target)}`);
  }
  // The nearest existing ancestor decides where new entries are created (and renamed into place).
  let ancestor = dirname(absolute);
  let ancestorStats = statOrNull(ancestor, refuse);
  while (!ancestorStats && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    ancestorStats = statOrNull(ancestor, refuse);
  }
  if (!ancestorStats) refuse('no part of the path exists');
  if (!ancestorStats!.isDirectory()) refuse(`${ancestor} is ${describeKind(ancestorStats!)}, not a folder`);
  const real = realpathSync(ancestor);
  const realSpecial = underSpecialRoot(real);
  if (realSpecial) refuse(`${ancestor} leads to ${real}, and ${realSpecial} is a special file system`);
  try {
    accessSync(ancestor, constants.W_OK | constants.X_OK);
  } catch {
    refuse(`${ancestor} is not writable`);
  }
  if (kind === 'folder' && target) {
    // An existing output folder is written into (explore) or replaced through its parent (lab, audit).
    try {
      accessSync(absolute, constants.W_OK | constants.X_OK);
    } catch {
      refuse('the folder is not writable');
    }
  }
  return absolute;
}
