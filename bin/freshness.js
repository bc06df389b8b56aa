// Whether the compiled CLI (dist/) may run in place of the TypeScript sources: used by bin/sync-lab.js
// at every start, so it stays cheap. In a checkout the build is fresh while no source it was built
// from changed since: dist/build-inputs.json (written by scripts/build.ts) lists the sources esbuild
// read and when it started reading, so the check is one stat per listed file (about 200), no walk of
// the tree. An edit that brings in a new file edits a listed one; a listed file that is gone, or a
// missing or unreadable list, means stale.
import { existsSync, readFileSync, statSync } from 'node:fs';

/** True when the build in `${root}dist` lists its inputs and none changed after the build started reading them. */
export function buildIsFresh(root) {
  return staleBecause(root) === null;
}

/**
 * Why the build in `${root}dist` is stale (one line naming the file), or null when it is fresh: the
 * same check as buildIsFresh, for messages (the bench says why it did not time the compiled bin).
 */
export function staleBecause(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(`${root}dist/build-inputs.json`, 'utf8'));
  } catch {
    return 'dist/build-inputs.json is missing or unreadable (no build, or one older than the freshness check)';
  }
  if (typeof stamp?.startedAt !== 'number' || !Array.isArray(stamp.inputs)) return 'dist/build-inputs.json lists no inputs and start time';
  for (const path of stamp.inputs) {
    const stat = statSync(`${root}${path}`, { throwIfNoEntry: false });
    if (stat === undefined) return `${path}, which the build read, is gone`;
    if (stat.mtimeMs > stamp.startedAt) return `${path} changed after the build started`;
  }
  return null;
}

/** Whether to run `${root}dist/cli/main.js` (else the sources through tsx). `root` ends with a slash. */
export function useCompiled(root, env = process.env) {
  return whyNotCompiled(root, env) === null;
}

/** Why bin/sync-lab.js would run the sources instead of the compiled CLI (one line), or null when it runs the compiled one. */
export function whyNotCompiled(root, env = process.env) {
  if (env.SYNC_LAB_FROM_SOURCES === '1') return 'SYNC_LAB_FROM_SOURCES=1 asks for the sources';
  if (!existsSync(`${root}dist/cli/main.js`)) return 'dist/cli/main.js is missing (not built)';
  if (!existsSync(`${root}src`)) return null; // the installed package ships no sources
  const stale = staleBecause(root);
  return stale === null ? null : `the build in dist/ is stale: ${stale}`;
}
