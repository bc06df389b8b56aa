// @ts-nocheck
// Whether the compiled CLI (dist/) may run in place of the TypeScript sources: used by bin/sync-lab.js
// at every start, so it stays cheap. In a checkout the build is fresh while no source it was built
// from changed since: dist/build-inputs.json (written by scripts/build.ts) lists the sources esbuild
// read and when it started reading, so the check is one stat per listed file (about 200), no walk of
// the tree. An edit that brings in a new file edits a listed one; a listed file that is gone, or a
// missing or unreadable list, means stale.
import { existsSync, readFileSync, statSync } from 'node:fs';

/** True when the build in `${root}dist` lists its inputs and none changed after the build started reading them. */
export function buildIsFresh(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(`${root}dist/build-inputs.json`, 'utf8'));
  } catch {
    return false;
  }
  if (typeof stamp?.startedAt !== 'number' || !Array.isArray(stamp.inputs)) return false;
  for (const path of stamp.inputs) {
    const stat = statSync(`${root}${path}`, { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > stamp.startedAt) return false;
  }
  return true;
}

/** Whether to run `${root}dist/cli/main.js` (else the sources through tsx). `root` ends with a slash. */
export function useCompiled(root, env = process.env) {
  if (env.SYNC_LAB_FROM_SOURCES === '1' || !existsSync(`${root}dist/cli/main.js`)) return false;
  if (!existsSync(`${root}src`)) return true; // the installed package ships no sources
  return buildIsFresh(root);
}
