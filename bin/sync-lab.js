#!/usr/bin/env node
// Entry point for `npx sync-lab`. The installed package runs the compiled CLI (dist/, built by the
// `prepare` script) with plain Node: it starts in a fraction of the time tsx needs to compile the
// sources. In a checkout the compiled CLI is used only while no source it was built from has changed
// since (a stale dist/ after an edit would run old code); otherwise, or with SYNC_LAB_FROM_SOURCES=1,
// tsx runs the TypeScript sources, which stay the truth.
//
// The check stats only the files the build lists in dist/build-inputs.json (the sources esbuild read,
// written by scripts/build.ts): about 200 stat calls, no walk of the tree. An edit that brings in a new
// file edits a listed one; a listed file that is gone, or a missing or unreadable list, means stale.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const compiled = `${root}dist/cli/main.js`;

/** True when the build lists its inputs and none of them changed after the build started reading. */
function buildIsFresh() {
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

function useCompiled() {
  if (process.env.SYNC_LAB_FROM_SOURCES === '1' || !existsSync(compiled)) return false;
  if (!existsSync(`${root}src`)) return true; // the installed package ships no sources
  return buildIsFresh();
}

if (useCompiled()) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
