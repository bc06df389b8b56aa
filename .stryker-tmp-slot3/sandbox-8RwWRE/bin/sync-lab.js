#!/usr/bin/env node
// @ts-nocheck
// Entry point for `npx sync-lab`. The installed package runs the compiled CLI (dist/, built by the
// `prepare` script) with plain Node: it starts in a fraction of the time tsx needs to compile the
// sources. In a checkout the compiled CLI is used only while no source it was built from has changed
// (a stale dist/ after an edit would run old code; see freshness.js); otherwise, or with
// SYNC_LAB_FROM_SOURCES=1, tsx runs the TypeScript sources, which stay the truth.
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { useCompiled } from './freshness.js';

// Node 22.1+ keeps V8's compiled code on disk between starts (in the OS temporary folder; Node's own
// NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20, which this project runs on, has no such call.
module.enableCompileCache?.();

const root = fileURLToPath(new URL('../', import.meta.url));

if (useCompiled(root)) {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
