#!/usr/bin/env node
// Entry point for `npx sync-lab`. The installed package runs the compiled CLI (dist/, built by the
// `prepare` script) with plain Node: it starts in a fraction of the time tsx needs to compile the
// sources. In a checkout the compiled CLI is used only while it is at least as new as every source
// file (a stale dist/ after an edit would run old code); otherwise, or with SYNC_LAB_FROM_SOURCES=1,
// tsx runs the TypeScript sources, which stay the truth.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const compiled = `${root}dist/cli/main.js`;

/** The newest modification time among the files of these folders (0 when none exist). */
function newest(dirs) {
  let latest = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) latest = Math.max(latest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
    }
  }
  return latest;
}

function useCompiled() {
  if (process.env.SYNC_LAB_FROM_SOURCES === '1' || !existsSync(compiled)) return false;
  if (!existsSync(`${root}src`)) return true; // the installed package ships no sources
  return statSync(compiled).mtimeMs >= newest([`${root}src`, `${root}models`, `${root}visualizer/src`]);
}

if (useCompiled()) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
