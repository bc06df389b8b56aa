// @ts-nocheck
// A folder's full contents (every file's bytes, every folder, recursively, .git included) as one
// comparable map, so a test can assert that a refused command left a user's folder exactly as it was.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const key = `${prefix}${name}`;
      if (statSync(path).isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path, `${key}/`);
      } else {
        out[key] = readFileSync(path).toString('base64');
      }
    }
  };
  walk(root, '');
  return out;
}

/** A folder that looks like a user's git checkout. */
export function makeUserFolder(root: string, write: (path: string, text: string) => void): void {
  write(join(root, 'README.md'), '# my project\n');
  write(join(root, 'notes', 'todo.txt'), 'buy milk\n');
  write(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  write(join(root, '.git', 'objects', 'ab', 'cdef'), 'blob\0binary\u00ff');
}
