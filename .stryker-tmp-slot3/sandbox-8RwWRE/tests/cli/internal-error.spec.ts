// @ts-nocheck
// Exit 3 is a bug in sync-lab: its first line says so and where to report it, then the stack follows.
import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_HEADLINE, internalErrorReport } from '../../src/cli/internal-error.ts';

describe('internal error report', () => {
  it('says it is a sync-lab bug, where to report it, and gives the stack', () => {
    const error = new TypeError('boom');
    const lines = internalErrorReport(error).split('\n');
    expect(lines[0]).toBe(INTERNAL_ERROR_HEADLINE);
    expect(lines[0]).toMatch(/internal error \(a bug in sync-lab, not in your input\): please open an issue in the sync-lab repository with this output/);
    expect(lines[1]).toBe('TypeError: boom');
    expect(lines.slice(2).some((l) => l.includes('internal-error.spec.ts'))).toBe(true);
  });

  it('reports a thrown non-Error value too', () => {
    expect(internalErrorReport('weird')).toBe(`${INTERNAL_ERROR_HEADLINE}\nthrown value: weird\n`);
  });
});
