/**
 * vitest integration: `import 'sync-lab/vitest'` (e.g. in a setup file) adds the matchers
 * `toConverge()`, `toHaveNoViolations()` and `toHoldProperty(checkerId)` to `expect`, and
 * `attachReplay(run, context)` turns a failed run into a replay file attached to the test's output.
 */
// @ts-nocheck

import { expect } from 'vitest';
import type { CheckedRun, CheckerId } from '../api/index.ts';
import { saveReplay, toConverge, toHaveNoViolations, toHoldProperty } from './matchers.ts';

export { saveReplay, toConverge, toHaveNoViolations, toHoldProperty };

expect.extend({ toConverge, toHaveNoViolations, toHoldProperty });

interface SyncLabMatchers<R = unknown> {
  toConverge(): R;
  toHaveNoViolations(): R;
  toHoldProperty(checker: CheckerId): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends SyncLabMatchers<T> {}
}

/** The part of vitest's test context this needs (`test('…', async ({ annotate }) => …)`). */
export interface AnnotatingContext {
  annotate(message: string, type?: string, attachment?: { path?: string; body?: string; contentType?: string }): Promise<unknown>;
}

/**
 * When the run violated something: writes its replay file, attaches it to the test (the default
 * reporter prints it under the failure, the HTML/JUnit reporters keep the file) and returns the
 * path; when it held, does nothing and returns null.
 */
export async function attachReplay(run: CheckedRun, context: AnnotatingContext, opts: { dir?: string; reconciler?: string } = {}): Promise<string | null> {
  if (run.violations.length === 0) return null;
  const path = saveReplay(run, opts);
  await context.annotate(`sync-lab replay file: npx sync-lab replay ${path}`, 'error', { path, contentType: 'application/json' });
  return path;
}
