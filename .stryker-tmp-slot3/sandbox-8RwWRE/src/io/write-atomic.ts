/**
 * The one way sync-lab writes a result: text, bytes or JSON to a temporary sibling that is renamed
 * over the target only once it is complete, so a reader (or a user after a crash or Ctrl-C) sees the
 * old file or the new one, never half of one. Folders use the same idea: see `output-dir.ts`.
 */
// @ts-nocheck

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** A name next to `path` that no other writer (process or call) uses at the same time. */
export function temporarySibling(path: string, purpose: string): string {
  counter += 1;
  // Cut long names so the sibling's name stays within the file system's 255-byte limit.
  return join(dirname(path), `.${basename(path).slice(0, 120)}.${purpose}-${process.pid}-${counter}`);
}

export function writeTextAtomic(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = temporarySibling(path, 'tmp');
  try {
    writeFileSync(temp, contents);
    renameSync(temp, path);
  } catch (error) {
    // Leaves the target as it was and no temporary file behind.
    rmSync(temp, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline (the format every sync-lab JSON file uses). */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
