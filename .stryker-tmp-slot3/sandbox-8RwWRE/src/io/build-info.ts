/**
 * Where this code runs from: the TypeScript sources (tsx, vitest) or the compiled package (`dist/`,
 * built by scripts/build.ts, which defines `__SYNC_LAB_BUILD__`). The compiled package ships the
 * explore worker and the visualizer app prebuilt; the sources build them on demand.
 */
// @ts-nocheck

import { fileURLToPath } from 'node:url';

declare const __SYNC_LAB_BUILD__: boolean | undefined;

/** True only in the bundles of dist/ (esbuild replaces the identifier); false under tsx and vitest. */
export const COMPILED: boolean = typeof __SYNC_LAB_BUILD__ === 'boolean' && __SYNC_LAB_BUILD__;

/**
 * The package root. Every source file and every bundle sits two folders below it (src/<floor>/x.ts,
 * dist/<entry>/x.js, dist/chunks/x.js), so the same relative URL names it from both.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A file the build put beside the running bundle (only meaningful when COMPILED). Every bundle sits
 * one folder below the build's root (dist/cli/, dist/chunks/, dist/api/), so `../` names that root
 * wherever the build was written (dist/, or a test's own build folder).
 */
export function distFile(relativePath: string): string {
  return fileURLToPath(new URL(`../${relativePath}`, import.meta.url));
}
